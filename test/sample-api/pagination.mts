/**
 * Every common pagination style on one list, chosen by the query, so one server serves them all:
 *
 * - page number:  `?page=N&pageSize=M` (1-based) → array, or `{ <wrap>: [...], page, pageSize, total, totalPages }`
 * - offset/limit: `?offset=N&limit=M` → array, or `{ <wrap>: [...], offset, limit, total }`
 * - cursor:       `?cursor=` (empty to start) or `?paginate=cursor`, `&limit=M` → `{ data: [...], nextCursor }`
 * - next URL:     `?paginate=next&limit=M` → `{ count, next, previous, results: [...] }` (`&nextUrl=relative`
 *                 gives `/api/...` instead of an absolute URL)
 * - Link header:  `?paginate=link&page=N&pageSize=M` → array + `Link: <…>; rel="next"` (RFC 8288)
 * - none:         all matches as an array, at most MAX_PAGE_SIZE (then `X-Result-Truncated: true`)
 *
 * `?wrap=data|items|results|none` picks the wrapper key where a wrapper makes sense. Pages are
 * stateless (computed from the query alone), so a retried request gets exactly the same page.
 * Every list answer carries `X-Total-Count`.
 *
 * `PageSizeRules` play an API with its own name for the page size (`?size=`): it then reads only
 * those names, ignores the others (`limit` included) and serves its own default size.
 */

import type { CustomerStore } from './customerStore.mts';
import { codigoOf } from './customerStore.mts';
import { errorReply, jsonText, type HeaderMap, type Reply } from './reply.mts';

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

/** Query keys that steer the list rather than filter it. */
export const LIST_CONTROL_KEYS = new Set([
	'page',
	'pageSize',
	'per_page',
	'offset',
	'limit',
	'cursor',
	'paginate',
	'wrap',
	'nextUrl',
]);

type Wrap = 'data' | 'items' | 'results' | 'none';

export interface PageSizeRules {
	/** The only query parameters read as the page size. */
	parameters: string[];
	/** Records per page when none of them is given. Default DEFAULT_PAGE_SIZE. */
	defaultSize?: number;
}

export interface ListContext {
	store: CustomerStore;
	/** Positions of the matching records, in codigo order. */
	matches: number[];
	query: URLSearchParams;
	/** Path of the list route, e.g. `/api/clientes`. */
	path: string;
	/** `https://127.0.0.1:3443`, as the client addressed the server. */
	origin: string;
	/** An API with its own page size parameter; default: the usual names below. */
	pageSize?: PageSizeRules;
}

class BadRequest extends Error {}

function nonNegativeInt(query: URLSearchParams, key: string): number | undefined {
	const raw = query.get(key);
	if (raw === null || raw === '') return undefined;
	if (!/^\d+$/.test(raw)) throw new BadRequest(`${key} must be a non-negative integer.`);
	return Number(raw);
}

function pageSizeOf(ctx: ListContext, ...usualKeys: string[]): number {
	const query = ctx.query;
	const keys = ctx.pageSize?.parameters ?? usualKeys;
	for (const key of keys) {
		const size = nonNegativeInt(query, key);
		if (size === undefined) continue;
		if (size < 1) throw new BadRequest(`${key} must be at least 1.`);
		if (size > MAX_PAGE_SIZE) throw new BadRequest(`${key} must be at most ${MAX_PAGE_SIZE}.`);
		return size;
	}
	return ctx.pageSize?.defaultSize ?? DEFAULT_PAGE_SIZE;
}

function wrapOf(query: URLSearchParams, fallback: Wrap): Wrap {
	const wrap = query.get('wrap');
	if (wrap === null || wrap === '') return fallback;
	if (wrap === 'data' || wrap === 'items' || wrap === 'results' || wrap === 'none') return wrap;
	throw new BadRequest('wrap must be one of data, items, results, none.');
}

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/** `[r1,r2,…]` from the cached record bytes, in one copy. */
function arrayBytes(ctx: ListContext, from: number, to: number): Buffer {
	const parts: Buffer[] = [OPEN];
	let length = 2;
	for (let i = from; i < to; i++) {
		const record = ctx.store.serialized(ctx.matches[i]);
		if (i > from) parts.push(COMMA);
		parts.push(record);
		length += record.length + (i > from ? 1 : 0);
	}
	parts.push(CLOSE);
	return Buffer.concat(parts, length);
}

