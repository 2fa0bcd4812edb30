import { checkBoolean } from './brazil/boolean';
import { checkCep } from './brazil/cep';
import { checkCnpj } from './brazil/cnpj';
import { checkCpf } from './brazil/cpf';
import { checkDate } from './brazil/date';
import { checkDocument } from './brazil/document';
import { checkEmail } from './brazil/email';
import { checkPhone } from './brazil/phone';
import { checkRg } from './brazil/rg';
import { checkUf } from './brazil/uf';
import { type Check, failed, passed } from './check';
import {
	booleanLike,
	dateLike,
	documentLike,
	numberLike,
	phoneLike,
	ufLike,
} from './sampleStyles';

/**
 * The kinds of value a customer field can hold, and everything the package knows about each: how a value
 * is checked and normalized, and how a normalized value is written back in the style of the API's own.
 * Validation, write-back and formatting all read this one table, so a new kind is one entry here (the
 * compiler asks for it) plus its fields in fields.ts.
 */
export type FieldKind =
	| 'text'
	| 'code'
	| 'cpf'
	| 'cnpj'
	| 'document'
	| 'rg'
	| 'cep'
	| 'phone'
	| 'uf'
	| 'date'
	| 'email'
	| 'boolean';

/** A value as received (any JSON type) → its normalized form, or why it is not valid. */
export type ValueCheck = (value: unknown) => Check;

/** A normalized value → the same value written like `sample` (both neither null nor undefined). */
type SampleStyle = (value: unknown, sample: unknown) => unknown;

export interface FieldKindRules {
	check: ValueCheck;
	/**
	 * A non-negative JSON integer is read as its digits (an RG or phone some APIs store as a number);
	 * otherwise a number is refused, except by the kinds whose check reads numbers itself (text, yes/no).
	 */
	acceptsNumber: boolean;
	/** A JSON number may have lost leading zeros (CPF 01234567890 → 1234567890): the message says so. */
	leadingZerosAtRisk: boolean;
	formatLike: SampleStyle;
}

function describeType(value: unknown): string {
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'number') return 'a number';
	return `a ${typeof value}`;
}

function wrongType(value: unknown, expected: string): Check {
	return failed('type', `expected ${expected}, got ${describeType(value)}`);
}

function checkText(value: unknown): Check {
	if (typeof value === 'string') return passed(value.trim());
	if (typeof value === 'number' && Number.isFinite(value)) return passed(String(value));
	return wrongType(value, 'text');
}

function checkYesNo(value: unknown): Check {
	return typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number'
		? checkBoolean(value)
		: wrongType(value, 'a yes/no value');
}

/** The check of a kind whose values are text with a rule of their own (`parse`). */
function textCheck(
	parse: (raw: string) => Check,
	what: string,
	acceptsNumber: boolean,
	leadingZerosAtRisk: boolean,
): ValueCheck {
	if (acceptsNumber) {
		return (value) => {
			if (typeof value === 'string') return parse(value);
			if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
				return parse(String(value));
			}
			return wrongType(value, 'text');
		};
	}
	const numberMessage = leadingZerosAtRisk
		? `expected the ${what} as text, got a number (leading zeros may have been lost)`
		: `expected the ${what} as text, got a number`;
	return (value) => {
		if (typeof value === 'string') return parse(value);
		if (typeof value === 'number') return failed('type', numberMessage);
		return wrongType(value, 'text');
	};
}

function textKind(
	parse: (raw: string) => Check,
	what: string,
	options: { acceptsNumber?: boolean; leadingZerosAtRisk?: boolean; formatLike: SampleStyle },
): FieldKindRules {
	const acceptsNumber = options.acceptsNumber ?? false;
	const leadingZerosAtRisk = options.leadingZerosAtRisk ?? false;
	return {
		check: textCheck(parse, what, acceptsNumber, leadingZerosAtRisk),
		acceptsNumber,
		leadingZerosAtRisk,
		formatLike: options.formatLike,
	};
}

const likeText: SampleStyle = (value, sample) =>
	typeof value === 'string' && typeof sample === 'number' ? numberLike(value) : value;
const likeDocument: SampleStyle = (value, sample) =>
	typeof value === 'string' && typeof sample === 'string' ? documentLike(value, sample) : value;
const likeDate: SampleStyle = (value, sample) =>
	typeof value === 'string' && typeof sample === 'string' ? dateLike(value, sample) : value;
const likePhone: SampleStyle = (value, sample) =>
	typeof value === 'string' ? phoneLike(value, sample) : value;
const likeUf: SampleStyle = (value, sample) =>
	typeof value === 'string' && typeof sample === 'string' ? ufLike(value, sample) : value;
const likeBoolean: SampleStyle = (value, sample) =>
	typeof value === 'boolean' ? booleanLike(value, sample) : value;
const asGiven: SampleStyle = (value) => value;

export const FIELD_KINDS: Readonly<Record<FieldKind, FieldKindRules>> = {
	text: { check: checkText, acceptsNumber: false, leadingZerosAtRisk: false, formatLike: likeText },
	code: { check: checkText, acceptsNumber: false, leadingZerosAtRisk: false, formatLike: likeText },
	cpf: textKind(checkCpf, 'CPF', { leadingZerosAtRisk: true, formatLike: likeDocument }),
	cnpj: textKind(checkCnpj, 'CNPJ', { leadingZerosAtRisk: true, formatLike: likeDocument }),
	document: textKind(checkDocument, 'document', {
		leadingZerosAtRisk: true,
		formatLike: likeDocument,
	}),
	rg: textKind(checkRg, 'RG', { acceptsNumber: true, formatLike: likeDocument }),
	cep: textKind(checkCep, 'CEP', { leadingZerosAtRisk: true, formatLike: likeDocument }),
	phone: textKind(checkPhone, 'phone', { acceptsNumber: true, formatLike: likePhone }),
	uf: textKind(checkUf, 'state', { formatLike: likeUf }),
	date: textKind(checkDate, 'date', { formatLike: likeDate }),
	email: textKind(checkEmail, 'email', { formatLike: asGiven }),
	boolean: {
		check: checkYesNo,
		acceptsNumber: false,
		leadingZerosAtRisk: false,
		formatLike: likeBoolean,
	},
};
