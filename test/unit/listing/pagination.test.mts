import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

import { PaginationError } from '../../../nodes/CustomerIntegration/transport/errors';
import {
	type PageRequest,
	type PageResponse,
	type PaginationLimits,
	type PaginationSettings,
	paginate,
	parseLinkHeader,
	readPath,
} from '../../../nodes/CustomerIntegration/listing/pagination';

// ---------------------------------------------------------------------------------------------
// Fake APIs over an in-memory dataset, one per pagination style.

interface Row {
	id: number;
}
type FetchPage = (request: PageRequest) => Promise<PageResponse>;
interface FakeApi {
	fetchPage: FetchPage;
	requests: PageRequest[];
}

const ENDPOINT = 'https://api.example.com/api/v1/clientes';

function rows(count: number): Row[] {
	return Array.from({ length: count }, (_, id) => ({ id }));
}

function requestUrl(request: PageRequest): string {
	const url = new URL(request.url ?? ENDPOINT);
	for (const [key, value] of Object.entries(request.qs)) url.searchParams.set(key, String(value));
	return url.href;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
	const keys = path.split('.');
	let node = target;
	for (const key of keys.slice(0, -1)) {
		node[key] ??= {};
		node = node[key] as Record<string, unknown>;
	}
	node[keys[keys.length - 1]] = value;
}

function fakeApi(respond: (request: PageRequest) => PageResponse): FakeApi {
	const requests: PageRequest[] = [];
	return {
		requests,
		fetchPage: async (request) => {
			requests.push(structuredClone(request));
			return respond(request);
		},
	};
}

interface SizedOptions {
	sizeParameter?: string;
	defaultSize?: number;
	maxSize?: number;
}

function pageSizeOf(request: PageRequest, options: SizedOptions): number {
	const asked = request.qs[options.sizeParameter ?? 'limit'];
	return Math.min(
		asked === undefined ? (options.defaultSize ?? 20) : Number(asked),
		options.maxSize ?? Infinity,
	);
}

function pageNumberApi(
	data: Row[],
	options: SizedOptions & { pageParameter?: string; firstPage?: number; ignorePage?: boolean } = {},
): FakeApi {
	const firstPage = options.firstPage ?? 1;
	return fakeApi((request) => {
		const size = pageSizeOf(request, options);
		const page = options.ignorePage
			? firstPage
			: Number(request.qs[options.pageParameter ?? 'page']);
		const records = data.slice((page - firstPage) * size, (page - firstPage + 1) * size);
		return { body: { data: records, page }, headers: {}, records, url: requestUrl(request) };
	});
}

function offsetApi(data: Row[], options: SizedOptions & { ignoreOffset?: boolean } = {}): FakeApi {
	return fakeApi((request) => {
		const size = pageSizeOf(request, options);
		const offset = options.ignoreOffset ? 0 : Number(request.qs.offset ?? 0);
		const records = data.slice(offset, offset + size);
		return { body: { items: records }, headers: {}, records, url: requestUrl(request) };
	});
}

const encodeCursor = (index: number) => Buffer.from(`row:${index}`).toString('base64');
const decodeCursor = (cursor: string) => Number(Buffer.from(cursor, 'base64').toString().slice(4));

function cursorApi(
	data: Row[],
	options: SizedOptions & { path?: string; cursorParameter?: string; endValue?: unknown } = {},
): FakeApi {
	return fakeApi((request) => {
		const size = pageSizeOf(request, options);
		const cursor = request.qs[options.cursorParameter ?? 'cursor'];
		const start = cursor === undefined ? 0 : decodeCursor(String(cursor));
		const records = data.slice(start, start + size);
		const body: Record<string, unknown> = { data: records };
		const end = start + size >= data.length;
		setPath(
			body,
			options.path ?? 'nextCursor',
			end ? (options.endValue ?? null) : encodeCursor(start + size),
		);
		return { body, headers: {}, records, url: requestUrl(request) };
	});
}

/** Serves offset/limit pages and tells the client where the next one is, as the style wants. */
function linkingApi(
	data: Row[],
	place: (next: string | undefined, body: Record<string, unknown>) => PageResponse['headers'],
	options: SizedOptions & { relative?: boolean } = {},
): FakeApi {
	return fakeApi((request) => {
		const url = new URL(requestUrl(request));
		const size = Math.min(
			Number(url.searchParams.get('limit') ?? options.defaultSize ?? 20),
			options.maxSize ?? Infinity,
		);
		const offset = Number(url.searchParams.get('offset') ?? 0);
		const records = data.slice(offset, offset + size);
		let next: string | undefined;
		if (offset + size < data.length) {
			const nextUrl = new URL(ENDPOINT);
			nextUrl.searchParams.set('offset', String(offset + size));
			nextUrl.searchParams.set('limit', String(size));
			next = options.relative ? `${nextUrl.pathname}${nextUrl.search}` : nextUrl.href;
		}
		const body: Record<string, unknown> = { results: records };
		const headers = place(next, body);
		return { body, headers, records, url: url.href };
	});
}

