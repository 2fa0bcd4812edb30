import { ResponseShapeError } from '../mapping/errors';

/**
 * JSON text → value. `JSON.parse` does the work; only when it fails does a strict scanner walk the text to
 * find where and why, so a 50 MB body costs one native parse, and a broken one one extra linear pass.
 * The native error message is never shown: V8 quotes a slice of the text, which may hold a CPF.
 */

type Problem =
	| 'value'
	| 'propertyName'
	| 'colon'
	| 'commaOrObjectEnd'
	| 'commaOrArrayEnd'
	| 'end'
	| 'unterminatedString'
	| 'controlCharacter'
	| 'escape'
	| 'number'
	| 'literal';

interface SyntaxFinding {
	offset: number;
	problem: Problem;
	/** Set when the problem comes right after a comma (a trailing comma if the offset holds `}` or `]`). */
	afterComma: boolean;
	/** The string that ended just before the problem, when there is one. */
	previousString?: { start: number; end: number };
	/** The property name the scanner was in, for a missing colon. */
	propertyName?: { start: number; end: number };
}

const TYPOGRAPHIC_QUOTES = /[“”‘’]/;
const TYPOGRAPHIC_DOUBLE_QUOTES = /[“”]/;
const MARKUP_START = /^\s*</;
const LITERALS = ['true', 'false', 'null'];

