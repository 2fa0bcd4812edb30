import { canonicalNameOf, fieldNamedBy } from '../validation/aliases';
import { FIELD_KINDS, type FieldKind } from '../validation/fieldKinds';
import {
	ADDRESS_PREFIXES,
	type CanonicalField,
	FIELD_BY_NAME,
	normalizeKey,
} from '../validation/fields';
import { formatLike } from '../validation/formatLike';
import { hasOwn, isPlainObject, setOwn } from './flatten';
import { normalizeRecord } from './normalizeRecord';

/**
 * The Update operation's body, in the API's own key names, nesting and value formats, so that
 * Get → edit → Update → Get changes nothing but the edit.
 *
 * A changed field goes where `current` has it, rendered like current's value (formatLike). A field
 * current lacks gets a key in the style of current's keys, inside current's nested address object for
 * address fields. A value equal to current's after normalization is no change: PUT/POST keep current's
 * raw value, PATCH leaves the field out.
 */

export interface WriteOptions {
	method: 'PUT' | 'PATCH' | 'POST';
	/** Key style for new keys when current is missing or its keys do not show one. */
	keyStyle: 'camelCase' | 'snake_case';
}

type KeyStyle = 'camelCase' | 'snake_case' | 'PascalCase';

const ADDRESS_FIELD_PREFIX = 'endereco';
/** JSON values nested deeper than this are compared as different (a change) rather than walked. */
const MAX_COMPARE_DEPTH = 64;

/** current's raw value as validation would normalize it; the value itself when it does not pass. */
function normalizedForm(kind: FieldKind, raw: unknown): unknown {
	const check = FIELD_KINDS[kind].check(raw);
	return check.ok ? check.value : raw;
}

