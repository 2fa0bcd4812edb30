import { stripSeparators } from './check';

/** Never show more than this many characters of something that is not CPF- or CNPJ-shaped. */
const MAX_VISIBLE = 6;

/**
 * Masks an identity document for messages and logs: CPF-shaped values become `***.982.247-**`,
 * CNPJ-shaped ones (numeric or alphanumeric) `**.345.678/0001-**`; anything else keeps at most the
 * middle third (and never more than six characters) visible, so no full CPF or CNPJ can come out.
 */
export function maskDocument(raw: string): string {
	const text = String(raw).trim();
	const compact = stripSeparators(text);
	if (ALPHANUMERIC.test(compact)) {
		if (compact.length === 11) {
			return `***.${compact.slice(3, 6)}.${compact.slice(6, 9)}-**`;
		}
		if (compact.length === 14) {
			return `**.${compact.slice(2, 5)}.${compact.slice(5, 8)}/${compact.slice(8, 12)}-**`;
		}
	}
	const chars = Array.from(text);
	const visible = Math.min(Math.floor(chars.length / 3), MAX_VISIBLE);
	const start = Math.floor((chars.length - visible) / 2);
	return chars
		.map((char, index) => (index >= start && index < start + visible ? char : '*'))
		.join('');
}

const ALPHANUMERIC = /^[0-9A-Za-z]+$/;
