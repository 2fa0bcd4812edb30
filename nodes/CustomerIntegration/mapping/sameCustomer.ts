import { canonicalNameOf } from '../validation/aliases';
import { FIELD_KINDS } from '../validation/fieldKinds';
import { FIELD_BY_NAME } from '../validation/fields';
import { hasOwn } from './flatten';

/** A key the path was filled with that the record read carries with another value. */
export interface KeyMismatch {
	/** The key as the path template names it (`codigo`, `cpf`, `id`). */
	key: string;
	/** The value the path was filled with, and the one the record carries, both as given. */
	expected: string;
	found: string;
}

/**
 * Whether the record an API answered a read with is the customer the path asked for: each key the path
 * was filled with (`{codigo}`, `{cpf}`) that `current` carries must hold the same value, compared the way
 * validation normalizes it (a masked CPF is the bare one, a numeric code its text, any case). A key the
 * record does not carry, or carries empty, says nothing and is not compared.
 *
 * `current` is the record as normalizeRecord built it (canonical keys); `raw` is the API's own record,
 * for keys that are not customer fields (`id`, `_id`).
 */
export function keyMismatchOf(
	keys: Record<string, unknown>,
	current: Record<string, unknown>,
	raw: Record<string, unknown>,
): KeyMismatch | undefined {
	for (const key of Object.keys(keys)) {
		const canonical = FIELD_BY_NAME.has(key) ? key : canonicalNameOf(key);
		const found =
			canonical !== undefined && hasOwn(current, canonical)
				? current[canonical]
				: hasOwn(raw, key)
					? raw[key]
					: undefined;
		const foundText = comparable(canonical, found);
		if (foundText === undefined) continue;
		const expectedText = comparable(canonical, keys[key]);
		if (expectedText !== foundText) {
			return { key, expected: textOf(keys[key]), found: textOf(found) };
		}
	}
	return undefined;
}

function comparable(canonical: string | undefined, value: unknown): string | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const kind = canonical === undefined ? undefined : FIELD_BY_NAME.get(canonical)?.kind;
	const check = kind === undefined ? undefined : FIELD_KINDS[kind].check(value);
	const normalized = check?.ok === true ? check.value : value;
	const text = String(normalized).trim().toUpperCase();
	return text === '' ? undefined : text;
}

function textOf(value: unknown): string {
	return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}
