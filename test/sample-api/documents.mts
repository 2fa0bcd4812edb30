/**
 * Check digits for the generated dataset. Written here on purpose instead of imported from nodes/:
 * the sample API plays the customer's system and must not share the node's code, or a bug in the
 * node's validator would be mirrored by the data it is tested against.
 */

function mod11Digit(sum: number): number {
	const rest = sum % 11;
	return rest < 2 ? 0 : 11 - rest;
}

/** 9 base digits → the 2 CPF check digits. */
export function cpfCheckDigits(base: string): string {
	let sum = 0;
	for (let i = 0; i < 9; i++) sum += Number(base[i]) * (10 - i);
	const first = mod11Digit(sum);
	sum = 0;
	for (let i = 0; i < 9; i++) sum += Number(base[i]) * (11 - i);
	sum += first * 2;
	return `${first}${mod11Digit(sum)}`;
}

const CNPJ_WEIGHTS = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

/** Value of a CNPJ character: ASCII code − 48 (digits 0–9, 'A' = 17 … 'Z' = 42), as in IN RFB 2.229/2024. */
function cnpjCharValue(char: string): number {
	return char.charCodeAt(0) - 48;
}

/** 12 base characters ([0-9A-Z]) → the 2 numeric CNPJ check digits. */
export function cnpjCheckDigits(base: string): string {
	let sum = 0;
	for (let i = 0; i < 12; i++) sum += cnpjCharValue(base[i]) * CNPJ_WEIGHTS[i + 1];
	const first = mod11Digit(sum);
	sum = 0;
	for (let i = 0; i < 12; i++) sum += cnpjCharValue(base[i]) * CNPJ_WEIGHTS[i];
	sum += first * CNPJ_WEIGHTS[12];
	return `${first}${mod11Digit(sum)}`;
}

export function maskCpf(cpf: string): string {
	return `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`;
}

export function maskCnpj(cnpj: string): string {
	return `${cnpj.slice(0, 2)}.${cnpj.slice(2, 5)}.${cnpj.slice(5, 8)}/${cnpj.slice(8, 12)}-${cnpj.slice(12)}`;
}

/** A wrong second check digit, so a record is invalid by exactly one rule. */
export function breakLastDigit(document: string): string {
	const last = Number(document[document.length - 1]);
	return document.slice(0, -1) + String((last + 1) % 10);
}
