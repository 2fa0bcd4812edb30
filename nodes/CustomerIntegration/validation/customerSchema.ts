import { z } from 'zod/v4';
import { CUSTOMER_FIELDS, type FieldKind } from '../mapping/fields';
import { checkBoolean } from './brazil/boolean';
import { checkCep } from './brazil/cep';
import { checkCnpj } from './brazil/cnpj';
import { checkCpf } from './brazil/cpf';
import { checkDate } from './brazil/date';
import { checkEmail } from './brazil/email';
import { checkPhone } from './brazil/phone';
import { checkRg } from './brazil/rg';
import { checkUf } from './brazil/uf';
import { type Check, failed, passed, stripSeparators } from './check';
import { maskDocument } from './mask';

/**
 * The canonical customer as one zod/v4 schema: a loose object (unknown keys pass through) whose
 * fields are all optional and each run the check of their kind. A check replaces the value with its
 * normalized form (the way zod's own `overwrite` does) or adds an issue carrying the rule name.
 *
 * Built once at module load. The checks are plain functions, not regexes or closures made per
 * record, and each field is `unknown` + one check: a `z.string()` base or a `.transform()` pipe
 * would add a layer per field without checking anything the function does not already check.
 */

/** Absent means no value to check: undefined, null, '' or only whitespace. */
export function isAbsent(value: unknown): boolean {
	return (
		value === undefined ||
		value === null ||
		(typeof value === 'string' && (value.length === 0 || value.trim().length === 0))
	);
}

type ValueCheck = (value: unknown) => Check;

function describeType(value: unknown): string {
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'number') return 'a number';
	return `a ${typeof value}`;
}

function wrongType(value: unknown, expected: string): Check {
	return failed('type', `expected ${expected}, got ${describeType(value)}`);
}

/** Numbers are refused for identifiers whose leading zeros a number would have dropped. */
function textOnly(check: (raw: string) => Check, what: string): ValueCheck {
	return (value) => {
		if (typeof value === 'string') return check(value);
		if (typeof value === 'number') {
			return failed(
				'type',
				`expected the ${what} as text, got a number (leading zeros may have been lost)`,
			);
		}
		return wrongType(value, 'text');
	};
}

function textOrInteger(check: (raw: string) => Check): ValueCheck {
	return (value) => {
		if (typeof value === 'string') return check(value);
		if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
			return check(String(value));
		}
		return wrongType(value, 'text');
	};
}

function checkText(value: unknown): Check {
	if (typeof value === 'string') return passed(value.trim());
	if (typeof value === 'number' && Number.isFinite(value)) return passed(String(value));
	return wrongType(value, 'text');
}

/** CPF when it has 11 characters once unmasked, CNPJ when 14. */
export function checkDocument(raw: string): Check {
	const length = stripSeparators(raw.trim()).length;
	if (length === 11) return checkCpf(raw);
	if (length === 14) return checkCnpj(raw);
	return failed(
		'length',
		`must have 11 (CPF) or 14 (CNPJ) characters, found ${length} (${maskDocument(raw)})`,
	);
}

export const VALUE_CHECKS: Readonly<Record<FieldKind, ValueCheck>> = {
	text: checkText,
	code: checkText,
	cpf: textOnly(checkCpf, 'CPF'),
	cnpj: textOnly(checkCnpj, 'CNPJ'),
	document: textOnly(checkDocument, 'document'),
	rg: textOrInteger(checkRg),
	cep: textOnly(checkCep, 'CEP'),
	phone: textOrInteger(checkPhone),
	uf: textOnly(checkUf, 'state'),
	date: textOnly(checkDate, 'date'),
	email: textOnly(checkEmail, 'email'),
	boolean: (value) =>
		typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number'
			? checkBoolean(value)
			: wrongType(value, 'a yes/no value'),
};

function fieldSchema(kind: FieldKind) {
	const check = VALUE_CHECKS[kind];
	return z
		.unknown()
		.check((payload) => {
			const value = payload.value;
			if (isAbsent(value)) return;
			const result = check(value);
			if (result.ok) {
				payload.value = result.value;
			} else {
				payload.issues.push({
					code: 'custom',
					input: value,
					message: result.message,
					params: { rule: result.rule },
				});
			}
		})
		.optional();
}

export const CUSTOMER_SHAPE = Object.fromEntries(
	CUSTOMER_FIELDS.map((field) => [field.name, fieldSchema(field.kind)]),
);

export const customerSchema = z.looseObject(CUSTOMER_SHAPE);
