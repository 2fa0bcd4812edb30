import { canonicalNameOf } from '../validation/aliases';
import { quoteKey, ResponseShapeError } from './errors';
import { camelHead, hasOwn, isPlainObject, pascalPart } from './flatten';

/**
 * Finds the array of customer records in a response body: the body itself, an array under a usual
 * wrapper key (also one level deeper: `{ data: { items: [] } }`), the array at a user's items path, a
 * single record under a wrapper or single-record key (`{ sucesso: true, cliente: { ... } }`), or a single
 * bare record.
 */

/** The contract's wrapper keys, in priority order, then the Portuguese ones Brazilian APIs use. */
export const WRAPPER_KEYS = [
	'data',
	'items',
	'results',
	'records',
	'customers',
	'clientes',
	'content',
	'rows',
	'value',
	'dados',
	'registros',
	'resultados',
];

/**
 * Keys that lookup endpoints put one customer under. Null there is the API's "not found"
 * (`{ status: 'success', data: { cliente: null } }`), not a record.
 */
export const SINGLE_RECORD_KEYS = [
	'cliente',
	'customer',
	'record',
	'registro',
	'result',
	'resultado',
	'item',
];

/**
 * A body with this many top-level customer fields (nome, cpf, ...) is a record, even if it also has a key
 * such as `items` holding an array: a customer with a list of purchases must not be mistaken for an envelope.
 */
const RECORD_FIELD_THRESHOLD = 2;
const MAX_KEYS_SHOWN = 10;
const TEXT_PREVIEW_LENGTH = 80;

function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (isPlainObject(value)) return 'an object';
	switch (typeof value) {
		case 'string':
			return 'a string';
		case 'number':
			return 'a number';
		case 'boolean':
			return 'a boolean';
		case 'undefined':
			return 'nothing';
		default:
			return `a ${typeof value}`;
	}
}

function describeKeys(value: Record<string, unknown>): string {
	const keys = Object.keys(value);
	if (keys.length === 0) return 'no keys';
	const shown = keys.slice(0, MAX_KEYS_SHOWN).map(quoteKey).join(', ');
	return `keys ${shown}${keys.length > MAX_KEYS_SHOWN ? `, … (${keys.length} keys)` : ''}`;
}

/** The start of a text for a message, with every digit masked: the text may be a record with a CPF. */
function previewText(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	const cut = flat.length > TEXT_PREVIEW_LENGTH ? `${flat.slice(0, TEXT_PREVIEW_LENGTH)}…` : flat;
	return cut.replace(/\d/g, '#');
}

function checkedRecords(list: unknown[], where: string): Record<string, unknown>[] {
	for (let index = 0; index < list.length; index++) {
		const element = list[index];
		if (!isPlainObject(element)) {
			const path = `${where}[${index}]`;
			throw new ResponseShapeError(
				`Record ${index} of the response (${path}) is ${describeType(element)}, not an object: the API must return an array of objects, one per customer`,
				path,
			);
		}
	}
	return list as Record<string, unknown>[];
}

function customerFieldCount(body: Record<string, unknown>, enough: number): number {
	let fields = 0;
	for (const key of Object.keys(body)) {
		if (canonicalNameOf(key) !== undefined && ++fields >= enough) break;
	}
	return fields;
}

/** A customer field at the top, or one level down once flattened (`endereco.cep` → enderecoCep). */
function hasCustomerField(body: Record<string, unknown>): boolean {
	if (customerFieldCount(body, 1) > 0) return true;
	for (const key of Object.keys(body)) {
		const value = body[key];
		if (!isPlainObject(value)) continue;
		const head = camelHead(key);
		for (const inner of Object.keys(value)) {
			if (canonicalNameOf(head + pascalPart(inner)) !== undefined) return true;
		}
	}
	return false;
}

function looksLikeRecord(body: Record<string, unknown>): boolean {
	return customerFieldCount(body, RECORD_FIELD_THRESHOLD) >= RECORD_FIELD_THRESHOLD;
}

/** The first wrapper key of `body` holding an array (or null: an envelope with no records). */
function wrapperIn(body: Record<string, unknown>): string | undefined {
	return WRAPPER_KEYS.find(
		(key) => hasOwn(body, key) && (Array.isArray(body[key]) || body[key] === null),
	);
}

/**
 * The one record an envelope holds under a wrapper or single-record key: `[record]`, `[]` for a
 * single-record key holding null, or undefined when there is none. Only an object that looks like a
 * customer counts, so `{ data: { total: 3 } }` is not taken for a record; and only a body without any
 * customer field of its own is an envelope, so `{ codigo: 'C1', item: null }` stays a record.
 */
function singleRecordIn(body: Record<string, unknown>): Record<string, unknown>[] | undefined {
	if (customerFieldCount(body, 1) > 0) return undefined;
	for (const key of WRAPPER_KEYS) {
		const value = hasOwn(body, key) ? body[key] : undefined;
		if (isPlainObject(value) && looksLikeRecord(value)) return [value];
	}
	for (const key of SINGLE_RECORD_KEYS) {
		if (!hasOwn(body, key)) continue;
		const value = body[key];
		if (value === null) return [];
		if (isPlainObject(value) && looksLikeRecord(value)) return [value];
	}
	return undefined;
}

