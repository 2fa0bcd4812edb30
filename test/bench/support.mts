/**
 * What the benchmark's tests share: the package as `npm test` built it (dist/, compiled by tsc like the
 * benchmark's own build) and a ScenarioInput for a small loopback sample API.
 */

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { ScenarioInput } from '../../bench/lib/types.mts';
import type { SampleApi } from '../sample-api/server.mts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** dist/, which `npm test` builds first. */
export function builtPackage(): string {
	const dist = join(REPO_ROOT, 'dist');
	if (!existsSync(join(dist, 'nodes', 'CustomerIntegration', 'actions', 'common', 'records.js')))
		throw new Error('dist/ has no compiled package: run npm run build first');
	return dist;
}

export function scenarioInput(
	api: SampleApi,
	overrides: Partial<ScenarioInput> = {},
): ScenarioInput {
	return {
		scenario: 'node-get-many',
		api: {
			readsUrl: api.url,
			remoteUrl: api.url,
			readsAdminUrl: '',
			latencyMs: 0,
			coldUrl: api.url,
			coldRecords: api.state.records.length,
			warmupUrl: api.url,
			writesUrl: api.url,
			adminUrl: '',
			basic: api.credentials.basic,
			records: api.state.records.length,
			warmupRecords: 0,
			updates: 0,
		},
		pageSize: 100,
		concurrency: 4,
		readConcurrency: 4,
		lookups: 0,
		repeatShare: 0.3,
		tag: 'test',
		warmUp: false,
		updates: 0,
		seed: 1,
		buildDir: builtPackage(),
		...overrides,
	};
}

/** Output items keyed by customer code (the floor emits in page order, the node valid then invalid). */
export function byCode(jsons: unknown[]): Map<string, unknown> {
	const map = new Map<string, unknown>();
	for (const json of jsons) map.set(String((json as { codigo: unknown }).codigo), json);
	return map;
}
