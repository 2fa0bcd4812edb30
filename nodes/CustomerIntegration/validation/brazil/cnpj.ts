import { type Check, failed, passed, stripSeparators } from '../check';
import { quoteDocument } from '../mask';
import { checkDigitOf, isRepeatedCharacter } from './cpf';

/**
 * CNPJ, numeric or alphanumeric (IN RFB 2.229/2024, from July 2026): 12 characters `[0-9A-Z]` then
 * two numeric mod-11 check digits, each character worth its ASCII code minus 48 (so numeric CNPJs
 * keep their check digits). Lowercase letters are accepted and upper-cased; `.`, `-`, `/` and
 * spaces are ignored.
 */
export function checkCnpj(raw: string): Check {
	const compact = stripSeparators(raw.trim());
	const chars = hasLowercase(compact) ? compact.toUpperCase() : compact;
	if (!isCnpjShaped(chars)) {
		return failed(
			'format',
			`must be 12 letters or digits followed by 2 check digits (${quoteDocument(raw)})`,
		);
	}
	if (chars.length !== 14) {
		return failed(
			'length',
			`must have 14 characters, found ${chars.length} (${quoteDocument(raw)})`,
		);
	}
	if (isRepeatedCharacter(chars)) {
		return failed(
			'repeatedDigits',
			`a repeated-digit sequence is not a valid CNPJ (${quoteDocument(raw)})`,
		);
	}
	if (!hasValidCnpjCheckDigits(chars)) {
		return failed('checkDigits', `check digits do not match (${quoteDocument(raw)})`);
	}
	return passed(chars);
}

/**
 * `chars` must be 12 characters `[0-9A-Z]` followed by 2 digits. Weights 5..2,9..2 for the first
 * check digit and 6..2,9..2 for the second, over the values ASCII − 48.
 */
export function hasValidCnpjCheckDigits(chars: string): boolean {
	let first = 0;
	let second = 0;
	for (let i = 0; i < 12; i++) {
		const value = chars.charCodeAt(i) - 48;
		first += value * (i < 4 ? 5 - i : 13 - i);
		second += value * (i < 5 ? 6 - i : 14 - i);
	}
	const firstCheck = checkDigitOf(first);
	second += firstCheck * 2;
	return (
		firstCheck === chars.charCodeAt(12) - 48 && checkDigitOf(second) === chars.charCodeAt(13) - 48
	);
}

/** Letters and digits, except that positions 13 and 14 (the check digits) must be digits. */
function isCnpjShaped(chars: string): boolean {
	for (let i = 0; i < chars.length; i++) {
		const code = chars.charCodeAt(i);
		const isDigit = code >= 48 && code <= 57;
		if (!isDigit && (i >= 12 || code < 65 || code > 90)) return false;
	}
	return true;
}

function hasLowercase(value: string): boolean {
	for (let i = 0; i < value.length; i++) {
		const code = value.charCodeAt(i);
		if (code >= 97 && code <= 122) return true;
	}
	return false;
}