function nextUrlApi(
	data: Row[],
	options: SizedOptions & { relative?: boolean; path?: string } = {},
): FakeApi {
	return linkingApi(
		data,
		(next, body) => {
			setPath(body, options.path ?? 'next', next ?? null);
			return {};
		},
		options,
	);
}

function linkHeaderApi(data: Row[], options: SizedOptions & { relative?: boolean } = {}): FakeApi {
	return linkingApi(
		data,
		(next) => {
			const links = [`<${ENDPOINT}?offset=0>; rel="first"`];
			if (next) links.push(`<${next}>; rel="next last-ish"`);
			return { Link: links.join(', ') };
		},
		options,
	);
}

async function collect(
	settings: PaginationSettings,
	fetchPage: FetchPage,
	limits?: PaginationLimits,
	baseQs: Record<string, string | number> = {},
): Promise<{ pages: unknown[][]; records: unknown[] }> {
	const pages: unknown[][] = [];
	for await (const page of paginate(settings, baseQs, fetchPage, limits)) pages.push(page);
	return { pages, records: pages.flat() };
}

async function collectError(
	settings: PaginationSettings,
	fetchPage: FetchPage,
	limits?: PaginationLimits,
): Promise<{ error: PaginationError; records: unknown[] }> {
	const records: unknown[] = [];
	try {
		for await (const page of paginate(settings, {}, fetchPage, limits)) records.push(...page);
	} catch (error) {
		expect(error).toBeInstanceOf(PaginationError);
		return { error: error as PaginationError, records };
	}
	throw new Error('expected a PaginationError, the pagination ended normally');
}

// ---------------------------------------------------------------------------------------------

const PAGE_SIZE = 10;
const SIZES = [0, 1, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1, 1000];

const STYLES: Array<{
	name: string;
	settings: PaginationSettings;
	api: (data: Row[]) => FakeApi;
	/** Requests a complete run needs for n records. */
	requests: (n: number) => number;
}> = [
	{
		name: 'pageNumber',
		settings: { style: 'pageNumber', pageSize: PAGE_SIZE },
		api: (data) => pageNumberApi(data),
		requests: (n) => Math.floor(n / PAGE_SIZE) + 1,
	},
	{
		name: 'offset',
		settings: { style: 'offset', pageSize: PAGE_SIZE },
		api: (data) => offsetApi(data),
		requests: (n) => Math.floor(n / PAGE_SIZE) + 1,
	},
	{
		name: 'cursor',
		settings: { style: 'cursor', pageSize: PAGE_SIZE },
		api: (data) => cursorApi(data),
		requests: (n) => Math.max(1, Math.ceil(n / PAGE_SIZE)),
	},
	{
		name: 'nextUrl',
		settings: { style: 'nextUrl', pageSize: PAGE_SIZE },
		api: (data) => nextUrlApi(data),
		requests: (n) => Math.max(1, Math.ceil(n / PAGE_SIZE)),
	},
	{
		name: 'nextUrl (relative links)',
		settings: { style: 'nextUrl', pageSize: PAGE_SIZE },
		api: (data) => nextUrlApi(data, { relative: true }),
		requests: (n) => Math.max(1, Math.ceil(n / PAGE_SIZE)),
	},
	{
		name: 'linkHeader',
		settings: { style: 'linkHeader', pageSize: PAGE_SIZE },
		api: (data) => linkHeaderApi(data),
		requests: (n) => Math.max(1, Math.ceil(n / PAGE_SIZE)),
	},
	{
		name: 'linkHeader (relative links)',
		settings: { style: 'linkHeader', pageSize: PAGE_SIZE },
		api: (data) => linkHeaderApi(data, { relative: true }),
		requests: (n) => Math.max(1, Math.ceil(n / PAGE_SIZE)),
	},
];

