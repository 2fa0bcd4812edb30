/** The CPFs of the lookup scenarios (bench/lib/lookupKeys.mts): the mix the README describes. */

import { describe, expect, it } from 'vitest';

import { digitsOf, lookupKeys } from '../../bench/lib/lookupKeys.mts';
import { generateDataset } from '../sample-api/dataset.mts';

describe('lookupKeys', () => {
	const dataset = generateDataset(3000, 1);
	const invalid = new Set(dataset.invalid.map((note) => note.codigo));
	const holderOf = new Map<string, Array<Record<string, unknown>>>();
	for (const record of dataset.records) {
		if (typeof record.cpf !== 'string') continue;
		const list = holderOf.get(digitsOf(record.cpf)) ?? [];
		list.push(record);
		holderOf.set(digitsOf(record.cpf), list);
	}

	it('gives `count` CPFs, 30% of them repeats written in the other form, each held by one valid record', () => {
		const { cpfs, distinct } = lookupKeys(dataset.records, invalid, {
			count: 1000,
			repeatShare: 0.3,
			seed: 1,
		});
		expect(cpfs).toHaveLength(1000);
		expect(distinct).toBe(700);
		expect(new Set(cpfs.map(digitsOf)).size).toBe(700);
		for (const cpf of cpfs) {
			const holders = holderOf.get(digitsOf(cpf)) ?? [];
			expect(holders).toHaveLength(1);
			expect(invalid.has(String(holders[0].codigo))).toBe(false);
		}
		// A repeat is the same document in the other form: masked and bare both occur for one CPF.
		const forms = new Map<string, Set<string>>();
		for (const cpf of cpfs)
			forms.set(digitsOf(cpf), (forms.get(digitsOf(cpf)) ?? new Set()).add(cpf));
		expect([...forms.values()].some((set) => set.size === 2)).toBe(true);
	});

	it('is the same for the same seed, and refuses more distinct CPFs than the dataset holds', () => {
		const options = { count: 200, repeatShare: 0.3, seed: 7 };
		expect(lookupKeys(dataset.records, invalid, options)).toEqual(
			lookupKeys(dataset.records, invalid, options),
		);
		expect(() =>
			lookupKeys(dataset.records.slice(0, 10), invalid, { ...options, repeatShare: 0 }),
		).toThrow(/distinct CPFs wanted/);
	});
});
