import { z } from 'zod/v4';
import { fieldNamedBy } from './aliases';
import { FIELD_KINDS, type ValueCheck } from './fieldKinds';
import { CUSTOMER_FIELDS } from './fields';

/** Absent means no value to check: undefined, null, '' or only whitespace. */
export function isAbsent(value: unknown): boolean {
	if (typeof value !== 'string') return value === undefined || value === null;
	if (value.length === 0) return true;
	const first = value.charCodeAt(0);
	// Only a string that starts with whitespace can be all whitespace: skip trim() for the rest.
	return (first <= 32 || first >= 128) && value.trim().length === 0;
}

export type CustomerRecord = Record<string, unknown>;

/** The check of each canonical field's kind, by field name (names and kinds from fields.ts). */
const CHECK_BY_FIELD: ReadonlyMap<string, ValueCheck> = new Map(
	CUSTOMER_FIELDS.map(({ name, kind }) => [name, FIELD_KINDS[kind].check]),
);

/**
 * The check for a key: that of the field it names (aliases.ts fieldNamedBy). A record can name one field
 * twice (`cpf` and `CPF`); the second keeps its raw key so no value is lost, and is checked all the same:
 * an invalid value must not pass, nor be written back, under a second name. Canonical keys, the common
 * case, are answered by one lookup.
 */
function checkForKey(key: string): ValueCheck | undefined {
	const check = CHECK_BY_FIELD.get(key);
	if (check !== undefined) return check;
	const field = fieldNamedBy(key);
	return field === undefined ? undefined : FIELD_KINDS[field.kind].check;
}

function isRecordObject(value: unknown): value is CustomerRecord {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks each canonical field that holds a value, writing the normalized value over the received one in
 * the object it is given, the way zod's own `overwrite` replaces a value from within a check. Unknown
 * keys and the key order are untouched.
 */
function normalizeFieldsInPlace(payload: z.core.ParsePayload<CustomerRecord>): void {
	const record = payload.value;
	// Walking the record's own keys (V8's for-in fast path) beat looking up all 22 field names.
	for (const key in record) {
		const check = checkForKey(key);
		if (check === undefined) continue;
		const value = record[key];
		if (isAbsent(value)) continue;
		const result = check(value);
		if (!result.ok) {
			payload.issues.push({
				code: 'custom',
				input: value,
				path: [key],
				message: result.message,
				params: { rule: result.rule },
			});
		} else if (result.value !== value) {
			record[key] = result.value;
		}
	}
}

function normalizeFieldsOfCopy(payload: z.core.ParsePayload<CustomerRecord>): void {
	payload.value = { ...payload.value };
	normalizeFieldsInPlace(payload);
}

function customerSchemaOf(normalize: (payload: z.core.ParsePayload<CustomerRecord>) => void) {
	return z
		.custom<CustomerRecord>(isRecordObject, {
			error: 'expected an object',
			params: { rule: 'type' },
		})
		.check(normalize);
}

/**
 * The canonical customer: an object, unknown keys kept, whose canonical fields (when present) pass
 * the check of their kind; parsing yields a copy of the record with those fields normalized. Issues carry
 * the field as path and the rule name as `params.rule`.
 *
 * One check over the whole record rather than a zod schema per field: the per-field form was about half as
 * fast (docs/ARCHITECTURE.md, "validation/", has the measurements).
 */
export const customerSchema = customerSchemaOf(normalizeFieldsOfCopy);

/**
 * The same schema, normalizing the object it parses instead of a copy: for a caller that owns a fresh
 * record (the node's pipeline), one copy of every record fewer to allocate and collect.
 */
export const customerSchemaInPlace = customerSchemaOf(normalizeFieldsInPlace);
