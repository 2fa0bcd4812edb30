import { PaginationError } from '../../transport/errors';
import { parseLinkHeader } from './linkHeader';
import { headerValue } from '../../transport/headers';
import { readPath } from './responseParts';
import type {
	PageRequest,
	PageResponse,
	PaginationStyle,
	QueryValue,
	ResolvedLimits,
	ResolvedSettings,
} from './settings';
import { CURSOR_PATHS, NEXT_URL_PATHS } from './settings';

/**
 * One entry per pagination style: how its requests are made. Page numbers and offsets are
 * positional (the request for any page is known from its place alone, so pages can be asked for
 * ahead); cursors, next URLs and Link headers are chained (each request comes out of the answer
 * before it). Pure.
 */

export interface StyleContext {
	config: ResolvedSettings;
	limits: ResolvedLimits;
	baseQs: Record<string, QueryValue>;
}

export interface PositionalStyle {
	kind: 'positional';
	/** The request of the `index`-th page (0-based), which starts `start` records into the listing. */
	request(context: StyleContext, index: number, start: number): PageRequest;
	/**
	 * Whether a page that holds another number of records than the pages before it moves where the
	 * later ones start: offsets count records, page numbers do not.
	 */
	shiftsWithPageLength: boolean;
	/** The parameter an API that serves the same page again most likely ignores. */
	positionParameter(config: ResolvedSettings): string;
}

export interface ChainedStyle {
	kind: 'chained';
	first(context: StyleContext): PageRequest;
	/**
	 * The request after this (non-empty) page, or undefined at the end. `seen` holds the cursors and
	 * URLs already followed; one coming back means a loop.
	 */
	next(
		context: StyleContext,
		response: PageResponse,
		request: PageRequest,
		emitted: number,
		seen: Set<string>,
	): PageRequest | undefined;
}

export type StyleRule = PositionalStyle | ChainedStyle;

const LOOP_MESSAGE =
	'Pagination stopped: the API returned the same next page twice, so it would loop forever. Check the pagination settings';

/** baseQs, the style's own parameters over it, and the page size unless no size parameter is sent. */
function sizedQs(
	{ config, baseQs }: StyleContext,
	extra: Record<string, QueryValue>,
	size: number,
): Record<string, QueryValue> {
	const qs: Record<string, QueryValue> = { ...baseQs, ...extra };
	if (config.pageSizeParameter !== '') qs[config.pageSizeParameter] = size;
	return qs;
}

/** Records still wanted, at most a page: offsets and cursors never ask for more than the limit needs. */
function wantedSize({ config, limits }: StyleContext, emitted: number): number {
	return Math.min(config.pageSize, limits.maxRecords - emitted);
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

/** The next page's URL: absolute, and neither the page just fetched nor one followed before. */
function followLink(
	link: string | undefined,
	response: PageResponse,
	request: PageRequest,
	seen: Set<string>,
): PageRequest | undefined {
	if (link === undefined) return undefined;
	const requestUrl = response.url ?? request.url;
	const current = comparableUrl(requestUrl);
	if (current !== undefined) seen.add(current);
	const url = absoluteUrl(link, requestUrl);
	if (seen.has(url)) throw new PaginationError(LOOP_MESSAGE);
	seen.add(url);
	return { url, qs: {} };
}

/** The first request of the chained styles that size their pages: only the page size. */
const sizedFirst = (context: StyleContext): PageRequest => ({
	qs: sizedQs(context, {}, wantedSize(context, 0)),
});

export const STYLE_RULES: Record<PaginationStyle, StyleRule> = {
	none: {
		kind: 'chained',
		first: ({ baseQs }) => ({ qs: { ...baseQs } }),
		next: () => undefined,
	},
	pageNumber: {
		kind: 'positional',
		// Page arithmetic needs one size for every page: under a limit smaller than a page, that size.
		request: (context, index) => ({
			qs: sizedQs(
				context,
				{ [context.config.pageParameter]: context.config.firstPage + index },
				Math.min(context.config.pageSize, context.limits.maxRecords),
			),
		}),
		shiftsWithPageLength: false,
		positionParameter: (config) => config.pageParameter,
	},
	offset: {
		kind: 'positional',
		request: (context, _index, start) => ({
			qs: sizedQs(context, { [context.config.offsetParameter]: start }, wantedSize(context, start)),
		}),
		shiftsWithPageLength: true,
		positionParameter: (config) => config.offsetParameter,
	},
	cursor: {
		kind: 'chained',
		first: sizedFirst,
		next: (context, response, _request, emitted, seen) => {
			const cursor = nextCursorFromBody(response.body, context.config.cursorPath);
			if (cursor === undefined) return undefined;
			if (seen.has(cursor)) throw new PaginationError(LOOP_MESSAGE);
			seen.add(cursor);
			return {
				qs: sizedQs(
					context,
					{ [context.config.cursorParameter]: cursor },
					wantedSize(context, emitted),
				),
			};
		},
	},
	nextUrl: {
		kind: 'chained',
		first: sizedFirst,
		next: (context, response, request, _emitted, seen) =>
			followLink(
				nextLinkFromBody(response.body, context.config.nextUrlPath),
				response,
				request,
				seen,
			),
	},
	linkHeader: {
		kind: 'chained',
		first: sizedFirst,
		next: (_context, response, request, _emitted, seen) =>
			followLink(nextLinkFromHeader(response.headers), response, request, seen),
	},
};
