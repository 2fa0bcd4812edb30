import { type Check, failed, isDigits, passed, quote, stripSeparators } from '../check';

/** CEP (Correios): 8 digits, no check digit, so only the shape can be checked offline. */
export function checkCep(raw: string): Check {
	const digits = stripSeparators(raw.trim());
	if (!isDigits(digits)) return failed('format', `must contain only digits (${quote(raw)})`);
	if (digits.length !== 8) {
		return failed('length', `must have 8 digits, found ${digits.length} (${quote(raw)})`);
	}
	return passed(digits);
}