describe.each(STYLES)('paginate: $name', ({ settings, api, requests }) => {
	it.each(SIZES)('returns each of %i records exactly once, in order', async (n) => {
		const data = rows(n);
		const fake = api(data);
		const { pages, records } = await collect(settings, fake.fetchPage);
		expect(records).toEqual(data);
		expect(pages.every((page) => page.length > 0 && page.length <= PAGE_SIZE)).toBe(true);
		expect(fake.requests).toHaveLength(requests(n));
	});

	it.each([1, 9, 10, 11, 25, 999])(
		'stops at a limit of %i without fetching unneeded pages',
		async (limit) => {
			const data = rows(1000);
			const fake = api(data);
			const { records } = await collect(settings, fake.fetchPage, { maxRecords: limit });
			expect(records).toEqual(data.slice(0, limit));
			expect(fake.requests).toHaveLength(Math.ceil(limit / PAGE_SIZE));
		},
	);

	it('returns everything when the limit is above the number of records', async () => {
		const data = rows(35);
		const { records } = await collect(settings, api(data).fetchPage, { maxRecords: 500 });
		expect(records).toEqual(data);
	});

	it('fetches nothing with a limit of 0', async () => {
		const fake = api(rows(5));
		const { records } = await collect(settings, fake.fetchPage, { maxRecords: 0 });
		expect(records).toEqual([]);
		expect(fake.requests).toHaveLength(0);
	});
});

describe('paginate: page numbers', () => {
	it('sends page and limit, starting at firstPage, over baseQs', async () => {
		const fake = pageNumberApi(rows(25), { firstPage: 0 });
		await collect(
			{ style: 'pageNumber', pageSize: 10, firstPage: 0 },
			fake.fetchPage,
			{},
			{
				status: 'ativo',
				page: 7,
			},
		);
		expect(fake.requests.map((request) => request.qs)).toEqual([
			{ status: 'ativo', page: 0, limit: 10 },
			{ status: 'ativo', page: 1, limit: 10 },
			{ status: 'ativo', page: 2, limit: 10 },
		]);
		expect(fake.requests.every((request) => request.url === undefined)).toBe(true);
	});

	it('uses the documented defaults: page, from 1, limit, 100 per page', async () => {
		const fake = pageNumberApi(rows(150));
		const { records } = await collect({ style: 'pageNumber' }, fake.fetchPage);
		expect(records).toHaveLength(150);
		expect(fake.requests.map((request) => request.qs)).toEqual([
			{ page: 1, limit: 100 },
			{ page: 2, limit: 100 },
		]);
	});

	it('uses custom parameter names', async () => {
		const fake = pageNumberApi(rows(7), { pageParameter: 'pagina', sizeParameter: 'tamanho' });
		const { records } = await collect(
			{ style: 'pageNumber', pageParameter: 'pagina', pageSizeParameter: 'tamanho', pageSize: 3 },
			fake.fetchPage,
		);
		expect(records).toEqual(rows(7));
		expect(fake.requests[1].qs).toEqual({ pagina: 2, tamanho: 3 });
	});

	it('keeps the page size constant under a limit, asking for less only when one page is enough', async () => {
		const small = pageNumberApi(rows(1000));
		const first = await collect({ style: 'pageNumber', pageSize: 100 }, small.fetchPage, {
			maxRecords: 50,
		});
		expect(first.records).toEqual(rows(50));
		expect(small.requests.map((request) => request.qs)).toEqual([{ page: 1, limit: 50 }]);

		const large = pageNumberApi(rows(1000));
		const second = await collect({ style: 'pageNumber', pageSize: 100 }, large.fetchPage, {
			maxRecords: 150,
		});
		expect(second.pages.map((page) => page.length)).toEqual([100, 50]);
		expect(second.records).toEqual(rows(150));
		expect(large.requests.map((request) => request.qs)).toEqual([
			{ page: 1, limit: 100 },
			{ page: 2, limit: 100 },
		]);
	});

	it('without a page size parameter, ends only on an empty page', async () => {
		const fake = pageNumberApi(rows(45), { defaultSize: 20 });
		const { records } = await collect(
			{ style: 'pageNumber', pageSizeParameter: '' },
			fake.fetchPage,
		);
		expect(records).toEqual(rows(45));
		expect(fake.requests.map((request) => request.qs)).toEqual([
			{ page: 1 },
			{ page: 2 },
			{ page: 3 },
			{ page: 4 },
		]);
	});

	it('loses nothing on an API that caps the page size when stopOnShortPage is off', async () => {
		const capped = () => pageNumberApi(rows(120), { maxSize: 50 });
		const strict = await collect({ style: 'pageNumber', pageSize: 100 }, capped().fetchPage);
		expect(strict.records).toHaveLength(50);
		const lenient = await collect(
			{ style: 'pageNumber', pageSize: 100, stopOnShortPage: false },
			capped().fetchPage,
		);
		expect(lenient.records).toEqual(rows(120));
	});

	it('throws when the API ignores the page parameter', async () => {
		const fake = pageNumberApi(rows(500), { ignorePage: true });
		const { error, records } = await collectError(
			{ style: 'pageNumber', pageSize: 10 },
			fake.fetchPage,
		);
		expect(error.message).toMatch(/same page twice/);
		expect(error.message).toContain('"page"');
		expect(fake.requests).toHaveLength(2);
		expect(records).toEqual(rows(10));
	});
});

