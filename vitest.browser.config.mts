import { defineConfig } from 'vitest/config';

/**
 * The real n8n editor in Debian's Chromium (test/browser/): heavier than the e2e suite and needs
 * /usr/bin/chromium, so it runs only on `npm run test:browser`, not in `npm test`, `test:e2e` or CI.
 * The e2e global setup provides the runtime check, a fresh dist/ and the local CA.
 */
export default defineConfig({
	test: {
		environment: 'node',
		include: ['test/browser/**/*.test.mts'],
		globalSetup: ['test/e2e/globalSetup.mts'],
		fileParallelism: false,
		testTimeout: 180_000,
		hookTimeout: 300_000,
		retry: 0,
	},
});
