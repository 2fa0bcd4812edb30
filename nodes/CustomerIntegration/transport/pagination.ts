import { PaginationError } from './errors';
import { headerValue } from './headers';

/**
 * A generic paginator over a caller-supplied fetchPage(): it decides what to request next and when
 * to stop; fetching, URL scope checks and record extraction are the caller's. Independent of n8n.
 */

export type PaginationStyle =
	| 'none'
	| 'pageNumber'
	| 'offset'
	| 'cursor'
	| 'nextUrl'
	| 'linkHeader';

export interface PaginationSettings {
	style: PaginationStyle;
	/** pageNumber: query parameter of the page number. Default 'page'. */
	pageParameter?: string;
	/** pageNumber: number of the first page. Default 1. */
	firstPage?: number;
	/**
	 * Query parameter of the page size, for every style but 'none' (nextUrl/linkHeader: first request
	 * only, later URLs come from the API). Default 'limit'. '' sends no page size: the API's own
	 * size applies and, that size being unknown, only an empty page ends pageNumber/offset paging.
	 */
	pageSizeParameter?: string;
	/** Records asked for per page. Default 100. */
	pageSize?: number;
	/** offset: query parameter of the number of records to skip. Default 'offset'. */
	offsetParameter?: string;
	/** cursor: query parameter that carries the cursor. Default 'cursor'. */
	cursorParameter?: string;
	/** cursor: dot path of the next cursor in the body. Default: the first of CURSOR_PATHS present. */
	cursorPath?: string;
	/** nextUrl: dot path of the next page's URL in the body. Default: the first of NEXT_URL_PATHS present. */
	nextUrlPath?: string;
	/**
	 * pageNumber/offset: a page with fewer records than asked for is the last one. Default true.
	 * Turn off for APIs that silently cap the page size below pageSize (paging then ends on an
	 * empty page, one request later).
	 */
	stopOnShortPage?: boolean;
}

export type QueryValue = string | number;

export interface PageRequest {
	/** Absolute URL of the next page (nextUrl/linkHeader); absent means the operation's own path. */
	url?: string;
	qs: Record<string, QueryValue>;
}

export interface PageResponse {
	body: unknown;
	headers: Record<string, string | string[] | undefined>;
	records: unknown[];
	/** The URL actually requested; relative next links and Link headers are resolved against it. */
	url?: string;
}

export interface PaginationLimits {
	/** Stop after this many records in total (Return All off → Limit). */
	maxRecords?: number;
	/** Safety net against APIs that never stop: more pages than this throws. Default 100000. */
	maxPages?: number;
}

export const PAGINATION_DEFAULTS = {
	pageParameter: 'page',
	firstPage: 1,
	pageSizeParameter: 'limit',
	pageSize: 100,
	offsetParameter: 'offset',
	cursorParameter: 'cursor',
	stopOnShortPage: true,
	maxPages: 100_000,
} as const;

/**
 * Where APIs put the next cursor, tried in order when no cursorPath is set. A bare 'cursor' is left
 * out: many APIs echo the current cursor under that name.
 */
export const CURSOR_PATHS: readonly string[] = [
	'nextCursor',
	'next_cursor',
	'meta.nextCursor',
	'meta.next_cursor',
	'pagination.nextCursor',
	'pagination.next_cursor',
	'response_metadata.next_cursor',
	'nextPageToken',
	'next_page_token',
];

/** Where APIs put the next page's URL, tried in order when no nextUrlPath is set. */
export const NEXT_URL_PATHS: readonly string[] = [
	'next',
	'nextUrl',
	'next_url',
	'nextLink',
	'next_page_url',
	'@odata.nextLink',
	'links.next',
	'_links.next.href',
	'meta.next',
	'pagination.next',
	'paging.next',
];

const STYLES: readonly PaginationStyle[] = [
	'none',
	'pageNumber',
	'offset',
	'cursor',
	'nextUrl',
	'linkHeader',
];

const LOOP_MESSAGE =
	'Pagination stopped: the API returned the same next page twice, so it would loop forever. Check the pagination settings';

type ResolvedSettings = Required<Omit<PaginationSettings, 'cursorPath' | 'nextUrlPath'>> &
	Pick<PaginationSettings, 'cursorPath' | 'nextUrlPath'>;

function parameterName(value: string | undefined, fallback: string, label: string): string {
	const name = (value ?? fallback).trim();
	if (name === '') throw new PaginationError(`The ${label} parameter needs a name`);
	return name;
}