function isWhitespace(code: number): boolean {
	return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isDigit(code: number): boolean {
	return code >= 0x30 && code <= 0x39;
}

function isHex(char: string): boolean {
	return /^[0-9a-fA-F]$/.test(char);
}

/** Index after the string starting at `start` (a `"`), or a finding. */
function scanString(text: string, start: number): number | Omit<SyntaxFinding, 'afterComma'> {
	let i = start + 1;
	while (i < text.length) {
		const code = text.charCodeAt(i);
		if (code === 0x22) return i + 1;
		if (code < 0x20) return { offset: i, problem: 'controlCharacter' };
		if (code === 0x5c) {
			const escaped = text.charAt(i + 1);
			if (escaped === 'u') {
				for (let h = 2; h < 6; h++) {
					if (!isHex(text.charAt(i + h))) return { offset: i + h, problem: 'escape' };
				}
				i += 6;
				continue;
			}
			if (!'"\\/bfnrt'.includes(escaped) || escaped === '')
				return { offset: i + 1, problem: 'escape' };
			i += 2;
			continue;
		}
		i++;
	}
	return { offset: text.length, problem: 'unterminatedString' };
}

/** Index after the number starting at `start`, or the offset of its first bad character. */
function scanNumber(text: string, start: number): number | { offset: number } {
	let i = start;
	if (text.charCodeAt(i) === 0x2d) i++;
	if (text.charCodeAt(i) === 0x30) {
		i++;
	} else if (isDigit(text.charCodeAt(i))) {
		while (isDigit(text.charCodeAt(i))) i++;
	} else {
		return { offset: i };
	}
	if (text.charCodeAt(i) === 0x2e) {
		i++;
		if (!isDigit(text.charCodeAt(i))) return { offset: i };
		while (isDigit(text.charCodeAt(i))) i++;
	}
	const exponent = text.charAt(i);
	if (exponent === 'e' || exponent === 'E') {
		i++;
		const sign = text.charAt(i);
		if (sign === '+' || sign === '-') i++;
		if (!isDigit(text.charCodeAt(i))) return { offset: i };
		while (isDigit(text.charCodeAt(i))) i++;
	}
	return i;
}

/** The first syntax error of `text`, by the JSON grammar (RFC 8259); undefined if there is none. */
function findSyntaxError(text: string): SyntaxFinding | undefined {
	const containers: string[] = [];
	let i = 0;
	let state: 'value' | 'propertyName' | 'afterValue' = 'value';
	let afterComma = false;
	let previousString: { start: number; end: number } | undefined;
	const skipWhitespace = () => {
		while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
	};
	const fail = (offset: number, problem: Problem, extra: Partial<SyntaxFinding> = {}) => ({
		offset,
		problem,
		afterComma,
		previousString,
		...extra,
	});

	for (;;) {
		skipWhitespace();
		if (state === 'value') {
			const char = text.charAt(i);
			previousString = undefined;
			if (char === '{' || char === '[') {
				containers.push(char);
				i++;
				skipWhitespace();
				const close = char === '{' ? '}' : ']';
				if (text.charAt(i) === close) {
					containers.pop();
					i++;
					state = 'afterValue';
				} else {
					state = char === '{' ? 'propertyName' : 'value';
					afterComma = false;
				}
				continue;
			}
			if (char === '"') {
				const end = scanString(text, i);
				if (typeof end !== 'number') return fail(end.offset, end.problem);
				previousString = { start: i, end };
				i = end;
			} else if (char === '-' || isDigit(text.charCodeAt(i))) {
				const end = scanNumber(text, i);
				if (typeof end !== 'number') return fail(end.offset, 'number');
				i = end;
			} else {
				const literal = LITERALS.find((word) => text.startsWith(word, i));
				if (literal === undefined) {
					const partial = LITERALS.some((word) => char !== '' && word.startsWith(char));
					return fail(i, partial ? 'literal' : 'value');
				}
				i += literal.length;
			}
			state = 'afterValue';
			afterComma = false;
			continue;
		}
		if (state === 'propertyName') {
			if (text.charAt(i) !== '"') return fail(i, 'propertyName');
			const end = scanString(text, i);
			if (typeof end !== 'number') return fail(end.offset, end.problem);
			const name = { start: i, end };
			i = end;
			skipWhitespace();
			if (text.charAt(i) !== ':')
				return fail(i, 'colon', { propertyName: name, previousString: name });
			i++;
			state = 'value';
			afterComma = false;
			continue;
		}
		// afterValue
		const container = containers[containers.length - 1];
		const char = text.charAt(i);
		if (container === undefined) {
			return i < text.length ? fail(i, 'end') : undefined;
		}
		if (char === ',') {
			i++;
			state = container === '{' ? 'propertyName' : 'value';
			afterComma = true;
			continue;
		}
		if ((container === '{' && char === '}') || (container === '[' && char === ']')) {
			containers.pop();
			i++;
			continue;
		}
		return fail(i, container === '{' ? 'commaOrObjectEnd' : 'commaOrArrayEnd');
	}
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
	let line = 1;
	let lineStart = 0;
	for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
		line++;
		lineStart = i + 1;
	}
	return { line, column: offset - lineStart + 1 };
}

function where(text: string, offset: number): string {
	const { line, column } = lineAndColumn(text, offset);
	return `line ${line}, column ${column}`;
}

function describeCharacter(text: string, offset: number): string {
	if (offset >= text.length) return 'the end of the text';
	const char = text.charAt(offset);
	const code = text.charCodeAt(offset);
	if (code < 0x20 || code === 0x7f)
		return `a control character (U+${code.toString(16).padStart(4, '0').toUpperCase()})`;
	return char === "'" ? `"'"` : `'${char}'`;
}

const EXPECTED: Record<Problem, string> = {
	value: 'a value (string, number, object, array, true, false or null)',
	propertyName: 'a property name in double quotes',
	colon: "a ':' after the property name",
	commaOrObjectEnd: "a ',' or '}' after the property value",
	commaOrArrayEnd: "a ',' or ']' after the array element",
	end: 'the end of the text after the JSON value',
	unterminatedString: 'a closing double quote',
	controlCharacter: 'no raw line break or control character inside a string (write \\n)',
	escape: 'a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)',
	number: 'a digit',
	literal: 'true, false or null',
};

