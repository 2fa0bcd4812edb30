import { PaginationError } from '../../transport/errors';

/** How an API splits a listing into pages, and what the paginator may ask of it. Pure. */

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

/** `page`: the page's place in the listing, 0 for the first; pages past the end may be asked for too. */
export type FetchPage = (request: PageRequest, page: number) => Promise<PageResponse>;

export interface PaginationLimits {
	/** Stop after this many records in total (Return All off → Limit). */
	maxRecords?: number;
	/** Safety net against APIs that never stop: more pages than this throws. Default 100000. */
	maxPages?: number;
	/**
	 * Page requests in flight at once, for the styles whose next request is known before the page
	 * before it has answered (pageNumber, offset). The others always keep one. Default 1.
	 */
	concurrency?: number;
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
	concurrency: 1,
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

export const STYLES: readonly PaginationStyle[] = [
	'none',
	'pageNumber',
	'offset',
	'cursor',
	'nextUrl',
	'linkHeader',
];

export type ResolvedSettings = Required<Omit<PaginationSettings, 'cursorPath' | 'nextUrlPath'>> &
	Pick<PaginationSettings, 'cursorPath' | 'nextUrlPath'>;

export interface ResolvedLimits {
	maxRecords: number;
	maxPages: number;
	concurrency: number;
}

function parameterName(value: string | undefined, fallback: string, label: string): string {
	const name = (value ?? fallback).trim();
	if (name === '') throw new PaginationError(`The ${label} parameter needs a name`);
	return name;
}

/** The query parameter that says which page a request is for, where the style has one. */
export function positionParameter(config: ResolvedSettings): string | undefined {
	switch (config.style) {
		case 'pageNumber':
			return config.pageParameter;
		case 'offset':
			return config.offsetParameter;
		case 'cursor':
			return config.cursorParameter;
		default:
			return undefined;
	}
}

export function resolveSettings(settings: PaginationSettings): ResolvedSettings {
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
	const positional = positionParameter(resolved);
	if (positional !== undefined && positional === resolved.pageSizeParameter) {
		throw new PaginationError(
			`The page size parameter and the ${resolved.style} parameter cannot both be "${positional}"`,
		);
	}
	return resolved;
}

export function resolveLimits(limits: PaginationLimits): ResolvedLimits {
	const {
		maxRecords,
		maxPages = PAGINATION_DEFAULTS.maxPages,
		concurrency = PAGINATION_DEFAULTS.concurrency,
	} = limits;
	if (maxRecords !== undefined && (!Number.isInteger(maxRecords) || maxRecords < 0)) {
		throw new PaginationError('The limit must be a whole number of at least 0');
	}
	if (!Number.isInteger(maxPages) || maxPages < 1) {
		throw new PaginationError('The maximum number of pages must be a whole number of at least 1');
	}
	if (!Number.isInteger(concurrency) || concurrency < 1) {
		throw new PaginationError('The number of pages in flight must be a whole number of at least 1');
	}
	return { maxRecords: maxRecords ?? Infinity, maxPages, concurrency };
}