/** The objects under wrapper keys that are envelopes themselves (`{ data: { items: [...] } }`), not records. */
function* envelopesInside(
	body: Record<string, unknown>,
): Generator<[string, Record<string, unknown>]> {
	for (const outer of WRAPPER_KEYS) {
		const inner = hasOwn(body, outer) ? body[outer] : undefined;
		if (isPlainObject(inner) && !looksLikeRecord(inner)) yield [outer, inner];
	}
}

function parseItemsPath(itemsPath: string): string[] {
	const trimmed = itemsPath.trim().replace(/^\$\.?/, '');
	return trimmed === '' ? [] : trimmed.split('.');
}

export interface ExtractOptions {
	/**
	 * What an object that holds no list of records is: 'record' (the default; a lookup's answer is its
	 * customer) or 'customer' (a listing's answer: a customer only with at least one customer field,
	 * else an error that says what came back, so `{ "status": "ok" }` is not listed as a customer).
	 */
	loneObject?: 'record' | 'customer';
}

/** A lone object as the one record of the answer, or the error that says why it is not a customer. */
function loneRecord(
	value: Record<string, unknown>,
	where: string | undefined,
	options: ExtractOptions,
): Record<string, unknown>[] {
	if (Object.keys(value).length === 0) return [];
	if (options.loneObject !== 'customer' || hasCustomerField(value)) return [value];
	const place = where === undefined ? 'The API answered' : `Records Path ${quoteKey(where)} holds`;
	throw new ResponseShapeError(
		`${place} an object with ${describeKeys(value)}: no list of customers and no customer field (codigo, nome, cpf, email…), so it is not a customer. Point the Records Path at the list of customers, or check the Path`,
		where,
	);
}

function recordsAtPath(
	body: unknown,
	itemsPath: string,
	options: ExtractOptions,
): Record<string, unknown>[] {
	const segments = parseItemsPath(itemsPath);
	let current: unknown = body;
	for (let depth = 0; depth < segments.length; depth++) {
		const segment = segments[depth];
		const reached = segments.slice(0, depth).join('.') || 'the top level';
		const container: unknown = current;
		if (Array.isArray(container) && /^\d+$/.test(segment) && Number(segment) < container.length) {
			current = container[Number(segment)];
			continue;
		}
		if (isPlainObject(container) && hasOwn(container, segment)) {
			current = container[segment];
			continue;
		}
		const found = isPlainObject(container)
			? `an object with ${describeKeys(container)}`
			: describeType(container);
		throw new ResponseShapeError(
			`Records Path ${quoteKey(itemsPath)} was not found in the response: ${quoteKey(segment)} is missing at ${reached}, which holds ${found}. Correct the Records Path, or leave it empty to detect the records`,
			itemsPath,
		);
	}
	if (Array.isArray(current)) return checkedRecords(current, itemsPath);
	// One record where a list was expected: a lookup endpoint answering `{ data: { ... } }`.
	if (isPlainObject(current)) return loneRecord(current, itemsPath, options);
	throw new ResponseShapeError(
		`Records Path ${quoteKey(itemsPath)} holds ${describeType(current)}, not an array of records. Point the Records Path at the array of customers`,
		itemsPath,
	);
}

/**
 * The records of a response body. null, undefined and '' give none; an array gives its elements, which
 * must all be objects; text that is not JSON, or elements that are not objects, throw ResponseShapeError.
 * An empty object `{}`, and null under a single-record key, give no record (an API's "nothing found").
 */
export function extractRecords(
	body: unknown,
	itemsPath?: string,
	options: ExtractOptions = {},
): Record<string, unknown>[] {
	if (body === null || body === undefined || body === '') return [];
	if (typeof body === 'string') {
		if (body.trim() === '') return [];
		throw new ResponseShapeError(
			`The API did not answer JSON: it sent text starting with "${previewText(body)}". Check the URL and that the API returns JSON`,
		);
	}
	if (itemsPath !== undefined && parseItemsPath(itemsPath).length > 0) {
		return recordsAtPath(body, itemsPath, options);
	}
	if (Array.isArray(body)) return checkedRecords(body, '');
	if (!isPlainObject(body)) {
		throw new ResponseShapeError(
			`The API answered ${describeType(body)}, not a customer record or a list of them`,
		);
	}
	if (!looksLikeRecord(body)) {
		const wrapper = wrapperIn(body);
		if (wrapper !== undefined) {
			const list = body[wrapper];
			return Array.isArray(list) ? checkedRecords(list, wrapper) : [];
		}
		for (const [outer, inner] of envelopesInside(body)) {
			const innerWrapper = wrapperIn(inner);
			if (innerWrapper === undefined) continue;
			const list = inner[innerWrapper];
			return Array.isArray(list) ? checkedRecords(list, `${outer}.${innerWrapper}`) : [];
		}
		const single = singleRecordIn(body);
		if (single !== undefined) return single;
		for (const [, inner] of envelopesInside(body)) {
			const innerSingle = singleRecordIn(inner);
			if (innerSingle !== undefined) return innerSingle;
		}
	}
	return loneRecord(body, undefined, options);
}