/** `{"<key>":[…],"meta":…}` around the array bytes, without parsing the cached records again. */
function wrapped(
	key: string,
	items: Buffer,
	meta: Record<string, unknown>,
	metaFirst = false,
): Buffer {
	const metaText = JSON.stringify(meta).slice(1, -1);
	const keyText = `${JSON.stringify(key)}:`;
	if (metaFirst) {
		return Buffer.concat([
			Buffer.from(`{${metaText}${metaText ? ',' : ''}${keyText}`),
			items,
			Buffer.from('}'),
		]);
	}
	return Buffer.concat([
		Buffer.from(`{${keyText}`),
		items,
		Buffer.from(`${metaText ? ',' : ''}${metaText}}`),
	]);
}

function urlWith(
	ctx: ListContext,
	changes: Record<string, string | undefined>,
	relative = false,
): string {
	const query = new URLSearchParams(ctx.query);
	for (const [key, value] of Object.entries(changes)) {
		if (value === undefined) query.delete(key);
		else query.set(key, value);
	}
	const path = `${ctx.path}?${query.toString()}`;
	return relative ? path : ctx.origin + path;
}

function encodeCursor(codigo: string): string {
	return Buffer.from(`after:${codigo}`).toString('base64url');
}

/** Position in `matches` of the first record after the cursor's codigo. */
function cursorStart(ctx: ListContext, cursor: string): number {
	const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
	if (!decoded.startsWith('after:')) throw new BadRequest('cursor is not valid.');
	const after = ctx.store.indexOf(decoded.slice('after:'.length));
	if (after === undefined) throw new BadRequest('cursor is not valid.');
	let low = 0;
	let high = ctx.matches.length;
	while (low < high) {
		const mid = (low + high) >>> 1;
		if (ctx.matches[mid] <= after) low = mid + 1;
		else high = mid;
	}
	return low;
}

function reply(ctx: ListContext, body: Buffer, headers: HeaderMap = {}): Reply {
	return jsonText(200, body, { 'x-total-count': String(ctx.matches.length), ...headers });
}

function pageStyle(ctx: ListContext): Reply {
	const page = nonNegativeInt(ctx.query, 'page') ?? 1;
	if (page < 1) throw new BadRequest('page starts at 1.');
	const pageSize = pageSizeOf(ctx, 'pageSize', 'per_page', 'limit');
	const total = ctx.matches.length;
	const from = Math.min(total, (page - 1) * pageSize);
	const items = arrayBytes(ctx, from, Math.min(total, from + pageSize));
	const wrap = wrapOf(ctx.query, 'none');
	if (wrap === 'none') return reply(ctx, items);
	return reply(
		ctx,
		wrapped(wrap, items, { page, pageSize, total, totalPages: Math.ceil(total / pageSize) }),
	);
}

function offsetStyle(ctx: ListContext): Reply {
	const offset = nonNegativeInt(ctx.query, 'offset') ?? 0;
	const limit = pageSizeOf(ctx, 'limit', 'pageSize');
	const total = ctx.matches.length;
	const from = Math.min(total, offset);
	const items = arrayBytes(ctx, from, Math.min(total, from + limit));
	const wrap = wrapOf(ctx.query, 'none');
	if (wrap === 'none') return reply(ctx, items);
	return reply(ctx, wrapped(wrap, items, { offset, limit, total }));
}

function cursorStyle(ctx: ListContext): Reply {
	const cursor = ctx.query.get('cursor');
	const from = cursor ? cursorStart(ctx, cursor) : 0;
	const limit = pageSizeOf(ctx, 'limit', 'pageSize');
	const to = Math.min(ctx.matches.length, from + limit);
	const nextCursor =
		to < ctx.matches.length ? encodeCursor(codigoOf(ctx.store.records[ctx.matches[to - 1]])) : null;
	const items = arrayBytes(ctx, from, to);
	const wrap = wrapOf(ctx.query, 'data');
	if (wrap === 'none') return reply(ctx, items, nextCursor ? { 'x-next-cursor': nextCursor } : {});
	return reply(ctx, wrapped(wrap, items, { nextCursor }));
}

