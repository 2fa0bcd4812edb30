import { defineConfig } from 'vitest/config';

/**
 * The queue-mode suite (`npm run test:queue`): one deployment of Postgres, Redis, an n8n main and workers,
 * started by the suite itself (scripts/queue/deployment.mts) and driven through webhooks. Files run one
 * after the other; no retries (a retried load would hide a failed execution and double the writes).
 */
export default defineConfig({
	test: {
		environment: 'node',
		include: ['test/queue/**/*.test.mts'],
		// The e2e setup: the n8n runtime must be installed and dist/ fresh.
		globalSetup: ['test/e2e/globalSetup.mts'],
		fileParallelism: false,
		testTimeout: 300_000,
		hookTimeout: 600_000,
		retry: 0,
	},
});
