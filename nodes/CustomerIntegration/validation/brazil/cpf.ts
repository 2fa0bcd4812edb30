import { type Check, failed, passed, stripSeparators } from '../check';
import { maskDocument } from '../mask';

/**
 * CPF (Receita Federal): 11 digits, the last two mod-11 check digits. `.`, `-`, `/` and spaces are
 * ignored. The ten repeated-digit sequences pass the checksum but are not real CPFs.
 */
export function checkCpf(raw: string): Check {
	const digits = stripSeparators(raw.trim());
	for (let i = 0; i < digits.length; i++) {
		const code = digits.charCodeAt(i);
		if (code < 48 || code > 57) {
			return failed('format', `must contain only digits (${maskDocument(raw)})`);
		}
	}
	if (digits.length !== 11) {
		return failed('length', `must have 11 digits, found ${digits.length} (${maskDocument(raw)})`);
	}
	if (isRepeatedDigit(digits)) {
		return failed('repeatedDigits', `a repeated-digit sequence is not a valid CPF (${maskDocument(raw)})`);
	}
	if (!hasValidCpfCheckDigits(digits)) {
		return failed('checkDigits', `check digits do not match (${maskDocument(raw)})`);
	}
	return passed(digits);
}

/** `digits` must be 11 ASCII digits. */
export function hasValidCpfCheckDigits(digits: string): boolean {
	return (
		cpfCheckDigit(digits, 9) === digits.charCodeAt(9) - 48 &&
		cpfCheckDigit(digits, 10) === digits.charCodeAt(10) - 48
	);
}

/** The check digit over the first `length` digits: weights length+1 down to 2. */
export function cpfCheckDigit(digits: string, length: number): number {
	let sum = 0;
	for (let i = 0; i < length; i++) sum += (digits.charCodeAt(i) - 48) * (length + 1 - i);
	const remainder = sum % 11;
	return remainder < 2 ? 0 : 11 - remainder;
}

export function isRepeatedDigit(value: string): boolean {
	const first = value.charCodeAt(0);
	for (let i = 1; i < value.length; i++) if (value.charCodeAt(i) !== first) return false;
	return true;
}