function nextUrlStyle(ctx: ListContext): Reply {
	const offset = nonNegativeInt(ctx.query, 'offset') ?? 0;
	const limit = pageSizeOf(ctx, 'limit', 'pageSize');
	const total = ctx.matches.length;
	const from = Math.min(total, offset);
	const to = Math.min(total, from + limit);
	const relative = ctx.query.get('nextUrl') === 'relative';
	const link = (position: number) =>
		urlWith(ctx, { offset: String(position), limit: String(limit), pageSize: undefined }, relative);
	const next = to < total ? link(to) : null;
	const previous = from > 0 ? link(Math.max(0, from - limit)) : null;
	const wrap = wrapOf(ctx.query, 'results');
	const key = wrap === 'none' ? 'results' : wrap;
	return reply(
		ctx,
		wrapped(key, arrayBytes(ctx, from, to), { count: total, next, previous }, true),
	);
}

function linkHeaderStyle(ctx: ListContext): Reply {
	const page = nonNegativeInt(ctx.query, 'page') ?? 1;
	if (page < 1) throw new BadRequest('page starts at 1.');
	const pageSize = pageSizeOf(ctx, 'pageSize', 'per_page', 'limit');
	const total = ctx.matches.length;
	const lastPage = Math.max(1, Math.ceil(total / pageSize));
	const from = Math.min(total, (page - 1) * pageSize);
	const to = Math.min(total, from + pageSize);
	const link = (target: number, rel: string) =>
		`<${urlWith(ctx, { page: String(target), pageSize: String(pageSize), per_page: undefined, limit: undefined })}>; rel="${rel}"`;
	const links = [link(1, 'first')];
	if (page > 1) links.push(link(Math.min(page - 1, lastPage), 'prev'));
	if (page < lastPage) links.push(link(page + 1, 'next'));
	links.push(link(lastPage, 'last'));
	return reply(ctx, arrayBytes(ctx, from, to), { link: links.join(', ') });
}

function unpaginated(ctx: ListContext): Reply {
	const total = ctx.matches.length;
	const to = Math.min(total, MAX_PAGE_SIZE);
	const items = arrayBytes(ctx, 0, to);
	const headers: HeaderMap = to < total ? { 'x-result-truncated': 'true' } : {};
	const wrap = wrapOf(ctx.query, 'none');
	return reply(ctx, wrap === 'none' ? items : wrapped(wrap, items, {}), headers);
}

export type PaginationStyle = 'page' | 'offset' | 'cursor' | 'next' | 'link' | 'none';

export function paginationStyleOf(query: URLSearchParams): PaginationStyle | 'unknown' {
	const paginate = query.get('paginate');
	if (paginate === 'next' || paginate === 'link' || paginate === 'cursor') return paginate;
	if (paginate !== null) return 'unknown';
	if (query.has('cursor')) return 'cursor';
	if (query.has('page')) return 'page';
	if (query.has('offset') || query.has('limit')) return 'offset';
	if (query.has('pageSize') || query.has('per_page')) return 'page';
	return 'none';
}

export function listReply(ctx: ListContext): Reply {
	try {
		switch (paginationStyleOf(ctx.query)) {
			case 'page':
				return pageStyle(ctx);
			case 'offset':
				return offsetStyle(ctx);
			case 'cursor':
				return cursorStyle(ctx);
			case 'next':
				return nextUrlStyle(ctx);
			case 'link':
				return linkHeaderStyle(ctx);
			case 'none':
				return unpaginated(ctx);
			case 'unknown':
				throw new BadRequest('paginate must be one of next, link, cursor.');
		}
	} catch (error) {
		if (error instanceof BadRequest) return errorReply(400, 'invalid_pagination', error.message);
		throw error;
	}
}
