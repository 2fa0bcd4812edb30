import { type Check, failed, passed, quote } from '../check';

/**
 * Email address, Unicode allowed on both sides (`joão@exemplo.com.br`, `user@domínio.com.br`):
 * one `@`, a local part without spaces or quotes and without leading, trailing or doubled dots,
 * and a domain of dot-separated labels ending in a top-level domain of two or more characters.
 */
export function checkEmail(raw: string): Check {
	const text = raw.trim();
	// The ASCII pattern is the same rule without Unicode property classes, and several times faster.
	const valid = text.length <= 254 && (isAscii(text) ? ASCII_EMAIL : EMAIL).test(text);
	return valid ? passed(text) : failed('format', `not a valid email address (${quote(raw)})`);
}

function isAscii(text: string): boolean {
	for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 128) return false;
	return true;
}

function emailPattern(letters: string, digits: string, flags: string): RegExp {
	const localCharacter = '[^\\s@"(),:;<>\\[\\]\\\\.]';
	const letterOrDigit = `[${letters}${digits}]`;
	const inner = `[${letters}${digits}-]{0,61}`;
	const label = `${letterOrDigit}(?:${inner}${letterOrDigit})?`;
	const topLevel = `[${letters}]${inner}${letterOrDigit}`;
	return new RegExp(
		`^${localCharacter}+(?:\\.${localCharacter}+)*@(?:${label}\\.)+${topLevel}$`,
		flags,
	);
}

const EMAIL = emailPattern('\\p{L}', '\\p{N}', 'u');
const ASCII_EMAIL = emailPattern('a-zA-Z', '0-9', '');
