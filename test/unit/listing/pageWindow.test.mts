import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';

import { PaginationError } from '../../../nodes/CustomerIntegration/transport/errors';
import {
	type PageRequest,
	type PageResponse,
	type PaginationLimits,
	type PaginationSettings,
	paginate,
} from '../../../nodes/CustomerIntegration/listing/pagination';

/**
 * The sliding window of pageNumber/offset pages: how many requests are in flight, what is handed out
 * and in which order, where the listing ends, and what one failing page does to the others.
 */

interface Row {
	id: number;
}

const rows = (count: number): Row[] => Array.from({ length: count }, (_, id) => ({ id }));

interface ServedPage {
	records: Row[];
	headers?: PageResponse['headers'];
	body?: unknown;
}

/** A fake API that answers each page after a few milliseconds (later pages often first), counting what is in flight. */
class FakeApi {
	readonly asked: PageRequest[] = [];
	inFlight = 0;
	peakInFlight = 0;
	/** Pages handed to the consumer so far (set by the test's loop). */
	received = 0;
	/** The most pages asked for and not yet handed to the consumer, seen at any request. */
	peakAhead = 0;

	constructor(
		private readonly serve: (request: PageRequest, attempt: number) => ServedPage,
		private readonly delayOf: (request: PageRequest) => number = (request) =>
			(Number(request.qs.page ?? request.qs.offset ?? 0) * 7) % 5,
	) {}

	fetchPage = async (request: PageRequest): Promise<PageResponse> => {
		this.asked.push(request);
		this.peakAhead = Math.max(this.peakAhead, this.asked.length - this.received);
		this.inFlight++;
		this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
		try {
			await delay(this.delayOf(request));
			const attempt = this.asked.filter((other) => sameRequest(other, request)).length;
			const served = this.serve(request, attempt);
			return {
				records: served.records,
				headers: served.headers ?? {},
				body: served.body ?? served.records,
			};
		} finally {
			this.inFlight--;
		}
	};

	askedFor(parameter: string): number[] {
		return this.asked.map((request) => Number(request.qs[parameter]));
	}
}

const sameRequest = (a: PageRequest, b: PageRequest) =>
	JSON.stringify(a.qs) === JSON.stringify(b.qs) && a.url === b.url;

/** Page numbers from 1, `limit` records asked for, at most `cap` served. */
function pagesOf(data: Row[], options: { cap?: number; total?: 'header' | 'body' | 'pages' } = {}) {
	return (request: PageRequest): ServedPage => {
		const size = Math.min(Number(request.qs.limit ?? 20), options.cap ?? Infinity);
		const page = Number(request.qs.page);
		const records = data.slice((page - 1) * size, page * size);
		if (options.total === 'header')
			return { records, headers: { 'X-Total-Count': String(data.length) } };
		if (options.total === 'body') return { records, body: { data: records, total: data.length } };
		if (options.total === 'pages') {
			return { records, body: { data: records, totalPages: Math.ceil(data.length / size) } };
		}
		return { records };
	};
}

function offsetsOf(data: Row[], options: { cap?: number } = {}) {
	return (request: PageRequest): ServedPage => {
		const size = Math.min(Number(request.qs.limit ?? 20), options.cap ?? Infinity);
		const offset = Number(request.qs.offset);
		return { records: data.slice(offset, offset + size) };
	};
}

async function collect(
	api: FakeApi,
	settings: PaginationSettings,
	limits: PaginationLimits,
): Promise<Row[]> {
	const records: Row[] = [];
	for await (const page of paginate(settings, {}, api.fetchPage, limits)) {
		api.received++;
		records.push(...(page as Row[]));
	}
	return records;
}

async function collectError(
	api: FakeApi,
	settings: PaginationSettings,
	limits: PaginationLimits,
): Promise<{ error: Error; records: Row[] }> {
	const records: Row[] = [];
	try {
		for await (const page of paginate(settings, {}, api.fetchPage, limits)) {
			api.received++;
			records.push(...(page as Row[]));
		}
	} catch (error) {
		return { error: error as Error, records };
	}
	throw new Error('expected the listing to fail, it ended normally');
}

const PAGES = { style: 'pageNumber', pageSize: 10 } as const satisfies PaginationSettings;

