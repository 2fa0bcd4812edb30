import { type Check, failed, passed, quote } from '../check';

/**
 * Email address, Unicode allowed on both sides (`joão@exemplo.com.br`, `user@domínio.com.br`):
 * one `@`, a local part without spaces or quotes and without leading, trailing or doubled dots,
 * and a domain of dot-separated labels ending in a top-level domain of two or more characters.
 */
export function checkEmail(raw: string): Check {
	const text = raw.trim();
	if (text.length > 254 || !EMAIL.test(text)) {
		return failed('format', `not a valid email address (${quote(raw)})`);
	}
	return passed(text);
}

const LOCAL_CHARACTER = '[^\\s@"(),:;<>\\[\\]\\\\.]';
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?';
const TOP_LEVEL = '\\p{L}(?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])';

const EMAIL = new RegExp(
	`^${LOCAL_CHARACTER}+(?:\\.${LOCAL_CHARACTER}+)*@(?:${LABEL}\\.)+${TOP_LEVEL}$`,
	'u',
);