describe('paginate: offsets', () => {
	it('advances by the records received and asks only for what the limit still needs', async () => {
		const fake = offsetApi(rows(1000));
		const { records } = await collect({ style: 'offset', pageSize: 100 }, fake.fetchPage, {
			maxRecords: 150,
		});
		expect(records).toEqual(rows(150));
		expect(fake.requests.map((request) => request.qs)).toEqual([
			{ offset: 0, limit: 100 },
			{ offset: 100, limit: 50 },
		]);
	});

	it('follows an API that caps the page size, when stopOnShortPage is off', async () => {
		const fake = offsetApi(rows(120), { maxSize: 50 });
		const { records } = await collect(
			{ style: 'offset', pageSize: 100, stopOnShortPage: false },
			fake.fetchPage,
		);
		expect(records).toEqual(rows(120));
		expect(fake.requests.map((request) => request.qs.offset)).toEqual([0, 50, 100, 120]);
	});

	it('uses a custom offset parameter', async () => {
		const fake = fakeApi((request) => {
			const start = Number(request.qs.skip);
			const records = rows(12).slice(start, start + Number(request.qs.top));
			return { body: records, headers: {}, records };
		});
		const { records } = await collect(
			{ style: 'offset', offsetParameter: 'skip', pageSizeParameter: 'top', pageSize: 5 },
			fake.fetchPage,
		);
		expect(records).toEqual(rows(12));
		expect(fake.requests.map((request) => request.qs)).toEqual([
			{ skip: 0, top: 5 },
			{ skip: 5, top: 5 },
			{ skip: 10, top: 5 },
		]);
	});

	it('throws when the API ignores the offset parameter', async () => {
		const fake = offsetApi(rows(500), { ignoreOffset: true });
		const { error } = await collectError({ style: 'offset', pageSize: 10 }, fake.fetchPage);
		expect(error.message).toMatch(/same page twice/);
		expect(error.message).toContain('"offset"');
	});
});

describe('paginate: cursors', () => {
	it.each([
		'next_cursor',
		'meta.nextCursor',
		'meta.next_cursor',
		'pagination.nextCursor',
		'response_metadata.next_cursor',
		'nextPageToken',
	])('finds the cursor at %s without configuration', async (path) => {
		const fake = cursorApi(rows(23), { path });
		const { records } = await collect({ style: 'cursor', pageSize: 10 }, fake.fetchPage);
		expect(records).toEqual(rows(23));
		expect(fake.requests.map((request) => request.qs)).toEqual([
			{ limit: 10 },
			{ cursor: encodeCursor(10), limit: 10 },
			{ cursor: encodeCursor(20), limit: 10 },
		]);
	});

	it('uses a configured cursor path and parameter', async () => {
		const fake = cursorApi(rows(23), { path: 'paging.after', cursorParameter: 'after' });
		const { records } = await collect(
			{ style: 'cursor', pageSize: 10, cursorPath: 'paging.after', cursorParameter: 'after' },
			fake.fetchPage,
		);
		expect(records).toEqual(rows(23));
		expect(fake.requests[1].qs).toEqual({ after: encodeCursor(10), limit: 10 });
	});

	it.each([null, '', false, undefined])('ends when the cursor is %j', async (endValue) => {
		const fake = cursorApi(rows(15), { endValue });
		const { records } = await collect({ style: 'cursor', pageSize: 10 }, fake.fetchPage);
		expect(records).toEqual(rows(15));
		expect(fake.requests).toHaveLength(2);
	});

	it('does not take a bare "cursor" key for the next cursor (APIs echo the current one)', async () => {
		const fake = cursorApi(rows(15), { path: 'cursor' });
		const { records } = await collect({ style: 'cursor', pageSize: 10 }, fake.fetchPage);
		expect(records).toEqual(rows(10));
		expect(fake.requests).toHaveLength(1);
	});

	it('accepts a numeric cursor', async () => {
		const fake = fakeApi((request) => {
			const start = Number(request.qs.cursor ?? 0);
			const records = rows(7).slice(start, start + 3);
			return { body: { nextCursor: start + 3 < 7 ? start + 3 : null }, headers: {}, records };
		});
		const { records } = await collect({ style: 'cursor', pageSize: 3 }, fake.fetchPage);
		expect(records).toEqual(rows(7));
		expect(fake.requests.map((request) => request.qs.cursor)).toEqual([undefined, '3', '6']);
	});

	it('refuses a configured cursor that is not text', async () => {
		const fake = fakeApi(() => ({ body: { next: { id: 1 } }, headers: {}, records: [1] }));
		const { error } = await collectError({ style: 'cursor', cursorPath: 'next' }, fake.fetchPage);
		expect(error.message).toContain('"next"');
	});

	it('throws when the API returns the same cursor again', async () => {
		let calls = 0;
		const fake = fakeApi(() => {
			calls++;
			return { body: { nextCursor: 'always-the-same' }, headers: {}, records: [{ id: calls }] };
		});
		const { error, records } = await collectError({ style: 'cursor', pageSize: 1 }, fake.fetchPage);
		expect(error.message).toMatch(/the API returned the same next page twice/);
		expect(fake.requests).toHaveLength(2);
		expect(records).toEqual([{ id: 1 }]);
	});

	it('throws on a cursor cycle A → B → A', async () => {
		const next: Record<string, string> = { start: 'A', A: 'B', B: 'A' };
		const fake = fakeApi((request) => ({
			body: { nextCursor: next[String(request.qs.cursor ?? 'start')] },
			headers: {},
			records: [{ cursor: request.qs.cursor }],
		}));
		const { error } = await collectError({ style: 'cursor' }, fake.fetchPage);
		expect(error.message).toMatch(/same next page twice/);
		expect(fake.requests).toHaveLength(3);
	});
});

