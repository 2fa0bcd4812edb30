import type { CanonicalField } from '../validation/fields';
import { FIELD_BY_NAME } from '../validation/fields';

/** The value types the editor's field list can show (a subset of n8n's resource mapper field types). */
export type SampleFieldType = 'string' | 'number' | 'boolean' | 'object' | 'array';

export interface SampleField {
	/** The key as the node outputs it: the canonical name of a known field, else the API's own key. */
	key: string;
	/** Set for the known customer fields, which the node checks and writes back in the API's own names. */
	canonical?: CanonicalField;
	type: SampleFieldType;
}

/**
 * The id of the line of the editor's field list that says the list is the standard one because the API
 * could not be read. It is read-only and never sent (Update skips it).
 */
export const FALLBACK_NOTICE_ID = '__standardFieldsOnly';

/** Node metadata is not customer data; `_id` and the like are the API's own and stay. */
const NODE_FIELDS = new Set(['_validation', '_update', '_found', '_webservice']);

/**
 * The fields a few sample records have (normalized records: canonical keys), in the order they first
 * appear, each typed by its values. A known field keeps its kind's type (a CPF stored as a number is
 * still entered as text); another field is typed by the first value that is not empty, and a field whose
 * samples disagree, or are all empty, is text.
 */
export function describeSampleFields(records: Array<Record<string, unknown>>): SampleField[] {
	const types = new Map<string, SampleFieldType | 'mixed' | undefined>();
	for (const record of records) {
		for (const [key, value] of Object.entries(record)) {
			if (NODE_FIELDS.has(key)) continue;
			const seen = types.get(key);
			const type = typeOfValue(value);
			if (!types.has(key)) types.set(key, type);
			else if (type !== undefined && seen !== type)
				types.set(key, seen === undefined ? type : 'mixed');
		}
	}
	return [...types].map(([key, guessed]) => {
		const canonical = FIELD_BY_NAME.get(key);
		if (canonical) {
			return { key, canonical, type: canonical.kind === 'boolean' ? 'boolean' : 'string' };
		}
		return { key, type: guessed === undefined || guessed === 'mixed' ? 'string' : guessed };
	});
}

function typeOfValue(value: unknown): SampleFieldType | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	if (typeof value === 'boolean') return 'boolean';
	if (typeof value === 'number') return Number.isFinite(value) ? 'number' : 'string';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'object') return 'object';
	return 'string';
}
