/**
 * The benchmark's ablation (node-get-many-unvalidated, bench/engine/packageCode.mts skipRecordChecks)
 * swaps the package's per-record step for a pass-through. If the seam moved or stopped being used,
 * the README's "what validating costs" figure would silently measure something else: these tests run
 * the built node's Get Many through the engine with and without the swap.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { skipRecordChecks } from '../../bench/engine/packageCode.mts';
import { nodeGetMany } from '../../bench/scenarios/reads.mts';
import { startSampleApi, type SampleApi } from '../sample-api/server.mts';
import { builtPackage, REPO_ROOT, scenarioInput } from './support.mts';

describe('the benchmark ablation: Get Many with the per-record checks swapped out', () => {
	let api: SampleApi;

	beforeAll(async () => {
		api = await startSampleApi({ records: 300, seed: 2, tls: false });
	});

	afterAll(async () => {
		await api.close();
	});

	it('hands every record on as the API served it, and checks them again once undone', async () => {
		const input = scenarioInput(api);
		const restore = await skipRecordChecks(builtPackage());
		let unchecked: unknown[];
		try {
			const outcome = await nodeGetMany(input, api.url);
			unchecked = outcome.jsons();
			expect(outcome.details).toEqual({ valid: 300, invalid: 0 });
		} finally {
			restore();
		}
		expect(unchecked).toEqual(api.state.records);

		const checked = await nodeGetMany(input, api.url);
		expect(checked.details.invalid).toBeGreaterThan(0);
		const first = checked.jsons()[0] as Record<string, unknown>;
		// Renamed to the canonical field, as only the checked path does.
		expect(first).toHaveProperty('dataNascimento');
		expect(first).not.toHaveProperty('data_nascimen');
	});

	it('refuses a build without the seam, instead of measuring the checked node', async () => {
		const cache = join(REPO_ROOT, 'node_modules', '.cache');
		mkdirSync(cache, { recursive: true });
		const scratch = mkdtempSync(join(cache, 'ablation-test-'));
		try {
			const records = join(scratch, 'nodes', 'CustomerIntegration', 'actions', 'common');
			mkdirSync(records, { recursive: true });
			writeFileSync(join(records, 'records.js'), 'exports.emitRecords = function () {};\n');
			await expect(skipRecordChecks(scratch)).rejects.toThrow(/no recordStep.check to bypass/);
		} finally {
			rmSync(scratch, { recursive: true, force: true });
		}
	});
});