describe('paginate: pages asked for in a window (Page Number, Offset)', () => {
	it.each([1, 2, 4, 8])(
		'keeps at most %i requests in flight and hands every record out once, in order',
		async (concurrency) => {
			const data = rows(1000);
			const api = new FakeApi(pagesOf(data));
			const records = await collect(api, PAGES, { concurrency });
			expect(records).toEqual(data);
			expect(api.peakInFlight).toBeLessThanOrEqual(concurrency);
			// The window is used: with a slow API, that many pages were asked for at once.
			expect(api.peakInFlight).toBe(concurrency);
			// No page is asked for twice, none is skipped.
			const pages = api.askedFor('page');
			expect(new Set(pages).size).toBe(pages.length);
			expect([...pages].sort((a, b) => a - b)).toEqual(pages.map((_, index) => index + 1));
		},
	);

	it('holds no more than Concurrency pages beyond what it handed out', async () => {
		const api = new FakeApi(pagesOf(rows(500)));
		await collect(api, PAGES, { concurrency: 4 });
		// The page being handed over, and at most four more.
		expect(api.peakAhead).toBeLessThanOrEqual(4 + 1);
	});

	it('keeps the order when later pages answer first', async () => {
		const data = rows(200);
		const api = new FakeApi(pagesOf(data), (request) => 40 - Number(request.qs.page) * 2);
		expect(await collect(api, PAGES, { concurrency: 6 })).toEqual(data);
	});

	it('asks for the first page alone; without a total, grows the window with each full page', async () => {
		const api = new FakeApi(pagesOf(rows(1000)));
		const pages = paginate(PAGES, {}, api.fetchPage, { concurrency: 5 });
		const first = pages.next();
		expect(api.asked).toHaveLength(1);
		await first;
		expect(api.askedFor('page')).toEqual([1, 2, 3]);
		await pages.next();
		expect(api.askedFor('page')).toEqual([1, 2, 3, 4, 5]);
		await pages.next();
		expect(api.askedFor('page')).toEqual([1, 2, 3, 4, 5, 6, 7]);
		await pages.next();
		// Five in flight, no more.
		expect(api.askedFor('page')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
		await pages.return(undefined);
	});

	it('asks a short listing without a total for few pages past its end', async () => {
		const api = new FakeApi(pagesOf(rows(25)));
		expect(await collect(api, PAGES, { concurrency: 10 })).toEqual(rows(25));
		expect(api.asked.length).toBeLessThanOrEqual(3 + 3);
	});

	it('opens the whole window at once when the first page declares a total', async () => {
		const api = new FakeApi(pagesOf(rows(1000), { total: 'header' }));
		const pages = paginate(PAGES, {}, api.fetchPage, { concurrency: 5 });
		await pages.next();
		expect(api.askedFor('page')).toEqual([1, 2, 3, 4, 5, 6]);
		await pages.return(undefined);
	});

	it('ends at the first short page and hands out nothing asked for past it', async () => {
		// An inconsistent API: page 4 is short, yet pages after it still hold records.
		const api = new FakeApi((request) => {
			const page = Number(request.qs.page);
			const size = page === 4 ? 5 : 10;
			return { records: rows(200).slice((page - 1) * 10, (page - 1) * 10 + size) };
		});
		const records = await collect(api, PAGES, { concurrency: 8 });
		expect(records).toEqual(rows(35));
		expect(Math.max(...api.askedFor('page'))).toBeGreaterThan(4);
	});

	it('ends at the first empty page when short pages do not end the listing', async () => {
		const data = rows(95);
		const api = new FakeApi(pagesOf(data, { cap: 7 }));
		const records = await collect(api, { ...PAGES, stopOnShortPage: false }, { concurrency: 4 });
		expect(records).toEqual(data);
	});

	it('does not ask past a declared total (X-Total-Count), but confirms the end when the total fills the last page', async () => {
		const exact = new FakeApi(pagesOf(rows(100), { total: 'header' }));
		expect(await collect(exact, PAGES, { concurrency: 8 })).toEqual(rows(100));
		expect(exact.askedFor('page')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

		const partial = new FakeApi(pagesOf(rows(95), { total: 'header' }));
		expect(await collect(partial, PAGES, { concurrency: 8 })).toEqual(rows(95));
		expect(partial.askedFor('page')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
	});

	it.each(['body', 'pages'] as const)(
		'reads a declared total from the body (%s)',
		async (total) => {
			const api = new FakeApi(pagesOf(rows(95), { total }));
			expect(await collect(api, PAGES, { concurrency: 8 })).toEqual(rows(95));
			expect(Math.max(...api.askedFor('page'))).toBeLessThanOrEqual(11);
		},
	);

	it('goes on page by page when a declared total was too low', async () => {
		const data = rows(60);
		const api = new FakeApi((request) => ({
			...pagesOf(data)(request),
			headers: { 'x-total-count': '25' },
		}));
		expect(await collect(api, PAGES, { concurrency: 4 })).toEqual(data);
	});

	it('stops asking at the limit', async () => {
		const api = new FakeApi(pagesOf(rows(1000)));
		expect(await collect(api, PAGES, { concurrency: 8, maxRecords: 35 })).toEqual(rows(35));
		expect(api.askedFor('page')).toEqual([1, 2, 3, 4]);
	});

	it('retries a failed page alone: that page is asked for twice, no other page twice, nothing restarts', async () => {
		const data = rows(100);
		const serve = pagesOf(data);
		const served: number[] = [];
		// fetchPage retries as the transport does: the same request again, for that page only.
		const api = new FakeApi((request, attempt) => {
			served.push(Number(request.qs.page));
			if (Number(request.qs.page) === 3 && attempt === 1) throw new Error('HTTP 503');
			return serve(request);
		});
		const withRetry = async (request: PageRequest) => {
			try {
				return await api.fetchPage(request);
			} catch {
				return await api.fetchPage(request);
			}
		};
		const records: Row[] = [];
		for await (const page of paginate(PAGES, {}, withRetry, { concurrency: 4 }))
			records.push(...(page as Row[]));
		expect(records).toEqual(data);
		expect(served.filter((page) => page === 3)).toHaveLength(2);
		const others = served.filter((page) => page !== 3);
		expect(new Set(others).size).toBe(others.length);
	});

	it('fails the listing when a page fails for good, after handing out the pages before it; no page is asked for twice', async () => {
		const data = rows(200);
		const api = new FakeApi((request) => {
			if (Number(request.qs.page) === 5) throw new Error('gave up on page 5');
			return pagesOf(data)(request);
		});
		const { error, records } = await collectError(api, PAGES, { concurrency: 4 });
		expect(error.message).toBe('gave up on page 5');
		expect(records).toEqual(rows(40));
		const pages = api.askedFor('page');
		expect(new Set(pages).size).toBe(pages.length);
		expect(api.inFlight).toBe(0);
	});

	it('leaves no request running once the consumer stops early', async () => {
		const api = new FakeApi(pagesOf(rows(1000)), () => 5);
		const pages = paginate(PAGES, {}, api.fetchPage, { concurrency: 8 });
		await pages.next();
		expect(api.inFlight).toBeGreaterThan(0);
		await pages.return(undefined);
		expect(api.inFlight).toBe(0);
	});

	it('still detects an API that ignores the page parameter', async () => {
		const api = new FakeApi((request) => ({ records: rows(10) }));
		const { error } = await collectError(api, PAGES, { concurrency: 4 });
		expect(error).toBeInstanceOf(PaginationError);
		expect(error.message).toMatch(/same page twice.*"page"/);
	});

	it('offsets: follows an API that serves fewer than asked, asking again where the pages really start', async () => {
		const data = rows(333);
		const api = new FakeApi(offsetsOf(data, { cap: 7 }));
		const records = await collect(
			api,
			{ style: 'offset', pageSize: 10, stopOnShortPage: false },
			{ concurrency: 4 },
		);
		expect(records).toEqual(data);
	});

	it('offsets: asks for pages ahead by offset and limit', async () => {
		const data = rows(45);
		const api = new FakeApi(offsetsOf(data));
		expect(await collect(api, { style: 'offset', pageSize: 10 }, { concurrency: 3 })).toEqual(data);
		const offsets = api.askedFor('offset');
		expect(offsets.slice(0, 5)).toEqual([0, 10, 20, 30, 40]);
		// Without a declared total, what was asked for past the short page is thrown away.
		expect(offsets.slice(5).every((offset) => offset >= 45)).toBe(true);
		expect(api.peakInFlight).toBe(3);
	});
});

describe('paginate: chained styles keep one page in flight', () => {
	it.each<[string, PaginationSettings, (data: Row[]) => (request: PageRequest) => ServedPage]>([
		[
			'cursor',
			{ style: 'cursor', pageSize: 10 },
			(data) => (request) => {
				const start = Number(request.qs.cursor ?? 0);
				const records = data.slice(start, start + 10);
				const body = { data: records, nextCursor: start + 10 < data.length ? start + 10 : null };
				return { records, body };
			},
		],
		[
			'nextUrl',
			{ style: 'nextUrl', pageSize: 10 },
			(data) => (request) => {
				const start = Number(new URL(request.url ?? 'https://h/x?at=0').searchParams.get('at'));
				const records = data.slice(start, start + 10);
				const next = start + 10 < data.length ? `https://h/x?at=${start + 10}` : null;
				return { records, body: { results: records, next } };
			},
		],
	])(
		'%s: every record once, never two requests at once, whatever the concurrency',
		async (_name, settings, serve) => {
			const data = rows(95);
			const api = new FakeApi(serve(data));
			expect(await collect(api, settings, { concurrency: 8 })).toEqual(data);
			expect(api.peakInFlight).toBe(1);
		},
	);
});

describe('paginate: declared totals', () => {
	it('fails a listing that ends short of the declared total, naming both numbers and the page size parameter', async () => {
		// The API reads `size`, not `limit`: pages of 50, the first looks like the last.
		const data = rows(2000);
		const api = new FakeApi((request) => {
			const page = Number(request.qs.page);
			return {
				records: data.slice((page - 1) * 50, page * 50),
				headers: { 'X-Total-Count': '2000' },
			};
		});
		const { error, records } = await collectError(api, { style: 'pageNumber' }, { concurrency: 4 });
		expect(error).toBeInstanceOf(PaginationError);
		expect(error.message).toContain('declared 2000 customers (x-total-count)');
		expect(error.message).toContain('ended after 50');
		expect(error.message).toContain('"limit"');
		expect(error.message).toContain('50 records where 100 were asked for');
		expect(records).toHaveLength(50);
	});

	it.each<[string, (records: Row[]) => ServedPage]>([
		['total', (records) => ({ records, body: { data: records, total: 80 } })],
		[
			'meta.totalCount',
			(records) => ({ records, body: { data: records, meta: { totalCount: 80 } } }),
		],
		['count', (records) => ({ records, body: { results: records, count: 80 } })],
		['totalElements', (records) => ({ records, body: { content: records, totalElements: 80 } })],
		[
			'page.totalPages',
			(records) => ({ records, body: { content: records, page: { totalPages: 8 } } }),
		],
		['X-Total-Pages', (records) => ({ records, headers: { 'x-total-pages': '8' } })],
	])('reads the total at %s', async (_source, answer) => {
		const api = new FakeApi((request) =>
			answer(rows(80).slice(0, Number(request.qs.page) === 1 ? 10 : 0)),
		);
		const { error } = await collectError(
			api,
			{ style: 'pageNumber', pageSize: 10 },
			{ concurrency: 2 },
		);
		expect(error.message).toMatch(/declared (80 customers|8 pages)/);
	});

	it('fails a cursor listing that ends short of the declared total', async () => {
		const api = new FakeApi(() => ({
			records: rows(10),
			body: { data: rows(10), nextCursor: null, total: 30 },
		}));
		const { error } = await collectError(api, { style: 'cursor', pageSize: 10 }, {});
		expect(error.message).toContain('declared 30 customers (total) but the listing ended after 10');
	});

	it('is not fooled by a count of the page itself, a record with a total field, or a limit', async () => {
		const counted = new FakeApi(() => ({ records: rows(7), body: { results: rows(7), count: 7 } }));
		expect(await collect(counted, { style: 'none' }, {})).toEqual(rows(7));

		const record = { id: 1, nome: 'Ana', total: 999 };
		const lone = new FakeApi(() => ({ records: [record] as unknown as Row[], body: record }));
		expect(await collect(lone, { style: 'none' }, {})).toEqual([record]);

		const limited = new FakeApi(pagesOf(rows(500), { total: 'header' }));
		expect(await collect(limited, PAGES, { maxRecords: 25, concurrency: 4 })).toEqual(rows(25));
	});
});
