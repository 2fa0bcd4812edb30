/**
 * The floors (bench/scenarios/floor.mts) must do the node's work and nothing less: the same records,
 * checked the same way, for a listing by page number, by cursor and for lookups by CPF. A floor that
 * skipped a step would make every node / floor ratio look worse than it is.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { lookupKeys } from '../../bench/lib/lookupKeys.mts';
import { floorCursor, floorGetMany, floorLookups } from '../../bench/scenarios/floor.mts';
import { nodeGetMany, nodeLookups } from '../../bench/scenarios/reads.mts';
import { startSampleApi, type SampleApi } from '../sample-api/server.mts';
import { byCode, scenarioInput } from './support.mts';

describe('the benchmark floors give the records the node gives', () => {
	let api: SampleApi;

	beforeAll(async () => {
		api = await startSampleApi({ records: 950, seed: 3, tls: false });
	});

	afterAll(async () => {
		await api.close();
	});

	it('by page number, with pages in flight together', async () => {
		const input = scenarioInput(api);
		const node = (await nodeGetMany(input, api.url)).jsons();
		const floor = await floorGetMany(input, api.url);
		expect(node).toHaveLength(950);
		expect(floor.details).toMatchObject({ requests: 10 });
		expect(byCode(floor.jsons())).toEqual(byCode(node));
		// Invalid records are kept with their issues, as the node routes them.
		expect(Number(floor.details.invalid)).toBeGreaterThan(0);
		expect(floor.jsons().map((json) => (json as { codigo: string }).codigo)).toEqual(
			api.state.records.map((record) => record.codigo),
		);
	});

	it('by cursor', async () => {
		const input = scenarioInput(api);
		const node = (await nodeGetMany(input, api.url, { cursor: true })).jsons();
		const floor = await floorCursor(input, api.url);
		expect(node).toHaveLength(950);
		expect(floor.jsons()).toHaveLength(950);
		expect(byCode(floor.jsons())).toEqual(byCode(node));
	});

	it('lookups by CPF: one customer per item, in item order, one request per distinct CPF', async () => {
		const invalid = new Set(api.state.invalid.map((note) => note.codigo));
		const { cpfs, distinct } = lookupKeys(api.state.records, invalid, {
			count: 60,
			repeatShare: 0.3,
			seed: 5,
		});
		const input = scenarioInput(api, { lookups: 60 });
		const node = (await nodeLookups(input, api.url, cpfs)).jsons();
		const floor = await floorLookups(input, api.url, cpfs);
		expect(floor.details).toMatchObject({ requests: distinct });
		expect(floor.jsons()).toHaveLength(60);
		expect(floor.jsons()).toEqual(node);
		// Each item has a copy of its own, repeats included.
		const jsons = floor.jsons();
		const repeated = cpfs.findIndex((cpf, i) =>
			cpfs.slice(0, i).some((other) => other.replace(/\D/g, '') === cpf.replace(/\D/g, '')),
		);
		expect(repeated).toBeGreaterThan(0);
		const first = cpfs.findIndex(
			(cpf) => cpf.replace(/\D/g, '') === cpfs[repeated].replace(/\D/g, ''),
		);
		expect(jsons[repeated]).toEqual(jsons[first]);
		expect(jsons[repeated]).not.toBe(jsons[first]);
	});
});
