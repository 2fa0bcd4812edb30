import { canonicalNameOf } from '../validation/aliases';
import {
	DEFAULT_MAX_DEPTH,
	flattenRecord,
	hasOwn,
	isNestedObject,
	setOwn,
	withinDepth,
} from './flatten';
import type { RepeatedTexts } from './repeatedTexts';

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
 *
 * Each such record is a copy of a per-shape template (an object JSON.parse built with the output keys),
 * then filled in: adding 22 properties one by one to `{}` leaves V8's fast mode (docs/ARCHITECTURE.md has
 * the measurement).
 */

export interface NormalizeOptions {
	nested: 'flatten' | 'refuse';
	/** Where a listing shares repeated values between its records (see repeatedTexts.ts). */
	texts?: RepeatedTexts;
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
	/** Every output key, each null, in order; never handed out, only copied. */
	template: Record<string, unknown>;
	/** `__proto__` is an output key: a plain assignment would set the copy's prototype instead. */
	hasProtoKey: boolean;
}

/**
 * The shapes seen last, most recent first. One API often sends a few shapes in turn (people with a CPF,
 * companies with a CNPJ, records without an address): remembering only the last one missed on 30% of
 * the benchmark's records, and each miss rebuilt the names and the template.
 */
const recentShapes: FlatShape[] = [];
const MAX_RECENT_SHAPES = 16;

/** A new most recent shape for these keys (recentShapeOf found none that matched). */
function addFlatShape(keys: string[]): FlatShape {
	const outputKeys = outputKeysOf(keys);
	const sourcePaths: Record<string, string[]> = {};
	outputKeys.forEach((output, index) =>
		setOwn(sourcePaths, output, Object.freeze([keys[index]]) as string[]),
	);
	const shape: FlatShape = {
		keys,
		outputKeys,
		sourcePaths: Object.freeze(sourcePaths),
		template: templateOf(outputKeys),
		hasProtoKey: outputKeys.includes('__proto__'),
	};
	recentShapes.unshift(shape);
	if (recentShapes.length > MAX_RECENT_SHAPES) recentShapes.pop();
	return shape;
}

/** JSON.parse gives an object whose properties all sit inside it (V8 fast mode), and own `__proto__`. */
function templateOf(outputKeys: string[]): Record<string, unknown> {
	const fields = outputKeys.map((key) => `${JSON.stringify(key)}:null`).join(',');
	return JSON.parse(`{${fields}}`) as Record<string, unknown>;
}

/** A recent shape with exactly the record's own keys, in order, found without allocating a key list. */
function recentShapeOf(raw: Record<string, unknown>): FlatShape | undefined {
	for (let index = 0; index < recentShapes.length; index++) {
		const shape = recentShapes[index];
		const keys = shape.keys;
		let at = 0;
		// for-in also walks inherited enumerable keys; only own ones may match (Object.keys made the shape).
		for (const key in raw) {
			if (at === keys.length || key !== keys[at] || !hasOwn(raw, key)) {
				at = -1;
				break;
			}
			at++;
		}
		if (at !== keys.length) continue;
		if (index > 0) {
			recentShapes.splice(index, 1);
			recentShapes.unshift(shape);
		}
		return shape;
	}
	return undefined;
}

/** The record in the shape's template, or undefined when one of its values is a nested object or too deep. */
function copyIntoTemplate(
	raw: Record<string, unknown>,
	shape: FlatShape,
	texts: RepeatedTexts | undefined,
): Record<string, unknown> | undefined {
	const record: Record<string, unknown> = { ...shape.template };
	const { keys, outputKeys } = shape;
	for (let index = 0; index < keys.length; index++) {
		const value = raw[keys[index]];
		// A nested object, or a list deeper than a field may be, is flattenRecord's to judge.
		if (
			typeof value === 'object' &&
			value !== null &&
			(isNestedObject(value) || !withinDepth(value, DEFAULT_MAX_DEPTH - 1))
		)
			return undefined;
		const output = outputKeys[index];
		const kept = texts ? texts.share(output, value) : value;
		if (shape.hasProtoKey) setOwn(record, output, kept);
		else record[output] = kept;
	}
	return record;
}

export function normalizeRecord(
	raw: Record<string, unknown>,
	options: NormalizeOptions,
): NormalizedRecord {
	let shape = recentShapeOf(raw);
	if (shape === undefined) {
		const rawKeys = Object.keys(raw);
		if (!rawKeys.some((key) => isNestedObject(raw[key]))) shape = addFlatShape(rawKeys);
	}
	const copied = shape && copyIntoTemplate(raw, shape, options.texts);
	if (shape && copied) return { record: copied, sourcePaths: shape.sourcePaths };

	const { flat, paths } = flattenRecord(raw, { nested: options.nested });
	const keys = Object.keys(flat);
	const outputKeys = outputKeysOf(keys);
	const record: Record<string, unknown> = {};
	const sourcePaths: Record<string, string[]> = {};
	for (let index = 0; index < keys.length; index++) {
		const value = flat[keys[index]];
		setOwn(
			record,
			outputKeys[index],
			options.texts ? options.texts.share(outputKeys[index], value) : value,
		);
		setOwn(sourcePaths, outputKeys[index], paths[keys[index]]);
	}
	// Built key by key, a wide record leaves V8's fast mode; its copy is back in it (a third of the memory).
	return { record: { ...record }, sourcePaths };
}