describe('paginate: next URLs in the body', () => {
	it.each([
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
	])('finds the next URL at %s without configuration', async (path) => {
		const fake = nextUrlApi(rows(25), { path });
		const { records } = await collect({ style: 'nextUrl', pageSize: 10 }, fake.fetchPage);
		expect(records).toEqual(rows(25));
		expect(fake.requests).toHaveLength(3);
	});

	it('reads an { href } object and a configured path', async () => {
		const fake = linkingApi(rows(25), (next, body) => {
			setPath(body, 'paginacao.proxima', next === undefined ? null : { href: next });
			return {};
		});
		const { records } = await collect(
			{ style: 'nextUrl', pageSize: 10, nextUrlPath: 'paginacao.proxima' },
			fake.fetchPage,
		);
		expect(records).toEqual(rows(25));
	});

	it('sizes the first request only and then follows the URLs as given', async () => {
		const fake = nextUrlApi(rows(25));
		await collect({ style: 'nextUrl', pageSize: 10 }, fake.fetchPage, {}, { status: 'ativo' });
		expect(fake.requests).toEqual([
			{ qs: { status: 'ativo', limit: 10 } },
			{ url: `${ENDPOINT}?offset=10&limit=10`, qs: {} },
			{ url: `${ENDPOINT}?offset=20&limit=10`, qs: {} },
		]);
	});

	it('resolves relative next URLs against the URL of the request', async () => {
		const fake = nextUrlApi(rows(25), { relative: true });
		await collect({ style: 'nextUrl', pageSize: 10 }, fake.fetchPage);
		expect(fake.requests[1].url).toBe(`${ENDPOINT}?offset=10&limit=10`);
	});

	it('cannot resolve a relative next URL when fetchPage does not say which URL it requested', async () => {
		const fake = fakeApi(() => ({
			body: { next: '/api/v1/clientes?page=2' },
			headers: {},
			records: [1],
		}));
		const { error } = await collectError({ style: 'nextUrl' }, fake.fetchPage);
		expect(error.message).toMatch(/relative next-page link/);
	});

	it('throws when the next URL points back to the page just fetched', async () => {
		const fake = fakeApi((request) => ({
			body: { next: `${ENDPOINT}?page=1` },
			headers: {},
			records: [{ id: 1 }],
			url: request.url ?? `${ENDPOINT}?page=1`,
		}));
		const { error } = await collectError({ style: 'nextUrl' }, fake.fetchPage);
		expect(error.message).toMatch(/the API returned the same next page twice/);
		expect(fake.requests).toHaveLength(1);
	});

	it('throws when a next URL repeats, fragments aside', async () => {
		const pages: Record<string, string> = {
			first: `${ENDPOINT}?p=2`,
			[`${ENDPOINT}?p=2`]: `${ENDPOINT}?p=3`,
			[`${ENDPOINT}?p=3`]: `${ENDPOINT}?p=2#again`,
		};
		const fake = fakeApi((request) => ({
			body: { next: pages[request.url ?? 'first'] },
			headers: {},
			records: [{}],
		}));
		const { error } = await collectError({ style: 'nextUrl' }, fake.fetchPage);
		expect(error.message).toMatch(/same next page twice/);
		expect(fake.requests).toHaveLength(3);
	});

	it('does not echo the next URL (it may carry a token) in its errors', async () => {
		const fake = fakeApi(() => ({
			body: { next: 'https://[broken/?access_token=tok-123' },
			headers: {},
			records: [{}],
			url: ENDPOINT,
		}));
		const { error } = await collectError({ style: 'nextUrl' }, fake.fetchPage);
		expect(error.message).toMatch(/not a valid URL/);
		expect(error.message).not.toContain('tok-123');
	});
});

