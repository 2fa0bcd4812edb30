import { type Check, failed, passed, stripSeparators } from '../check';
import { maskDocument } from '../mask';
import { isRepeatedDigit } from './cpf';

const DV1_WEIGHTS = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const DV2_WEIGHTS = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

/**
 * CNPJ, numeric or alphanumeric (IN RFB 2.229/2024, from July 2026): 12 characters `[0-9A-Z]` then
 * two numeric mod-11 check digits, each character worth its ASCII code minus 48 (so numeric CNPJs
 * keep their check digits). Lowercase letters are accepted and upper-cased; `.`, `-`, `/` and
 * spaces are ignored.
 */
export function checkCnpj(raw: string): Check {
	const compact = stripSeparators(raw.trim());
	const chars = hasLowercase(compact) ? compact.toUpperCase() : compact;
	for (let i = 0; i < chars.length; i++) {
		const code = chars.charCodeAt(i);
		const isDigit = code >= 48 && code <= 57;
		if (!isDigit && (i >= 12 || code < 65 || code > 90)) {
			return failed(
				'format',
				`must be 12 letters or digits followed by 2 check digits (${maskDocument(raw)})`,
			);
		}
	}
	if (chars.length !== 14) {
		return failed('length', `must have 14 characters, found ${chars.length} (${maskDocument(raw)})`);
	}
	if (isRepeatedDigit(chars)) {
		return failed('repeatedDigits', `a repeated-digit sequence is not a valid CNPJ (${maskDocument(raw)})`);
	}
	if (!hasValidCnpjCheckDigits(chars)) {
		return failed('checkDigits', `check digits do not match (${maskDocument(raw)})`);
	}
	return passed(chars);
}

/** `chars` must be 12 characters `[0-9A-Z]` followed by 2 digits. */
export function hasValidCnpjCheckDigits(chars: string): boolean {
	return (
		cnpjCheckDigit(chars, DV1_WEIGHTS) === chars.charCodeAt(12) - 48 &&
		cnpjCheckDigit(chars, DV2_WEIGHTS) === chars.charCodeAt(13) - 48
	);
}

export function cnpjCheckDigit(chars: string, weights: readonly number[]): number {
	let sum = 0;
	for (let i = 0; i < weights.length; i++) sum += (chars.charCodeAt(i) - 48) * weights[i];
	const remainder = sum % 11;
	return remainder < 2 ? 0 : 11 - remainder;
}

function hasLowercase(value: string): boolean {
	for (let i = 0; i < value.length; i++) {
		const code = value.charCodeAt(i);
		if (code >= 97 && code <= 122) return true;
	}
	return false;
}
