import { UrlScopeError } from './errors';

/**
 * Keeps the credential on its own API: every request URL is resolved against the credential's base
 * URL and refused if it would leave that base URL's scheme, host, port or base path.
 *
 * Messages name hosts and the base path only, never the offending path, query or userinfo: those
 * can carry tokens, passwords or a customer's CPF/CNPJ.
 */

const SCHEME_PREFIX = /^([a-z][a-z0-9+.-]*):/i;
const LOOPBACK_IPV4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const PERCENT_ENCODED_BYTE = /%([0-9a-f]{2})/gi;

// encodeURIComponent throws on these; checked first so the error is ours.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

function hasControlCharacter(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		// C0, DEL and C1 controls, and the Unicode line/paragraph separators. The WHATWG URL parser
		// silently drops tabs and newlines, so 'ht\ntps://evil' would not look like what it becomes.
		if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) {
			return true;
		}
	}
	return false;
}

/** The WHATWG parser has already normalized '127.1', '0x7f.0.0.1' and '[0::1]' by the time we look. */
function isLoopbackHost(hostname: string): boolean {
	return hostname === 'localhost' || hostname === '[::1]' || LOOPBACK_IPV4.test(hostname);
}

/** The text between 'scheme:' (plus any slashes) and the first '/', '?' or '#'. */
function rawAuthority(text: string, schemeLength: number): string {
	return text.slice(schemeLength).replace(/^\/+/, '').split(/[/?#]/)[0];
}

/**
 * Parses the credential's base URL: https://, or http:// for loopback hosts only; no userinfo, query
 * or fragment. The returned URL's pathname has no trailing slash ('/' when the base has no path).
 */
export function checkBaseUrl(baseUrl: string): URL {
	if (typeof baseUrl !== 'string' || baseUrl.trim() === '') {
		throw new UrlScopeError(
			'The base URL is empty. Enter the address of your API, for example https://api.example.com/v1',
			'invalid',
		);
	}
	const text = baseUrl.trim();
	if (hasControlCharacter(text) || /\s/.test(text)) {
		throw new UrlScopeError(
			'The base URL contains spaces, line breaks or control characters',
			'characters',
		);
	}
	if (text.includes('\\')) {
		throw new UrlScopeError('The base URL must not contain backslashes (\\)', 'characters');
	}
	const scheme = SCHEME_PREFIX.exec(text);
	if (!scheme || !text.slice(scheme[0].length).startsWith('//')) {
		throw new UrlScopeError(
			'The base URL must start with https:// (for example https://api.example.com/v1)',
			'scheme',
		);
	}
	const protocol = scheme[1].toLowerCase();
	if (protocol !== 'https' && protocol !== 'http') {
		throw new UrlScopeError(
			`The base URL must use https:// (it uses ${protocol}://). http:// is only allowed for localhost, 127.0.0.1 and [::1]`,
			'scheme',
		);
	}
	if (rawAuthority(text, scheme[0].length).includes('@')) {
		throw new UrlScopeError(
			'The base URL must not contain a user name or password (user:password@host). Enter them in the credential fields instead',
			'userinfo',
		);
	}

	const url = parseUrl(text);
	if (url === undefined) {
		throw new UrlScopeError(
			'The base URL is not a valid URL (expected something like https://api.example.com/v1)',
			'invalid',
		);
	}
	if (url.username !== '' || url.password !== '') {
		throw new UrlScopeError(
			'The base URL must not contain a user name or password (user:password@host). Enter them in the credential fields instead',
			'userinfo',
		);
	}
	if (url.hostname === '') {
		throw new UrlScopeError('The base URL has no host name', 'invalid');
	}
	if (text.includes('?')) {
		throw new UrlScopeError(
			'The base URL must not contain a query string (?...). Set query parameters in the node instead',
			'invalid',
		);
	}
	if (text.includes('#')) {
		throw new UrlScopeError('The base URL must not contain a fragment (#...)', 'invalid');
	}
	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		throw new UrlScopeError(
			`The base URL must use https:// (it uses http://${url.host}). http:// is only allowed for localhost, 127.0.0.1 and [::1], where the traffic never leaves this machine`,
			'scheme',
		);
	}
	url.pathname = url.pathname.replace(/\/+$/, '') || '/';
	return url;
}

/** Decodes %XX byte by byte until stable, so double encodings cannot hide a '..' from this check. */
function decodeForInspection(segment: string): string {
	let current = segment;
	for (let round = 0; round < 5; round++) {
		const next = current.replace(PERCENT_ENCODED_BYTE, (_match, hex: string) =>
			String.fromCharCode(parseInt(hex, 16)),
		);
		if (next === current) break;
		current = next;
	}
	return current;
}

/**
 * True when a path segment could still mean 'parent directory' to some server after the WHATWG
 * parser has resolved the plain and %2e forms: double encodings ('%252e%252e'), encoded slashes
 * ('..%2f..%2fadmin') and Tomcat-style path parameters ('..;').
 */
function hidesParentSegment(segment: string): boolean {
	const pieces = decodeForInspection(segment).split(/[/\\]/);
	return pieces.some((piece) => piece.split(';')[0] === '..');
}

function isInsideBasePath(pathname: string, basePath: string): boolean {
	return basePath === '' || pathname === basePath || pathname.startsWith(`${basePath}/`);
}

function parseAbsolute(input: string, schemeLength: number): URL {
	if (rawAuthority(input, schemeLength).includes('@')) {
		throw new UrlScopeError(
			'The request URL contains a user name or password before its host (...@host); refused so the credential is not sent elsewhere',
			'userinfo',
		);
	}
	const url = parseUrl(input);
	if (url === undefined) throw new UrlScopeError('The request URL is not a valid URL', 'invalid');
	return url;
}

function joinRelative(base: URL, basePath: string, input: string): URL {
	const split = input.search(/[?#]/);
	const pathPart = split === -1 ? input : input.slice(0, split);
	const rest = split === -1 ? '' : input.slice(split);
	if (pathPart.includes('@')) {
		throw new UrlScopeError(
			"The request path contains '@'. Encode it as %40 (lookup values placed into the path are encoded automatically)",
			'characters',
		);
	}
	const relativePath = pathPart.replace(/^\//, '');
	const path = relativePath === '' ? basePath : `${basePath}/${relativePath}`;
	const url = parseUrl(`${base.origin}${path}${rest}`);
	if (url === undefined) {
		throw new UrlScopeError('The request path does not form a valid URL', 'invalid');
	}
	return url;
}

/**
 * The URL to send a request to: a relative path is appended to the base URL (its base path kept:
 * base https://h/api/v1 + '/customers' = https://h/api/v1/customers); an absolute URL (a next-page
 * link from the API) is accepted only on the base URL's scheme, host and port and inside its base
 * path. Anything else throws UrlScopeError. The fragment is dropped (it is never sent).
 */
export function resolveRequestUrl(baseUrl: string, pathOrUrl: string): string {
	const base = checkBaseUrl(baseUrl);
	const basePath = base.pathname === '/' ? '' : base.pathname;
	if (typeof pathOrUrl !== 'string') {
		throw new UrlScopeError('The request path must be text', 'invalid');
	}
	if (hasControlCharacter(pathOrUrl)) {
		throw new UrlScopeError(
			'The request URL contains line breaks or control characters; refused',
			'characters',
		);
	}
	const input = pathOrUrl.trim();
	if (input.includes('\\')) {
		throw new UrlScopeError(
			'The request URL contains a backslash (\\), which some clients read as /; refused',
			'characters',
		);
	}
	if (input.startsWith('//')) {
		throw new UrlScopeError(
			`The request URL starts with // and could point to another host; use a path such as /customers (relative to ${base.origin}${basePath})`,
			'host',
		);
	}

	const scheme = SCHEME_PREFIX.exec(input);
	const candidate = scheme
		? parseAbsolute(input, scheme[0].length)
		: joinRelative(base, basePath, input);

	if (candidate.username !== '' || candidate.password !== '') {
		throw new UrlScopeError(
			'The request URL contains a user name or password before its host (...@host); refused so the credential is not sent elsewhere',
			'userinfo',
		);
	}
	if (candidate.protocol !== 'http:' && candidate.protocol !== 'https:') {
		throw new UrlScopeError(
			`The request URL uses the ${candidate.protocol} scheme; only ${base.protocol}// is allowed (a path that contains ':' must start with /)`,
			'scheme',
		);
	}
	if (candidate.protocol !== base.protocol) {
		throw new UrlScopeError(
			`The request URL uses ${candidate.protocol}// but the credential's base URL uses ${base.protocol}//; refused so the credential is only sent to ${base.origin}`,
			'scheme',
		);
	}
	if (candidate.host !== base.host) {
		throw new UrlScopeError(
			`The request URL points to ${candidate.host}, not to ${base.host}; refused so the credential is only sent to ${base.origin}`,
			'host',
		);
	}
	if (
		!isInsideBasePath(candidate.pathname, basePath) ||
		candidate.pathname.split('/').some(hidesParentSegment)
	) {
		throw new UrlScopeError(
			`The request URL leaves the base path ${basePath || '/'} of ${base.origin} (for example with ../ or %2e%2e); refused`,
			'path',
		);
	}
	candidate.hash = '';
	return candidate.href;
}

/**
 * A lookup value for a path template ('/customers/{cpf}'), encoded so it stays one path segment.
 * '.', '..' and '' are refused: they would address another resource than the one looked up.
 */
export function encodePathValue(value: string): string {
	if (typeof value !== 'string') {
		throw new UrlScopeError('A value placed into the URL path must be text', 'path');
	}
	if (value === '') {
		throw new UrlScopeError('The value placed into the URL path is empty', 'path');
	}
	if (value === '.' || value === '..') {
		throw new UrlScopeError(
			`The value "${value}" cannot be placed into the URL path: it would change which resource is requested`,
			'path',
		);
	}
	if (LONE_SURROGATE.test(value)) {
		throw new UrlScopeError(
			'The value placed into the URL path contains an invalid character (a lone UTF-16 surrogate)',
			'characters',
		);
	}
	return encodeURIComponent(value);
}

function pathValueText(name: string, value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
	if (value === undefined || value === null) {
		throw new UrlScopeError(`The path placeholder {${name}} has no value`, 'placeholder');
	}
	const kind = Array.isArray(value)
		? 'a list'
		: typeof value === 'number'
			? 'not a finite number'
			: `a ${typeof value}`;
	throw new UrlScopeError(
		`The path placeholder {${name}} needs text or a number, but its value is ${kind}`,
		'placeholder',
	);
}

/** The names of a path template's placeholders, in order (`/clientes/{ codigo }` → ['codigo']). */
export function pathPlaceholders(template: string): string[] {
	return Array.from(template.matchAll(/\{([^{}]*)\}/g), (match) => match[1].trim()).filter(
		(name) => name !== '',
	);
}

/**
 * Fills '{name}' placeholders ('/customers/{cpf}/orders/{ code }') with encoded values. An unknown
 * placeholder, an empty '{}' or a stray brace throws UrlScopeError.
 */
export function fillPathTemplate(template: string, values: Record<string, unknown>): string {
	const available = Object.keys(values);
	const filled = template.replace(/\{([^{}]*)\}/g, (_match, rawName: string) => {
		const name = rawName.trim();
		if (name === '') {
			throw new UrlScopeError('The path template has an empty placeholder {}', 'placeholder');
		}
		if (!Object.prototype.hasOwnProperty.call(values, name)) {
			const names = available.length > 0 ? available.join(', ') : 'none';
			throw new UrlScopeError(
				`The path template uses {${name}}, which has no value. Available: ${names}`,
				'placeholder',
			);
		}
		return encodePathValue(pathValueText(name, values[name]));
	});
	// Encoded values never contain braces, so any left over come from the template itself.
	if (/[{}]/.test(filled)) {
		throw new UrlScopeError('The path template has an unmatched { or }', 'placeholder');
	}
	return filled;
}