describe('paginate: Link header', () => {
	it('reads the header whatever its name case, and as several header lines', async () => {
		const responses: PageResponse[] = [
			{
				body: [],
				headers: { LINK: [`<${ENDPOINT}?p=0>; rel=first`, `<${ENDPOINT}?p=2>; rel=next`] },
				records: [1],
				url: ENDPOINT,
			},
			{
				body: [],
				headers: { link: `<${ENDPOINT}?p=3>; rel="prev next"` },
				records: [2],
				url: `${ENDPOINT}?p=2`,
			},
			{
				body: [],
				headers: { link: `<${ENDPOINT}?p=2>; rel="prev"` },
				records: [3],
				url: `${ENDPOINT}?p=3`,
			},
		];
		const fake = fakeApi(() => responses.shift() as PageResponse);
		const { records } = await collect({ style: 'linkHeader' }, fake.fetchPage);
		expect(records).toEqual([1, 2, 3]);
		expect(fake.requests.map((request) => request.url)).toEqual([
			undefined,
			`${ENDPOINT}?p=2`,
			`${ENDPOINT}?p=3`,
		]);
	});

	it.each([
		['</api/v1/clientes?page=2>; rel="next"', 'https://api.example.com/api/v1/clientes?page=2'],
		['<?page=2>; rel="next"', 'https://api.example.com/api/v1/clientes?page=2'],
		['<clientes/2>; rel="next"', 'https://api.example.com/api/v1/clientes/2'],
		['<2>; rel="next"', 'https://api.example.com/api/v1/2'],
	])('resolves %s against the request URL', async (header, expected) => {
		const responses: PageResponse[] = [
			{ body: null, headers: { link: header }, records: [1], url: `${ENDPOINT}?page=1` },
			{ body: null, headers: {}, records: [2] },
		];
		const fake = fakeApi(() => responses.shift() as PageResponse);
		await collect({ style: 'linkHeader' }, fake.fetchPage);
		expect(fake.requests[1].url).toBe(expected);
	});

	it('ignores a rel="next" link that has another anchor', async () => {
		const fake = fakeApi(() => ({
			body: null,
			headers: { link: `<${ENDPOINT}?p=9>; rel="next"; anchor="#other"` },
			records: [1],
			url: ENDPOINT,
		}));
		const { records } = await collect({ style: 'linkHeader' }, fake.fetchPage);
		expect(records).toEqual([1]);
		expect(fake.requests).toHaveLength(1);
	});

	it('throws when rel="next" repeats', async () => {
		const fake = fakeApi(() => ({
			body: null,
			headers: { link: `<${ENDPOINT}?p=2>; rel="next"` },
			records: [1],
			url: ENDPOINT,
		}));
		const { error } = await collectError({ style: 'linkHeader' }, fake.fetchPage);
		expect(error.message).toMatch(/the API returned the same next page twice/);
		expect(fake.requests).toHaveLength(2);
	});
});

