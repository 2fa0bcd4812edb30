import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { basicFetch } from './client.mts';
import { startSampleApi, type SampleApi } from './server.mts';

const RECORDS = 257;
let api: SampleApi;
let get: ReturnType<typeof basicFetch>;
let allCodes: string[];

beforeAll(async () => {
	api = await startSampleApi({ records: RECORDS, seed: 5 });
	get = basicFetch(api);
	allCodes = api.state.records.map((record) => String(record.codigo));
});

afterAll(() => api.close());

async function body(path: string): Promise<{ response: Response; json: unknown }> {
	const response = await get(path);
	expect(response.status, path).toBe(200);
	return { response, json: await response.json() };
}

function codes(items: unknown): string[] {
	return (items as Array<{ codigo: string }>).map((item) => item.codigo);
}

/** Follows a style's pages to the end; fails on a loop instead of hanging. */
async function collect(
	first: string,
	next: (json: unknown, response: Response) => string | null | undefined,
	items: (json: unknown) => unknown,
) {
	const seen: string[] = [];
	let path: string | null | undefined = first;
	for (let guard = 0; path && guard < 100; guard++) {
		const { response, json } = await body(path);
		seen.push(...codes(items(json)));
		path = next(json, response);
	}
	return seen;
}

describe('pagination styles: every record once, in codigo order', () => {
	it('keeps the dataset in codigo order', () => {
		expect(allCodes[0]).toBe('C0001');
		expect(allCodes).toEqual([...allCodes].sort());
	});

	it('page number (1-based), plain arrays, stops at the short page', async () => {
		let page = 1;
		const seen = await collect(
			'/clientes?page=1&pageSize=50',
			(json) => ((json as unknown[]).length === 50 ? `/clientes?page=${++page}&pageSize=50` : null),
			(json) => json,
		);
		expect(seen).toEqual(allCodes);
	});

	it('page number with a wrapper carries page, pageSize, total and totalPages', async () => {
		const { json } = await body('/clientes?page=6&pageSize=50&wrap=items');
		expect(json).toMatchObject({ page: 6, pageSize: 50, total: RECORDS, totalPages: 6 });
		expect(codes((json as { items: unknown[] }).items)).toEqual(allCodes.slice(250));
	});

	it('offset / limit', async () => {
		let offset = 0;
		const seen = await collect(
			'/clientes?offset=0&limit=100',
			(json) =>
				(json as unknown[]).length === 100 ? `/clientes?offset=${(offset += 100)}&limit=100` : null,
			(json) => json,
		);
		expect(seen).toEqual(allCodes);
		const { json } = await body('/clientes?offset=250&limit=100&wrap=data');
		expect(json).toMatchObject({ offset: 250, limit: 100, total: RECORDS });
	});

	it('cursor: { data, nextCursor } until nextCursor is null', async () => {
		const seen = await collect(
			'/clientes?cursor=&limit=64',
			(json) => {
				const cursor = (json as { nextCursor: string | null }).nextCursor;
				return cursor === null ? null : `/clientes?cursor=${encodeURIComponent(cursor)}&limit=64`;
			},
			(json) => (json as { data: unknown[] }).data,
		);
		expect(seen).toEqual(allCodes);
	});

	it('cursor over a filtered list', async () => {
		const inactive = api.state.records
			.filter((r) => r.ativo === 'FALSE')
			.map((r) => String(r.codigo));
		expect(inactive.length).toBeGreaterThan(5);
		const seen = await collect(
			'/clientes?ativo=FALSE&paginate=cursor&limit=5&wrap=results',
			(json) => {
				const cursor = (json as { nextCursor: string | null }).nextCursor;
				return cursor === null
					? null
					: `/clientes?ativo=FALSE&cursor=${encodeURIComponent(cursor)}&limit=5&wrap=results`;
			},
			(json) => (json as { results: unknown[] }).results,
		);
		expect(seen).toEqual(inactive);
	});

	it('next URL, absolute: { count, next, previous, results }', async () => {
		const seen = await collect(
			'/clientes?paginate=next&limit=100',
			(json) => {
				const next = (json as { next: string | null }).next;
				if (next === null) return null;
				expect(next.startsWith(api.url + '/clientes?')).toBe(true);
				return next.slice(api.url.length);
			},
			(json) => (json as { results: unknown[] }).results,
		);
		expect(seen).toEqual(allCodes);
		const { json } = await body('/clientes?paginate=next&limit=100');
		expect(json).toMatchObject({ count: RECORDS, previous: null });
	});

	it('next URL, relative to the origin', async () => {
		const seen = await collect(
			'/clientes?paginate=next&limit=120&nextUrl=relative',
			(json) => {
				const next = (json as { next: string | null }).next;
				if (next === null) return null;
				expect(next.startsWith('/api/clientes?')).toBe(true);
				return next.slice('/api'.length);
			},
			(json) => (json as { results: unknown[] }).results,
		);
		expect(seen).toEqual(allCodes);
	});

	it('Link header with rel="next" (RFC 8288)', async () => {
		const seen = await collect(
			'/clientes?paginate=link&pageSize=100',
			(_json, response) => {
				const link = response.headers.get('link') ?? '';
				const next = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1];
				return next ? next.slice(api.url.length) : null;
			},
			(json) => json,
		);
		expect(seen).toEqual(allCodes);
	});

	it('without pagination: the whole list, with X-Total-Count', async () => {
		const { response, json } = await body('/clientes');
		expect(codes(json)).toEqual(allCodes);
		expect(response.headers.get('x-total-count')).toBe(String(RECORDS));
	});

	it('refuses page sizes above 1000 and malformed numbers', async () => {
		for (const path of [
			'/clientes?page=1&pageSize=1001',
			'/clientes?offset=-1',
			'/clientes?page=0',
			'/clientes?cursor=bogus',
			'/clientes?paginate=sideways',
		]) {
			const response = await get(path);
			expect(response.status, path).toBe(400);
		}
		expect((await get('/clientes?page=1&pageSize=1000')).status).toBe(200);
	});
});

describe('large lists', () => {
	it('serves 1000-record pages and caps an unpaginated list at 1000', async () => {
		const big = await startSampleApi({ records: 2500 });
		try {
			const fetchBig = basicFetch(big);
			const unpaginated = await fetchBig('/clientes');
			expect(unpaginated.headers.get('x-result-truncated')).toBe('true');
			expect(await unpaginated.json()).toHaveLength(1000);
			const seen: string[] = [];
			for (let page = 1; page <= 3; page++) {
				seen.push(...codes(await (await fetchBig(`/clientes?page=${page}&pageSize=1000`)).json()));
			}
			expect(seen).toEqual(big.state.records.map((record) => record.codigo));
		} finally {
			await big.close();
		}
	});
});
