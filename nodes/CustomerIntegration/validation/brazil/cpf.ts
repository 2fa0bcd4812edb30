import { type Check, failed, isDigits, passed, stripSeparators } from '../check';
import { quoteDocument } from '../mask';

/**
 * CPF (Receita Federal): 11 digits, the last two mod-11 check digits. `.`, `-`, `/` and spaces are
 * ignored. The ten repeated-digit sequences pass the checksum but are not real CPFs.
 */
export function checkCpf(raw: string): Check {
	const digits = stripSeparators(raw.trim());
	if (!isDigits(digits)) return failed('format', `must contain only digits (${quoteDocument(raw)})`);
	if (digits.length !== 11) {
		return failed('length', `must have 11 digits, found ${digits.length} (${quoteDocument(raw)})`);
	}
	if (isRepeatedCharacter(digits)) {
		return failed(
			'repeatedDigits',
			`a repeated-digit sequence is not a valid CPF (${quoteDocument(raw)})`,
		);
	}
	if (!hasValidCpfCheckDigits(digits)) {
		return failed('checkDigits', `check digits do not match (${quoteDocument(raw)})`);
	}
	return passed(digits);
}

/** `digits` must be 11 ASCII digits. Weights 10..2 for the first digit, 11..2 for the second. */
export function hasValidCpfCheckDigits(digits: string): boolean {
	let first = 0;
	let second = 0;
	for (let i = 0; i < 9; i++) {
		const digit = digits.charCodeAt(i) - 48;
		first += digit * (10 - i);
		second += digit * (11 - i);
	}
	const firstCheck = checkDigitOf(first);
	second += firstCheck * 2;
	return (
		firstCheck === digits.charCodeAt(9) - 48 && checkDigitOf(second) === digits.charCodeAt(10) - 48
	);
}

/** The mod-11 rule shared by CPF and CNPJ: remainder 0 or 1 gives 0, else 11 − remainder. */
export function checkDigitOf(weightedSum: number): number {
	const remainder = weightedSum % 11;
	return remainder < 2 ? 0 : 11 - remainder;
}

export function isRepeatedCharacter(value: string): boolean {
	const first = value.charCodeAt(0);
	for (let i = 1; i < value.length; i++) if (value.charCodeAt(i) !== first) return false;
	return true;
}