function resolveSettings(settings: PaginationSettings): ResolvedSettings {
	if (!STYLES.includes(settings.style)) {
		throw new PaginationError(
			`Unknown pagination style "${String(settings.style)}". Use one of: ${STYLES.join(', ')}`,
		);
	}
	const pageSize = settings.pageSize ?? PAGINATION_DEFAULTS.pageSize;
	if (!Number.isInteger(pageSize) || pageSize < 1) {
		throw new PaginationError('The page size must be a whole number of at least 1');
	}
	const firstPage = settings.firstPage ?? PAGINATION_DEFAULTS.firstPage;
	if (!Number.isInteger(firstPage) || firstPage < 0) {
		throw new PaginationError('The first page number must be a whole number of at least 0');
	}
	const resolved: ResolvedSettings = {
		style: settings.style,
		pageParameter: parameterName(settings.pageParameter, PAGINATION_DEFAULTS.pageParameter, 'page'),
		firstPage,
		pageSizeParameter: (settings.pageSizeParameter ?? PAGINATION_DEFAULTS.pageSizeParameter).trim(),
		pageSize,
		offsetParameter: parameterName(
			settings.offsetParameter,
			PAGINATION_DEFAULTS.offsetParameter,
			'offset',
		),
		cursorParameter: parameterName(
			settings.cursorParameter,
			PAGINATION_DEFAULTS.cursorParameter,
			'cursor',
		),
		stopOnShortPage: settings.stopOnShortPage ?? PAGINATION_DEFAULTS.stopOnShortPage,
		cursorPath: settings.cursorPath?.trim() || undefined,
		nextUrlPath: settings.nextUrlPath?.trim() || undefined,
	};
	const positional =
		resolved.style === 'pageNumber'
			? resolved.pageParameter
			: resolved.style === 'offset'
				? resolved.offsetParameter
				: resolved.style === 'cursor'
					? resolved.cursorParameter
					: undefined;
	if (positional !== undefined && positional === resolved.pageSizeParameter) {
		throw new PaginationError(
			`The page size parameter and the ${resolved.style} parameter cannot both be "${positional}"`,
		);
	}
	return resolved;
}

function checkLimits(limits: PaginationLimits): { maxRecords: number; maxPages: number } {
	const { maxRecords, maxPages = PAGINATION_DEFAULTS.maxPages } = limits;
	if (maxRecords !== undefined && (!Number.isInteger(maxRecords) || maxRecords < 0)) {
		throw new PaginationError('The limit must be a whole number of at least 0');
	}
	if (!Number.isInteger(maxPages) || maxPages < 1) {
		throw new PaginationError('The maximum number of pages must be a whole number of at least 1');
	}
	return { maxRecords: maxRecords ?? Infinity, maxPages };
}

