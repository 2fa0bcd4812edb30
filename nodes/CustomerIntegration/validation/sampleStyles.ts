import { STATE_NAMES, stateCodeOfName } from './brazil/uf';

/**
 * How a normalized value (ISO date, bare digits, E.164 phone, boolean, UF code) is written in the style of
 * a raw sample of the same field from the same API. Each function takes a value that is not null or
 * undefined; one that is not in normalized form (an invalid value kept as received) comes back unchanged.
 * fieldKinds.ts says which style each field kind uses.
 */

export function dateLike(value: string, rawSample: string): string {
	const iso = ISO_DATE.exec(value);
	if (iso === null) return value;
	const sample = rawSample.trim();
	const brazilian = BRAZILIAN_DATE_SAMPLE.exec(sample);
	if (brazilian !== null) {
		const separator = brazilian[1];
		return `${iso[3]}${separator}${iso[2]}${separator}${iso[1]}`;
	}
	const dateTime = DATE_TIME_SAMPLE.exec(sample);
	if (dateTime !== null) {
		// The sample's time belongs to another record: keep its shape and offset, not its clock.
		const [, separator, time, offset = ''] = dateTime;
		return `${value}${separator}${time.replace(DIGITS, '0')}${offset}`;
	}
	return value;
}

/** CPF, CNPJ, CEP, RG: the sample's own mask when it has as many characters, else the usual one. */
export function documentLike(value: string, rawSample: string): string {
	if (!NORMALIZED_DOCUMENT.test(value)) return value;
	const sample = rawSample.trim();
	if (!HAS_SEPARATOR.test(sample)) return value;
	const slots = sample.replace(NOT_ALPHANUMERIC, '').length;
	if (slots === value.length) {
		let next = 0;
		return sample.replace(ALPHANUMERIC_CHARACTER, () => value[next++]);
	}
	const mask = STANDARD_MASKS[value.length];
	if (mask === undefined) return value;
	let next = 0;
	return mask.replace(MASK_SLOT, () => value[next++]);
}

export function phoneLike(value: string, sample: unknown): unknown {
	if (!E164_BRAZIL.test(value) || (typeof sample !== 'string' && typeof sample !== 'number')) {
		return value;
	}
	const style = PHONE_SAMPLE.exec(String(sample).trim());
	if (style === null) return value;
	const [
		,
		country = '',
		afterCountry,
		open = '',
		trunk = '',
		,
		close = '',
		afterAreaCode,
		,
		middle,
	] = style;
	const areaCode = value.slice(3, 5);
	const subscriber = value.slice(5);
	const rendered =
		country +
		afterCountry +
		open +
		trunk +
		areaCode +
		close +
		afterAreaCode +
		subscriber.slice(0, -4) +
		middle +
		subscriber.slice(-4);
	return typeof sample === 'number' && ALL_DIGITS.test(rendered) ? Number(rendered) : rendered;
}

/** Pairs of spellings, in the order [true, false]; the sample picks the pair and the case. */
const BOOLEAN_VOCABULARIES: ReadonlyArray<readonly [string, string]> = [
	['TRUE', 'FALSE'],
	['SIM', 'NÃO'],
	['SIM', 'NAO'],
	['S', 'N'],
	['1', '0'],
	['YES', 'NO'],
	['Y', 'N'],
];

export function booleanLike(value: boolean, sample: unknown): unknown {
	if (typeof sample === 'boolean') return value;
	if (typeof sample === 'number') return sample === 1 || sample === 0 ? Number(value) : value;
	if (typeof sample !== 'string') return value;
	const word = sample.trim();
	const upper = word.toUpperCase().normalize('NFC');
	const pair = BOOLEAN_VOCABULARIES.find(([yes, no]) => yes === upper || no === upper);
	if (pair === undefined) return value;
	return inCaseOf(word, value ? pair[0] : pair[1]);
}

export function ufLike(value: string, rawSample: string): string {
	const name = STATE_NAMES[value];
	if (name === undefined) return value;
	const sample = rawSample.trim();
	if (sample.length === 2) return inCaseOf(sample, value);
	const sampleCode = stateCodeOfName(sample);
	if (sampleCode === undefined) return value;
	// Only a sample whose official name has accents tells whether this API writes them.
	const sampleDropsAccents = hasAccent(STATE_NAMES[sampleCode]) && !hasAccent(sample);
	const styled = sampleDropsAccents ? withoutAccents(name) : name;
	return sample === sample.toUpperCase() || sample === sample.toLowerCase()
		? inCaseOf(sample, styled)
		: styled;
}

export function numberLike(value: string): unknown {
	const number = Number(value);
	return NUMERIC.test(value) && Number.isFinite(number) ? number : value;
}

/** `word` in the case of `sample`: all lower, Capitalized, or all upper. */
function inCaseOf(sample: string, word: string): string {
	if (sample === sample.toLowerCase() && sample !== sample.toUpperCase()) return word.toLowerCase();
	const isCapitalized =
		sample.length > 1 &&
		sample[0] === sample[0].toUpperCase() &&
		sample.slice(1) === sample.slice(1).toLowerCase() &&
		sample.slice(1) !== sample.slice(1).toUpperCase();
	if (isCapitalized) return word[0].toUpperCase() + word.slice(1).toLowerCase();
	return word.toUpperCase();
}

function hasAccent(text: string): boolean {
	return withoutAccents(text) !== text;
}

function withoutAccents(text: string): string {
	return text.normalize('NFD').replace(COMBINING_MARKS, '');
}

const STANDARD_MASKS: Readonly<Record<number, string>> = {
	8: '#####-###',
	11: '###.###.###-##',
	14: '##.###.###/####-##',
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const BRAZILIAN_DATE_SAMPLE = /^\d{1,2}([/.-])\d{1,2}\1\d{4}$/;
const DATE_TIME_SAMPLE =
	/^\d{4}-\d{2}-\d{2}([T ])(\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DIGITS = /\d/g;
const NORMALIZED_DOCUMENT = /^[0-9A-Z]+$/;
const HAS_SEPARATOR = /[.\-/\s]/;
const NOT_ALPHANUMERIC = /[^0-9A-Za-z]/g;
const ALPHANUMERIC_CHARACTER = /[0-9A-Za-z]/g;
const MASK_SLOT = /#/g;
const E164_BRAZIL = /^\+55\d{10,11}$/;
/** country, separator, (, trunk 0, area code, ), separator, head, separator, last four digits. */
const PHONE_SAMPLE = /^(\+55|55)?([\s-]*)(\()?(0)?(\d{2})(\))?([\s-]*)(\d{4,5})([\s.-]*)(\d{4})$/;
const ALL_DIGITS = /^\d+$/;
const NUMERIC = /^-?\d+(?:\.\d+)?$/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
