import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests through the real n8n CLI (scripts/n8n-runtime). Every CLI call boots n8n (5 to 10 s), so
 * timeouts are long, and files run one after the other: each boots n8n several times on a two-core machine.
 */
export default defineConfig({
	test: {
		environment: 'node',
		include: ['test/e2e/**/*.test.mts'],
		globalSetup: ['test/e2e/globalSetup.mts'],
		fileParallelism: false,
		testTimeout: 180_000,
		hookTimeout: 300_000,
		// A retried CLI test would hide a real failure and double the run time.
		retry: 0,
	},
});