/** A value at a dot path ('meta.nextCursor'); a key that itself contains dots ('@odata.nextLink') wins. */
export function readPath(body: unknown, path: string): unknown {
	if (body === null || typeof body !== 'object') return undefined;
	if (Object.prototype.hasOwnProperty.call(body, path))
		return (body as Record<string, unknown>)[path];
	let current: unknown = body;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

export interface LinkValue {
	uri: string;
	/** Relation types, lowercased. */
	rel: string[];
	/** Parameters by lowercased name; the first occurrence of a name wins (RFC 8288 §3). */
	params: Record<string, string>;
}

const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;

/** Parses a Link header (RFC 8288): several links, quoted and token values, URIs with commas. */
export function parseLinkHeader(header: string): LinkValue[] {
	const links: LinkValue[] = [];
	const text = header;
	let i = 0;
	const skipSpace = () => {
		while (i < text.length && /\s/.test(text[i])) i++;
	};
	const skipToNextLink = () => {
		let quoted = false;
		while (i < text.length) {
			const char = text[i];
			if (quoted && char === '\\') i++;
			else if (char === '"') quoted = !quoted;
			else if (char === ',' && !quoted) return;
			i++;
		}
	};

	while (i < text.length) {
		while (i < text.length && (/\s/.test(text[i]) || text[i] === ',')) i++;
		if (i >= text.length) break;
		if (text[i] !== '<') {
			skipToNextLink();
			continue;
		}
		const close = text.indexOf('>', i + 1);
		if (close === -1) break;
		const uri = text.slice(i + 1, close).trim();
		i = close + 1;
		const params = new Map<string, string>();
		for (;;) {
			skipSpace();
			if (text[i] !== ';') break;
			i++;
			skipSpace();
			let name = '';
			while (i < text.length && TOKEN_CHAR.test(text[i])) name += text[i++];
			skipSpace();
			let value = '';
			if (text[i] === '=') {
				i++;
				skipSpace();
				if (text[i] === '"') {
					i++;
					while (i < text.length && text[i] !== '"') {
						if (text[i] === '\\' && i + 1 < text.length) i++;
						value += text[i++];
					}
					i++;
				} else {
					while (i < text.length && !/[;,\s]/.test(text[i])) value += text[i++];
				}
			}
			const key = name.toLowerCase();
			if (key !== '' && !params.has(key)) params.set(key, value);
		}
		skipToNextLink();
		const rel = (params.get('rel') ?? '')
			.split(/\s+/)
			.filter((type) => type !== '')
			.map((type) => type.toLowerCase());
		links.push({ uri, rel, params: Object.fromEntries(params) });
	}
	return links;
}

function absoluteUrl(link: string, requestUrl: string | undefined): string {
	let url: URL | undefined;
	try {
		url = requestUrl === undefined ? new URL(link) : new URL(link, requestUrl);
	} catch {
		url = undefined;
	}
	if (url === undefined) {
		throw new PaginationError(
			requestUrl === undefined
				? 'The API returned a relative next-page link, but the URL of the request is unknown, so it cannot be resolved'
				: 'The API returned a next-page link that is not a valid URL',
		);
	}
	url.hash = '';
	return url.href;
}

function comparableUrl(url: string | undefined): string | undefined {
	if (url === undefined) return undefined;
	try {
		const parsed = new URL(url);
		parsed.hash = '';
		return parsed.href;
	} catch {
		return undefined;
	}
}

function nextLinkFromBody(body: unknown, explicitPath: string | undefined): string | undefined {
	for (const path of explicitPath !== undefined ? [explicitPath] : NEXT_URL_PATHS) {
		let value = readPath(body, path);
		if (
			value !== null &&
			typeof value === 'object' &&
			typeof (value as { href?: unknown }).href === 'string'
		) {
			value = (value as { href: string }).href;
		}
		if (value === undefined) continue;
		if (value === null || value === '' || value === false) return undefined;
		if (typeof value === 'string') return value;
		if (explicitPath !== undefined) {
			throw new PaginationError(`The next-page link at "${path}" in the response is not text`);
		}
	}
	return undefined;
}

function nextCursorFromBody(body: unknown, explicitPath: string | undefined): string | undefined {
	for (const path of explicitPath !== undefined ? [explicitPath] : CURSOR_PATHS) {
		const value = readPath(body, path);
		if (value === undefined) continue;
		if (value === null || value === '' || value === false) return undefined;
		if (typeof value === 'string') return value;
		if (typeof value === 'number' && Number.isFinite(value)) return String(value);
		if (explicitPath !== undefined) {
			throw new PaginationError(`The cursor at "${path}" in the response is not text or a number`);
		}
	}
	return undefined;
}

function nextLinkFromHeader(headers: PageResponse['headers']): string | undefined {
	const header = headerValue(headers, 'link');
	if (header === undefined) return undefined;
	// A link with an anchor describes another resource than the page just fetched.
	const next = parseLinkHeader(header).find(
		(link) => link.rel.includes('next') && !('anchor' in link.params),
	);
	return next?.uri;
}

/** Cheap identity of a page: an API that ignores the page parameter returns the same one again. */
function pageFingerprint(records: unknown[]): string | undefined {
	try {
		return `${records.length}|${JSON.stringify(records[0])}|${JSON.stringify(records[records.length - 1])}`;
	} catch {
		return undefined;
	}
}

/**
 * Fetches page after page and yields each page's records (never an empty array), trimmed so the
 * total never exceeds maxRecords. Stops on: an empty page; a short page (pageNumber/offset, see
 * stopOnShortPage); no next cursor / next URL / Link rel="next"; maxRecords reached (the page that
 * would only be trimmed away is not fetched). Throws PaginationError when a cursor or next URL
 * repeats, when pageNumber/offset paging gets the same page twice, and when maxPages would be passed.
 *
 * Page sizes with a limit: pageNumber asks for min(pageSize, maxRecords) on every page (page
 * arithmetic needs a constant size) and trims the last page; offset/cursor ask for
 * min(pageSize, records still wanted), so they never over-fetch; nextUrl/linkHeader size only the
 * first request. Paging parameters override same-named keys of baseQs.
 */
export async function* paginate(
	settings: PaginationSettings,
	baseQs: Record<string, QueryValue>,
	fetchPage: (request: PageRequest) => Promise<PageResponse>,
	limits: PaginationLimits = {},
): AsyncGenerator<unknown[], void, undefined> {
	const config = resolveSettings(settings);
	const { maxRecords, maxPages } = checkLimits(limits);
	const sizeParameter = config.pageSizeParameter;
	const fixedPageSize = Math.min(config.pageSize, maxRecords);

	let emitted = 0;
	let pages = 0;
	let pageNumber = config.firstPage;
	let offset = 0;
	let previousFingerprint: string | undefined;
	const seenNext = new Set<string>();

	const sizedQs = (extra: Record<string, QueryValue>, size: number): Record<string, QueryValue> => {
		const qs: Record<string, QueryValue> = { ...baseQs, ...extra };
		if (sizeParameter !== '') qs[sizeParameter] = size;
		return qs;
	};
	const wantedSize = () => Math.min(config.pageSize, maxRecords - emitted);

	const firstRequest = (): PageRequest => {
		switch (config.style) {
			case 'none':
				return { qs: { ...baseQs } };
			case 'pageNumber':
				return { qs: sizedQs({ [config.pageParameter]: pageNumber }, fixedPageSize) };
			case 'offset':
				return { qs: sizedQs({ [config.offsetParameter]: offset }, wantedSize()) };
			default:
				return { qs: sizedQs({}, wantedSize()) };
		}
	};

	let request: PageRequest | undefined = maxRecords > 0 ? firstRequest() : undefined;
	let pending = request === undefined ? undefined : fetchPage(request);
	while (request !== undefined && pending !== undefined) {
		const response = await pending;
		pending = undefined;
		pages++;
		if (!Array.isArray(response?.records)) {
			throw new PaginationError('fetchPage() must return the records of the page as an array');
		}
		const records = response.records;
		const requestedSize = sizeParameter === '' ? undefined : request.qs[sizeParameter];
		const requestUrl = response.url ?? request.url;

		const page =
			records.length > maxRecords - emitted ? records.slice(0, maxRecords - emitted) : records;
		emitted += page.length;
		let next: PageRequest | undefined;
		if (records.length > 0 && emitted < maxRecords) {
			const shortPage =
				config.stopOnShortPage &&
				typeof requestedSize === 'number' &&
				records.length < requestedSize;
			switch (config.style) {
				case 'pageNumber':
				case 'offset': {
					if (shortPage) break;
					const fingerprint = pageFingerprint(records);
					if (fingerprint !== undefined && fingerprint === previousFingerprint) {
						const parameter =
							config.style === 'pageNumber' ? config.pageParameter : config.offsetParameter;
						throw new PaginationError(
							`Pagination stopped: the API returned the same page twice. It probably ignores the "${parameter}" parameter; check the pagination settings`,
						);
					}
					previousFingerprint = fingerprint;
					if (config.style === 'pageNumber') {
						pageNumber++;
						next = { qs: sizedQs({ [config.pageParameter]: pageNumber }, fixedPageSize) };
					} else {
						offset += records.length;
						next = { qs: sizedQs({ [config.offsetParameter]: offset }, wantedSize()) };
					}
					break;
				}
				case 'cursor': {
					const cursor = nextCursorFromBody(response.body, config.cursorPath);
					if (cursor === undefined) break;
					if (seenNext.has(cursor)) throw new PaginationError(LOOP_MESSAGE);
					seenNext.add(cursor);
					next = { qs: sizedQs({ [config.cursorParameter]: cursor }, wantedSize()) };
					break;
				}
				case 'nextUrl':
				case 'linkHeader': {
					const link =
						config.style === 'nextUrl'
							? nextLinkFromBody(response.body, config.nextUrlPath)
							: nextLinkFromHeader(response.headers);
					if (link === undefined) break;
					const current = comparableUrl(requestUrl);
					if (current !== undefined) seenNext.add(current);
					const url = absoluteUrl(link, requestUrl);
					if (seenNext.has(url)) throw new PaginationError(LOOP_MESSAGE);
					seenNext.add(url);
					next = { url, qs: {} };
					break;
				}
				default:
					break;
			}
		}

		if (next !== undefined && pages >= maxPages) {
			if (page.length > 0) yield page;
			throw new PaginationError(
				`Pagination stopped after ${maxPages} pages while the API still reported more. Set a limit, or check the pagination settings`,
			);
		}
		// The next page is requested before this one is handed over, so the API works on it while the
		// caller validates this one. Still one request at a time: retries and token refreshes stay simple.
		if (next !== undefined) {
			pending = fetchPage(next);
			// Awaited on the next turn; this only keeps a consumer that stops early from an unhandled rejection.
			pending.catch(() => undefined);
		}
		if (page.length > 0) yield page;
		request = next;
	}
}
