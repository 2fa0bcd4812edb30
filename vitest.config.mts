import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
	resolve: {
		// n8n-core requires the CJS build of n8n-workflow; the node code must share that one instance,
		// or `instanceof NodeApiError` checks fail across the boundary.
		alias: { 'n8n-workflow': require.resolve('n8n-workflow') },
	},
	test: {
		environment: 'node',
		include: ['test/**/*.test.mts'],
		exclude: ['test/e2e/**', 'test/browser/**', 'test/queue/**', 'node_modules/**'],
		// n8n-core's InstanceSettings writes a config file under N8N_USER_FOLDER on first use.
		env: { N8N_USER_FOLDER: mkdtempSync(join(tmpdir(), 'n8n-ci-test-')) },
		testTimeout: 30_000,
		hookTimeout: 30_000,
	},
});