function jsonEqual(a: unknown, b: unknown, depth = 0): boolean {
	if (a === b) return true;
	if (depth > MAX_COMPARE_DEPTH || typeof a !== 'object' || typeof b !== 'object') return false;
	if (a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
	const left = a as Record<string, unknown>;
	const right = b as Record<string, unknown>;
	const keys = Object.keys(left);
	if (keys.length !== Object.keys(right).length) return false;
	return keys.every((key) => hasOwn(right, key) && jsonEqual(left[key], right[key], depth + 1));
}

function isUnchanged(field: CanonicalField | undefined, value: unknown, current: unknown): boolean {
	if (jsonEqual(value, current)) return true;
	if (field === undefined) return false;
	if (jsonEqual(value, normalizedForm(field.kind, current))) return true;
	if (field.kind === 'code' && (typeof current === 'number' || typeof current === 'string')) {
		return (
			(typeof value === 'number' || typeof value === 'string') && String(value) === String(current)
		);
	}
	return jsonEqual(render(field, value, current), current);
}

/** The value as the API writes it, following a sample of the same kind of field when there is one. */
function render(field: CanonicalField | undefined, value: unknown, sample: unknown): unknown {
	// A cleared field (Clear Fields Given Empty) is sent empty, not shaped like what it erases.
	if (
		field === undefined ||
		value === null ||
		value === '' ||
		sample === undefined ||
		sample === null ||
		sample === ''
	) {
		return value;
	}
	// An invalid phone (the seed's 00000000000) says nothing of how the API writes one: its digit count
	// would pass for a trunk 0 and put one in front of the new number.
	if (
		field.kind === 'phone' &&
		(typeof sample === 'string' || typeof sample === 'number') &&
		!FIELD_KINDS.phone.check(String(sample)).ok
	) {
		return value;
	}
	const formatted = formatLike(field.kind, value, sample);
	// An API that stores the RG or phone as a JSON number gets a number back.
	if (
		typeof sample === 'number' &&
		typeof formatted === 'string' &&
		/^\d+$/.test(formatted) &&
		Number.isSafeInteger(Number(formatted))
	) {
		return Number(formatted);
	}
	return formatted;
}

/** `dataNascimento` → ['data', 'nascimento']; `telefone2` → ['telefone', '2']. */
function wordsOf(canonicalName: string): string[] {
	return canonicalName
		.replace(/([a-z])([A-Z0-9])/g, '$1 $2')
		.toLowerCase()
		.split(' ');
}

function styled(canonicalName: string, style: KeyStyle): string {
	const words = wordsOf(canonicalName);
	if (style === 'snake_case') return words.join('_');
	const pascal = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
	return style === 'PascalCase' ? pascal : pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

/** Every key of a record, nested objects included (arrays are values and not walked). */
function allKeys(record: Record<string, unknown>): string[] {
	const keys: string[] = [];
	const pending: Array<Record<string, unknown>> = [record];
	for (let object = pending.pop(); object !== undefined; object = pending.pop()) {
		for (const key of Object.keys(object)) {
			keys.push(key);
			const value = object[key];
			if (isPlainObject(value)) pending.push(value);
		}
	}
	return keys;
}

/**
 * snake_case if most multi-word keys contain '_'; PascalCase if most of the others start upper-case;
 * camelCase if there are multi-word camel keys; undefined when the keys do not tell (`nome`, `cpf`).
 */
function keyStyleOf(record: Record<string, unknown>): KeyStyle | undefined {
	let snake = 0;
	let camel = 0;
	let upperInitial = 0;
	let lowerInitial = 0;
	for (const key of allKeys(record)) {
		if (/[A-Z]/.test(key.charAt(0))) upperInitial++;
		else if (/[a-z]/.test(key.charAt(0))) lowerInitial++;
		// A separator between two words: `_id` and `__v` say nothing of the style.
		if (/[A-Za-z0-9]_[A-Za-z0-9]/.test(key)) snake++;
		else if (/[a-z0-9][A-Z]/.test(key)) camel++;
	}
	if (snake > camel) return 'snake_case';
	if (upperInitial > lowerInitial) return 'PascalCase';
	return camel > 0 ? 'camelCase' : undefined;
}

function isAddressField(field: CanonicalField): boolean {
	return (
		field.name.startsWith(ADDRESS_FIELD_PREFIX) && field.name.length > ADDRESS_FIELD_PREFIX.length
	);
}

/** `enderecoPontoReferencia` → `pontoReferencia`. */
function addressPart(field: CanonicalField): string {
	const part = field.name.slice(ADDRESS_FIELD_PREFIX.length);
	return part.charAt(0).toLowerCase() + part.slice(1);
}

/** The path of current's nested address object (`['endereco']`), if it has one. */
function addressContainerOf(
	current: Record<string, unknown>,
	sourcePaths: Record<string, string[]>,
): string[] | undefined {
	for (const key of Object.keys(sourcePaths)) {
		const field = FIELD_BY_NAME.get(key);
		const path = sourcePaths[key];
		if (field !== undefined && isAddressField(field) && path.length > 1) return path.slice(0, -1);
	}
	const container = Object.keys(current).find(
		(key) => ADDRESS_PREFIXES.includes(normalizeKey(key)) && isPlainObject(current[key]),
	);
	return container === undefined ? undefined : [container];
}

function getAtPath(record: Record<string, unknown>, path: string[]): unknown {
	let value: unknown = record;
	for (const segment of path) {
		if (!isPlainObject(value) || !hasOwn(value, segment)) return undefined;
		value = value[segment];
	}
	return value;
}

function setAtPath(record: Record<string, unknown>, path: string[], value: unknown): void {
	let target = record;
	for (const segment of path.slice(0, -1)) {
		const next = hasOwn(target, segment) ? target[segment] : undefined;
		if (isPlainObject(next)) {
			target = next;
		} else {
			const created: Record<string, unknown> = {};
			setOwn(target, segment, created);
			target = created;
		}
	}
	setOwn(target, path[path.length - 1], value);
}

/** A copy of a JSON-like value that shares nothing mutable with it; iterative, so depth cannot overflow. */
function copyJson<T>(value: T): T {
	const copyOf = (source: unknown): unknown =>
		Array.isArray(source) ? [] : isPlainObject(source) ? {} : source;
	const root = copyOf(value);
	const pending: Array<[Record<string, unknown>, Record<string, unknown>]> = [];
	if (root !== value)
		pending.push([value as Record<string, unknown>, root as Record<string, unknown>]);
	for (let pair = pending.pop(); pair !== undefined; pair = pending.pop()) {
		const [source, target] = pair;
		for (const key of Object.keys(source)) {
			const copy = copyOf(source[key]);
			setOwn(target, key, copy);
			if (copy !== source[key]) {
				pending.push([source[key] as Record<string, unknown>, copy as Record<string, unknown>]);
			}
		}
	}
	return root as T;
}

function bodyWithoutCurrent(
	changes: Record<string, unknown>,
	keyStyle: WriteOptions['keyStyle'],
): Record<string, unknown> {
	const body: Record<string, unknown> = {};
	for (const key of Object.keys(changes)) {
		if (changes[key] === undefined) continue;
		setOwn(body, FIELD_BY_NAME.has(key) ? styled(key, keyStyle) : key, copyJson(changes[key]));
	}
	return body;
}

/**
 * Builds the body of an update request. `changes` has canonical keys (and unknown keys as the API named
 * them) with normalized values; `current` is the record as the API returned it, or undefined. Inputs are
 * never mutated.
 */
export function buildWriteBody(
	changes: Record<string, unknown>,
	current: Record<string, unknown> | undefined,
	options: WriteOptions,
): Record<string, unknown> {
	if (current === undefined) return bodyWithoutCurrent(changes, options.keyStyle);

	const { record: currentRecord, sourcePaths } = normalizeRecord(current, { nested: 'flatten' });
	const style = keyStyleOf(current) ?? options.keyStyle;
	const addressContainer = addressContainerOf(current, sourcePaths);
	const body = options.method === 'PATCH' ? {} : copyJson(current);
	// Free text says nothing about how the API writes a new field; dates, phones and documents do.
	const sampleOfKind = (kind: FieldKind): unknown => {
		if (kind === 'text' || kind === 'code') return undefined;
		const sampleKey = Object.keys(currentRecord).find(
			(key) => FIELD_BY_NAME.get(key)?.kind === kind,
		);
		return sampleKey === undefined ? undefined : currentRecord[sampleKey];
	};

	for (const changeKey of Object.keys(changes)) {
		const value = changes[changeKey];
		if (value === undefined) continue;
		// A raw spelling of a known field (`data_nascimento`) updates that field, unless both are given.
		const alias = hasOwn(sourcePaths, changeKey) ? undefined : canonicalNameOf(changeKey);
		const key = alias !== undefined && !hasOwn(changes, alias) ? alias : changeKey;
		const field = FIELD_BY_NAME.get(key);
		// A second name of a field (`CPF` beside `cpf`) keeps its own key but is compared and written in the
		// API's format by that field's rules, as validation checked it.
		const rules = fieldNamedBy(key);
		const path = hasOwn(sourcePaths, key) ? sourcePaths[key] : undefined;
		const currentValue = path === undefined ? undefined : getAtPath(current, path);

		// An empty address object (`endereco: {}`) is where address fields go, not a value to replace.
		if (
			path !== undefined &&
			!(field !== undefined && isAddressField(field) && isPlainObject(currentValue))
		) {
			if (isUnchanged(rules, value, currentValue)) continue;
			setAtPath(body, path, copyJson(render(rules, value, currentValue)));
			continue;
		}
		let newPath = [key];
		if (field !== undefined) {
			newPath =
				isAddressField(field) && addressContainer !== undefined
					? [...addressContainer, styled(addressPart(field), style)]
					: [styled(field.name, style)];
		}
		const sample = rules === undefined ? undefined : sampleOfKind(rules.kind);
		setAtPath(body, newPath, copyJson(render(rules, value, sample)));
	}
	return body;
}
