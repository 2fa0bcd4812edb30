import { canonicalNameOf } from './aliases';
import { flattenRecord, hasOwn, setOwn } from './flatten';

/**
 * Raw API record → flat record with canonical names for known fields; unknown keys pass unchanged and
 * values are not touched (validation normalizes values later).
 *
 * When several raw keys name the same canonical field, a key that is literally the canonical name wins it
 * (`telefone` over `fone`), else the first in the record; the others keep their raw keys, so no value is
 * ever dropped.
 */

export interface NormalizeOptions {
	nested: 'flatten' | 'refuse';
}

export interface NormalizedRecord {
	record: Record<string, unknown>;
	/** Output key → path in the raw record. */
	sourcePaths: Record<string, string[]>;
}

export function normalizeRecord(
	raw: Record<string, unknown>,
	options: NormalizeOptions,
): NormalizedRecord {
	const { flat, paths } = flattenRecord(raw, { nested: options.nested });
	const keys = Object.keys(flat);
	const canonical = keys.map((key) => canonicalNameOf(key));

	const claimed = new Set<string>();
	for (let index = 0; index < keys.length; index++) {
		if (canonical[index] === keys[index]) claimed.add(keys[index]);
	}
	const outputKeys = keys.map((key, index) => {
		const name = canonical[index];
		if (name === undefined || name === key) return key;
		if (claimed.has(name)) return key;
		claimed.add(name);
		return name;
	});

	const record: Record<string, unknown> = {};
	const sourcePaths: Record<string, string[]> = {};
	for (let index = 0; index < keys.length; index++) {
		let key = outputKeys[index];
		// Unreachable with the rules above (a raw key equal to a canonical name always claims it); kept so
		// a future alias change can never make one value overwrite another.
		for (let copy = 2; hasOwn(record, key); copy++) key = `${keys[index]}#${copy}`;
		setOwn(record, key, flat[keys[index]]);
		setOwn(sourcePaths, key, paths[keys[index]]);
	}
	return { record, sourcePaths };
}
