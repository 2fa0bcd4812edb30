import { canonicalNameOf } from './aliases';
import { flattenRecord, isNestedObject, setOwn } from './flatten';

/**
 * Raw API record → flat record with canonical names for known fields; unknown keys pass unchanged and
 * values are not touched (validation normalizes values later).
 *
 * When several raw keys name the same canonical field, a key that is literally the canonical name wins it
 * (`telefone` over `fone`), else the first in the record; the others keep their raw keys, so no value is
 * ever dropped.
 *
 * Records of one API share their keys, so for level-one records the output names are worked out once per
 * key list and reused; their `sourcePaths` object is then shared between those records, and frozen.
 */

export interface NormalizeOptions {
	nested: 'flatten' | 'refuse';
}

export interface NormalizedRecord {
	record: Record<string, unknown>;
	/** Output key → path in the raw record. */
	sourcePaths: Record<string, string[]>;
}

/** The output keys for a list of (flat) keys, in the same order. */
function outputKeysOf(keys: string[]): string[] {
	const canonical = keys.map((key) => canonicalNameOf(key));
	const claimed = new Set<string>();
	for (let index = 0; index < keys.length; index++) {
		if (canonical[index] === keys[index]) claimed.add(keys[index]);
	}
	const taken = new Set<string>();
	return keys.map((key, index) => {
		const name = canonical[index];
		let output = key;
		if (name !== undefined && name !== key && !claimed.has(name)) {
			claimed.add(name);
			output = name;
		}
		// Unreachable with the rules above (a raw key equal to a canonical name always claims it); kept so
		// a future alias change can never make one value overwrite another.
		for (let copy = 2; taken.has(output); copy++) output = `${key}#${copy}`;
		taken.add(output);
		return output;
	});
}

interface FlatShape {
	keys: string[];
	outputKeys: string[];
	sourcePaths: Record<string, string[]>;
}

let lastFlatShape: FlatShape | undefined;

function sameKeys(a: string[], b: string[]): boolean {
	if (a.length !== b.length) return false;
	for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
	return true;
}

function flatShapeOf(keys: string[]): FlatShape {
	if (lastFlatShape !== undefined && sameKeys(lastFlatShape.keys, keys)) return lastFlatShape;
	const outputKeys = outputKeysOf(keys);
	const sourcePaths: Record<string, string[]> = {};
	outputKeys.forEach((output, index) =>
		setOwn(sourcePaths, output, Object.freeze([keys[index]]) as string[]),
	);
	lastFlatShape = { keys, outputKeys, sourcePaths: Object.freeze(sourcePaths) };
	return lastFlatShape;
}

export function normalizeRecord(
	raw: Record<string, unknown>,
	options: NormalizeOptions,
): NormalizedRecord {
	const rawKeys = Object.keys(raw);
	if (!rawKeys.some((key) => isNestedObject(raw[key]))) {
		const shape = flatShapeOf(rawKeys);
		const record: Record<string, unknown> = {};
		for (let index = 0; index < rawKeys.length; index++) {
			setOwn(record, shape.outputKeys[index], raw[rawKeys[index]]);
		}
		return { record, sourcePaths: shape.sourcePaths };
	}

	const { flat, paths } = flattenRecord(raw, { nested: options.nested });
	const keys = Object.keys(flat);
	const outputKeys = outputKeysOf(keys);
	const record: Record<string, unknown> = {};
	const sourcePaths: Record<string, string[]> = {};
	for (let index = 0; index < keys.length; index++) {
		setOwn(record, outputKeys[index], flat[keys[index]]);
		setOwn(sourcePaths, outputKeys[index], paths[keys[index]]);
	}
	return { record, sourcePaths };
}
