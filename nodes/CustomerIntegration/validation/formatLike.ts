import { FIELD_KINDS, type FieldKind } from './fieldKinds';

/**
 * Renders a normalized value (ISO date, bare digits, E.164 phone, boolean, UF code) in the style of
 * a raw sample of the same field from the same API, so that a record written back looks like what
 * the API sent. Without a usable sample, or for a value that is not in normalized form (an invalid
 * value kept as received), the value is returned unchanged. Never throws.
 */
export function formatLike(kind: FieldKind, value: unknown, sample: unknown): unknown {
	if (value === undefined || value === null || sample === undefined || sample === null) {
		return value;
	}
	return FIELD_KINDS[kind].formatLike(value, sample);
}
