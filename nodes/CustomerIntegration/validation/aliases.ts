import { type CanonicalField, CUSTOMER_FIELDS, FIELD_BY_NAME, normalizeKey } from './fields';

/**
 * Raw API key → canonical field name. Runs for every key of every record, so the alias tables are built
 * once at module load and answers are memoized per raw key (the same keys repeat in every record).
 */

/** Shorter prefixes match too many unrelated words ('tele', 'ende'). */
const MIN_TRUNCATED_LENGTH = 6;
/** Enough for every distinct key of any real API; cleared when full so hostile input cannot grow it. */
const MEMO_LIMIT = 10_000;
const AMBIGUOUS = '';

function buildExactMap(): Map<string, string> {
	const exact = new Map<string, string>();
	for (const field of CUSTOMER_FIELDS) {
		for (const alias of [normalizeKey(field.name), ...field.aliases]) {
			// An alias listed for two fields would make the answer depend on list order: first one wins.
			if (!exact.has(alias)) exact.set(alias, field.name);
		}
	}
	return exact;
}

/** Every prefix (≥ MIN_TRUNCATED_LENGTH) of every alias → its field, or AMBIGUOUS if several fields share it. */
function buildPrefixMap(): Map<string, string> {
	const prefixes = new Map<string, string>();
	for (const field of CUSTOMER_FIELDS) {
		for (const alias of field.aliases) {
			for (let length = MIN_TRUNCATED_LENGTH; length < alias.length; length++) {
				const prefix = alias.slice(0, length);
				const known = prefixes.get(prefix);
				if (known === undefined) prefixes.set(prefix, field.name);
				else if (known !== field.name) prefixes.set(prefix, AMBIGUOUS);
			}
		}
	}
	return prefixes;
}

const EXACT = buildExactMap();
const PREFIXES = buildPrefixMap();
const memo = new Map<string, string | null>();

function resolve(rawKey: string): string | undefined {
	const key = normalizeKey(rawKey);
	const exact = EXACT.get(key);
	if (exact !== undefined) return exact;
	if (key.length < MIN_TRUNCATED_LENGTH) return undefined;
	const truncated = PREFIXES.get(key);
	return truncated === undefined || truncated === AMBIGUOUS ? undefined : truncated;
}

/**
 * The canonical name for a raw key: an exact alias match (after normalizeKey), else a truncated key that
 * is a prefix of aliases of exactly one field (`data_nascimen` → `dataNascimento`). Unknown or ambiguous
 * keys give undefined.
 */
export function canonicalNameOf(rawKey: string): string | undefined {
	const cached = memo.get(rawKey);
	if (cached !== undefined) return cached === null ? undefined : cached;
	const name = resolve(rawKey);
	if (memo.size >= MEMO_LIMIT) memo.clear();
	memo.set(rawKey, name ?? null);
	return name;
}

/**
 * The field a key names: its own when the key is a canonical name, else the one it is an alias of. A second
 * name of a field (`CPF` beside `cpf`) keeps its own key in a record, and is checked and written back by this
 * field's rules.
 */
export function fieldNamedBy(key: string): CanonicalField | undefined {
	const field = FIELD_BY_NAME.get(key);
	if (field !== undefined) return field;
	const name = canonicalNameOf(key);
	return name === undefined ? undefined : FIELD_BY_NAME.get(name);
}
