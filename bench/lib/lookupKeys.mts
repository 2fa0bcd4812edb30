/**
 * The CPFs the lookup scenarios look up: `count` items, a `repeatShare` of which repeat the CPF of an
 * earlier item (the same customer on several tickets), the rest distinct. Only records whose CPF is
 * valid and held by no other record are used, so every lookup finds exactly one customer. A repeat
 * is written in the other form (bare digits for a masked CPF and the reverse): one document either way.
 */

import type { RawCustomer } from '../../test/sample-api/dataset.mts';

export interface LookupKeys {
	cpfs: string[];
	/** CPFs with their mask taken off that occur once in `cpfs`. */
	distinct: number;
}

export const digitsOf = (text: string) => text.replace(/\D/g, '');

function otherForm(cpf: string): string {
	const digits = digitsOf(cpf);
	if (digits !== cpf) return digits;
	return `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6, 9)}-${digits.slice(9)}`;
}

/** A small deterministic generator (mulberry32): the same keys for the same seed in every process. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function lookupKeys(
	records: readonly RawCustomer[],
	invalidCodes: ReadonlySet<string>,
	{ count, repeatShare, seed }: { count: number; repeatShare: number; seed: number },
): LookupKeys {
	const holders = new Map<string, number>();
	for (const record of records) {
		if (typeof record.cpf !== 'string') continue;
		const digits = digitsOf(record.cpf);
		holders.set(digits, (holders.get(digits) ?? 0) + 1);
	}
	const usable = records.filter(
		(record) =>
			typeof record.cpf === 'string' &&
			digitsOf(record.cpf).length === 11 &&
			holders.get(digitsOf(record.cpf)) === 1 &&
			!invalidCodes.has(String(record.codigo)),
	);
	const repeats = count <= 1 ? 0 : Math.round(count * repeatShare);
	const distinct = count - repeats;
	if (distinct > usable.length)
		throw new Error(`${distinct} distinct CPFs wanted, the dataset has ${usable.length}`);
	// Spread over the whole dataset, not its first records.
	const step = usable.length / Math.max(1, distinct);
	const cpfs = Array.from({ length: distinct }, (_, i) => String(usable[Math.floor(i * step)].cpf));
	const next = random(seed);
	for (let r = 0; r < repeats; r++) {
		const source = cpfs[Math.floor(next() * cpfs.length)];
		const at = 1 + Math.floor(next() * cpfs.length);
		cpfs.splice(at, 0, otherForm(source));
	}
	return { cpfs, distinct };
}
