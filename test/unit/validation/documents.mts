/**
 * Test-side CPF/CNPJ builders, written the textbook way (weight tables, Array.reduce) so that they
 * do not share code with the implementation under test.
 */
import fc from 'fast-check';

const CPF_WEIGHTS_1 = [10, 9, 8, 7, 6, 5, 4, 3, 2];
const CPF_WEIGHTS_2 = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_WEIGHTS_1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_WEIGHTS_2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

function mod11(values: number[], weights: number[]): number {
	const sum = weights.reduce((total, weight, index) => total + weight * values[index], 0);
	return sum % 11 < 2 ? 0 : 11 - (sum % 11);
}

/** 9 digits → the 11-digit CPF with its check digits. */
export function cpfOf(base: string): string {
	const values = [...base].map(Number);
	values.push(mod11(values, CPF_WEIGHTS_1));
	values.push(mod11(values, CPF_WEIGHTS_2));
	return values.join('');
}

/** 12 characters [0-9A-Z] → the 14-character CNPJ with its check digits (value = ASCII − 48). */
export function cnpjOf(base: string): string {
	const values = [...base].map((char) => char.charCodeAt(0) - 48);
	const first = mod11(values, CNPJ_WEIGHTS_1);
	const second = mod11([...values, first], CNPJ_WEIGHTS_2);
	return `${base}${first}${second}`;
}

export function formatCpf(digits: string): string {
	return `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6, 9)}-${digits.slice(9)}`;
}

export function formatCnpj(chars: string): string {
	return `${chars.slice(0, 2)}.${chars.slice(2, 5)}.${chars.slice(5, 8)}/${chars.slice(8, 12)}-${chars.slice(12)}`;
}

export const digits = (length: number) =>
	fc
		.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length })
		.map((values) => values.join(''));

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export const alphanumerics = (length: number) =>
	fc
		.array(fc.integer({ min: 0, max: ALPHANUMERIC.length - 1 }), {
			minLength: length,
			maxLength: length,
		})
		.map((indexes) => indexes.map((index) => ALPHANUMERIC[index]).join(''));

/** Valid CPFs (11 digits) minus the repeated-digit sequences, which pass the checksum. */
export const validCpf = digits(9)
	.map(cpfOf)
	.filter((cpf) => !/^(\d)\1{10}$/.test(cpf));

export const validNumericCnpj = digits(12)
	.map(cnpjOf)
	.filter((cnpj) => !/^(\d)\1{13}$/.test(cnpj));

/** Alphanumeric CNPJs with at least one letter. */
export const validAlphanumericCnpj = alphanumerics(12)
	.filter((base) => /[A-Z]/.test(base))
	.map(cnpjOf);

/** Replace the character at `index` with a different digit. */
export function withDigitChanged(value: string, index: number, shift: number): string {
	const current = value.charCodeAt(index) - 48;
	const next = current >= 0 && current <= 9 ? (current + 1 + (shift % 9)) % 10 : shift % 10;
	return value.slice(0, index) + String(next) + value.slice(index + 1);
}