function hintsFor(text: string, finding: SyntaxFinding): string[] {
	const hints: string[] = [];
	const offending = text.charAt(finding.offset);
	const before = text.slice(0, finding.offset);
	const firstTypographic = before.search(TYPOGRAPHIC_DOUBLE_QUOTES);
	const previous = finding.previousString;
	const previousHasTypographic =
		previous !== undefined &&
		TYPOGRAPHIC_DOUBLE_QUOTES.test(text.slice(previous.start + 1, previous.end - 1));

	if (TYPOGRAPHIC_QUOTES.test(offending) && offending !== '') {
		hints.push(
			`${offending} is a typographic quote; JSON needs straight double quotes (") around names and strings`,
		);
	} else if (previousHasTypographic && previous !== undefined) {
		const inner = text
			.slice(previous.start + 1, previous.end - 1)
			.search(TYPOGRAPHIC_DOUBLE_QUOTES);
		const quoteOffset = previous.start + 1 + inner;
		hints.push(
			`The first breakage is the typographic quote ${text.charAt(quoteOffset)} at ${where(text, quoteOffset)}: it does not end a JSON string, so the string started at ${where(text, previous.start)} ran on. Replace typographic quotes (“ ” ‘ ’) with straight double quotes (")`,
		);
	} else if (firstTypographic !== -1) {
		hints.push(
			`The text has a typographic quote ${text.charAt(firstTypographic)} at ${where(text, firstTypographic)}; JSON needs straight double quotes (")`,
		);
	}
	if (offending === "'") {
		hints.push('JSON strings and names need double quotes ("), not single quotes (\')');
	}
	if (finding.afterComma && (offending === '}' || offending === ']')) {
		hints.push(`Remove the trailing comma before '${offending}'`);
	}
	if (
		(finding.problem === 'commaOrObjectEnd' || finding.problem === 'commaOrArrayEnd') &&
		(offending === '"' ||
			TYPOGRAPHIC_QUOTES.test(offending) ||
			offending === '{' ||
			offending === '[')
	) {
		hints.push("A ',' seems to be missing before it, between two properties or elements");
	}
	if (finding.problem === 'colon' && finding.propertyName !== undefined) {
		const name = text.slice(finding.propertyName.start, finding.propertyName.end);
		const shown = name.length > 62 ? `${name.slice(0, 61)}…"` : name;
		hints.push(
			`A ':' seems to be missing after the property name ${shown.replace(/\d{3,}/g, (digits) => '#'.repeat(digits.length))}`,
		);
	}
	if (
		finding.problem === 'unterminatedString' ||
		(finding.offset >= text.length && finding.problem !== 'end')
	) {
		hints.push('The text ends in the middle of the JSON: the response may have been cut off');
	}
	if (finding.problem === 'end') {
		hints.push(
			'The text holds more than one JSON value; the API must answer a single JSON document',
		);
	}
	return hints;
}

/**
 * Parses a JSON response body. Empty or whitespace-only text gives undefined (no body). Broken JSON
 * throws a ResponseShapeError with the line, column and character where parsing stopped, and a hint for
 * the usual causes (typographic quotes, a missing or trailing comma, an HTML page instead of JSON).
 */
export function parseJson(text: string): unknown {
	if (/^\s*$/.test(text)) return undefined;
	const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	try {
		return JSON.parse(body);
	} catch {
		// Explained below, from our own scan of the text.
	}
	if (MARKUP_START.test(body)) {
		throw new ResponseShapeError(
			'The API answered with an HTML or XML page (for example an error or login page), not JSON. Check the URL, the path and the authentication',
		);
	}
	const finding = findSyntaxError(body);
	if (finding === undefined) {
		throw new ResponseShapeError('The API answered with text that is not valid JSON');
	}
	const hints = hintsFor(body, finding);
	const message =
		`The API answered with invalid JSON at ${where(body, finding.offset)}: found ` +
		`${describeCharacter(body, finding.offset)} where ${EXPECTED[finding.problem]} was expected.` +
		(hints.length > 0 ? ` ${hints.join('. ')}.` : '');
	throw new ResponseShapeError(message);
}