describe('parseLinkHeader (RFC 8288)', () => {
	it('parses several links with quoted and token values', () => {
		expect(
			parseLinkHeader(
				'<https://h/x?page=2>; rel="next", <https://h/x?page=9>; rel=last; title="Last, final; page"',
			),
		).toEqual([
			{ uri: 'https://h/x?page=2', rel: ['next'], params: { rel: 'next' } },
			{
				uri: 'https://h/x?page=9',
				rel: ['last'],
				params: { rel: 'last', title: 'Last, final; page' },
			},
		]);
	});

	it('splits a rel with several values and lowercases parameter names and relation types', () => {
		const [link] = parseLinkHeader('<https://h/p2>;REL="Next  Last"');
		expect(link.rel).toEqual(['next', 'last']);
	});

	it('keeps commas and semicolons inside the URI', () => {
		expect(parseLinkHeader('<https://h/x?ids=1,2;3>; rel="next"')[0].uri).toBe(
			'https://h/x?ids=1,2;3',
		);
	});

	it('unescapes quoted strings', () => {
		expect(
			parseLinkHeader('<a>; rel="next"; title="say \\"hi\\", then \\\\ go"')[0].params.title,
		).toBe('say "hi", then \\ go');
	});

	it('keeps the first of repeated parameters', () => {
		expect(parseLinkHeader('<a>; rel="prev"; rel="next"')[0].rel).toEqual(['prev']);
	});

	it('skips malformed parts and keeps the good links', () => {
		const links = parseLinkHeader(
			'garbage, "<x>"; rel="next", <https://h/ok>; rel=next, , <unclosed; rel=next',
		);
		expect(links.map((link) => link.uri)).toEqual(['https://h/ok']);
	});

	it('skips junk that holds an escaped quote and a comma inside quotes', () => {
		const links = parseLinkHeader('junk "a \\" b, c" more, <https://h/ok>; rel=next');
		expect(links.map((link) => link.uri)).toEqual(['https://h/ok']);
	});

	it('handles valueless parameters and odd spacing', () => {
		expect(parseLinkHeader(' <a> ;  rel = "next" ; crossorigin ,<b>;rel=prev')).toEqual([
			{ uri: 'a', rel: ['next'], params: { rel: 'next', crossorigin: '' } },
			{ uri: 'b', rel: ['prev'], params: { rel: 'prev' } },
		]);
	});

	it('returns nothing for an empty header and does not let __proto__ pollute', () => {
		expect(parseLinkHeader('')).toEqual([]);
		const [link] = parseLinkHeader('<a>; __proto__="x"; rel=next');
		expect(Object.getPrototypeOf(link.params)).toBe(Object.prototype);
		expect(link.rel).toEqual(['next']);
	});
});

describe('paginate: style none', () => {
	it('makes one request with baseQs only and trims to the limit', async () => {
		const fake = fakeApi((request) => ({
			body: null,
			headers: {},
			records: rows(30),
			url: requestUrl(request),
		}));
		const { records } = await collect(
			{ style: 'none' },
			fake.fetchPage,
			{ maxRecords: 12 },
			{ q: 'x' },
		);
		expect(records).toEqual(rows(12));
		expect(fake.requests).toEqual([{ qs: { q: 'x' } }]);
	});
});

describe('paginate: safety', () => {
	it('throws past maxPages, after yielding the pages it fetched', async () => {
		let calls = 0;
		const fake = fakeApi(() => {
			calls++;
			return { body: { nextCursor: `c${calls}` }, headers: {}, records: [{ id: calls }] };
		});
		const { error, records } = await collectError({ style: 'cursor' }, fake.fetchPage, {
			maxPages: 5,
		});
		expect(error.message).toMatch(/after 5 pages/);
		expect(records).toHaveLength(5);
		expect(fake.requests).toHaveLength(5);
	});

	it('does not throw when the last page is exactly maxPages', async () => {
		const { records } = await collect(
			{ style: 'cursor', pageSize: 10 },
			cursorApi(rows(30)).fetchPage,
			{
				maxPages: 3,
			},
		);
		expect(records).toEqual(rows(30));
	});

	it('refuses a fetchPage that returns no records array', async () => {
		const fake = fakeApi(() => ({
			body: {},
			headers: {},
			records: undefined as unknown as unknown[],
		}));
		const { error } = await collectError({ style: 'none' }, fake.fetchPage);
		expect(error.message).toMatch(/array/);
	});

	it.each<[PaginationSettings, PaginationLimits, RegExp]>([
		[{ style: 'pages' as never }, {}, /Unknown pagination style/],
		[{ style: 'pageNumber', pageSize: 0 }, {}, /page size/],
		[{ style: 'pageNumber', pageSize: 2.5 }, {}, /page size/],
		[{ style: 'pageNumber', firstPage: -1 }, {}, /first page/],
		[{ style: 'pageNumber', pageParameter: ' ' }, {}, /page parameter needs a name/],
		[{ style: 'pageNumber', pageParameter: 'limit' }, {}, /cannot both be "limit"/],
		[{ style: 'offset', offsetParameter: 'n', pageSizeParameter: 'n' }, {}, /cannot both be "n"/],
		[{ style: 'cursor', cursorParameter: 'limit' }, {}, /cannot both be/],
		[{ style: 'offset' }, { maxRecords: -1 }, /limit/],
		[{ style: 'offset' }, { maxRecords: 1.5 }, /limit/],
		[{ style: 'offset' }, { maxPages: 0 }, /maximum number of pages/],
	])('refuses the settings %j %j before fetching', async (settings, limits, message) => {
		const fake = offsetApi(rows(5));
		const { error } = await collectError(settings, fake.fetchPage, limits);
		expect(error.message).toMatch(message);
		expect(fake.requests).toHaveLength(0);
	});

	it('fetches exactly one page ahead of the consumer, and nothing once it stops', async () => {
		const fake = pageNumberApi(rows(100));
		const pages = paginate({ style: 'pageNumber', pageSize: 10 }, {}, fake.fetchPage, {});
		await pages.next();
		expect(fake.requests).toHaveLength(2);
		await pages.next();
		expect(fake.requests).toHaveLength(3);
		await pages.return(undefined);
		expect(fake.requests).toHaveLength(3);
	});

	it('does not fetch ahead past the last page or the limit', async () => {
		const fake = pageNumberApi(rows(25));
		const all = [];
		for await (const page of paginate(
			{ style: 'pageNumber', pageSize: 10 },
			{},
			fake.fetchPage,
			{},
		)) {
			all.push(...page);
		}
		expect(all).toHaveLength(25);
		expect(fake.requests).toHaveLength(3);

		const limited = pageNumberApi(rows(100));
		for await (const page of paginate(
			{ style: 'pageNumber', pageSize: 10 },
			{},
			limited.fetchPage,
			{
				maxRecords: 20,
			},
		)) {
			expect(page).toHaveLength(10);
		}
		expect(limited.requests).toHaveLength(2);
	});

	it('goes through 100,000 records in order', async () => {
		const fake = offsetApi(rows(100_000));
		let expected = 0;
		for await (const page of paginate({ style: 'offset', pageSize: 100 }, {}, fake.fetchPage, {})) {
			for (const record of page as Row[]) expect(record.id === expected++).toBe(true);
		}
		expect(expected).toBe(100_000);
		expect(fake.requests).toHaveLength(1001);
	});

	it('does not keep earlier pages alive', async () => {
		setFlagsFromString('--expose-gc');
		const gc = runInNewContext('gc') as () => void;
		const pageRefs: Array<WeakRef<object>> = [];
		const bodyRefs: Array<WeakRef<object>> = [];
		const fetchPage: FetchPage = async (request) => {
			const start = Number(request.qs.offset);
			const records =
				start < 5_000
					? Array.from({ length: 100 }, (_, i) => ({ id: start + i, pad: 'x'.repeat(50) }))
					: [];
			const body = { items: records };
			pageRefs.push(new WeakRef(records));
			bodyRefs.push(new WeakRef(body));
			return { body, headers: {}, records };
		};
		let seen = 0;
		let checkedMidway = false;
		for await (const page of paginate({ style: 'offset', pageSize: 100 }, {}, fetchPage, {})) {
			seen += page.length;
			if (seen === 3_000) {
				checkedMidway = true;
				await new Promise((resolve) => setImmediate(resolve));
				gc();
				// Earlier pages exist to check: at least the 28 before the one in hand and the one ahead.
				expect(pageRefs.length).toBeGreaterThanOrEqual(30);
				// The page in hand and the one fetched ahead are the only ones alive.
				const alive = pageRefs.slice(0, -2).filter((ref) => ref.deref() !== undefined).length;
				const bodiesAlive = bodyRefs.slice(0, -2).filter((ref) => ref.deref() !== undefined).length;
				expect(alive).toBe(0);
				expect(bodiesAlive).toBe(0);
			}
		}
		expect(checkedMidway).toBe(true);
		expect(seen).toBe(5_000);
	});
});

describe('readPath', () => {
	it('reads dot paths and keys that contain dots', () => {
		const body = { a: { b: { c: 1 } }, '@odata.nextLink': 'x', list: [{ id: 7 }] };
		expect(readPath(body, 'a.b.c')).toBe(1);
		expect(readPath(body, '@odata.nextLink')).toBe('x');
		expect(readPath(body, 'list.0.id')).toBe(7);
		expect(readPath(body, 'a.x.c')).toBeUndefined();
		expect(readPath(body, 'a.constructor')).toBeUndefined();
		expect(readPath('text', 'length')).toBeUndefined();
		expect(readPath(null, 'a')).toBeUndefined();
	});
});
