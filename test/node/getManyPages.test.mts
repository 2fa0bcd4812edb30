import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
	basicCredentialOf,
	codesOf,
	FAST_REQUESTS,
	nodeErrorOf,
	sampleApis,
} from '../faults/support.mts';
import type { SampleApi } from '../sample-api/server.mts';
import { runCustomerNode } from './customerNode.mjs';

/**
 * Get Many's pages against the loopback sample API, through the engine: pages asked for in a window
 * (counted at the server), one page in flight for chained styles, a failed page retried alone, and a
 * listing that ends short of the total the API declares.
 */

const startApi = sampleApis();
const RECORDS = 1_000;
let api: SampleApi;

beforeAll(async () => {
	// A little latency, so requests that may overlap do.
	api = await startApi({ records: RECORDS, seed: 3, latencyMs: 15 });
});

afterAll(() => api.reset());

const list = async (
	target: SampleApi,
	parameters: Record<string, unknown>,
	options: Record<string, unknown> = {},
) =>
	await runCustomerNode({
		credential: basicCredentialOf(target),
		parameters: {
			operation: 'getAll',
			path: '/clientes',
			returnAll: true,
			// The generated customers include invalid ones on purpose: here only the pages count.
			validationMode: 'report',
			...parameters,
			options: { ...FAST_REQUESTS, ...options },
		},
	});

const listPages = (target: SampleApi) =>
	target.state.requests.filter((request) => request.path === '/api/clientes');
const queryOf = (query: string) => new URLSearchParams(query);
const allCodes = () => api.state.records.map((record) => record.codigo);

describe('Get Many: Page Number and Offset ask for pages in a window', () => {
	it.each([
		['pageNumber', 'page', { pageSize: 100, pageSizeParameter: 'pageSize' }],
		['offset', 'offset', { pageSize: 100 }],
	] as const)(
		'%s: every customer once, in order; never more than Concurrency pages in flight; each page asked for once',
		async (pagination, parameter, paginationOptions) => {
			api.reset();
			const result = await list(api, { pagination, paginationOptions }, { concurrency: 4 });
			expect(result.status).toBe('success');
			expect(codesOf(result.json[0])).toEqual(allCodes());
			expect(api.state.peakInFlight).toBeLessThanOrEqual(4);
			expect(api.state.peakInFlight).toBeGreaterThan(1);
			const positions = listPages(api).map((request) => queryOf(request.query).get(parameter));
			expect(new Set(positions).size).toBe(positions.length);
			// X-Total-Count says where the listing ends: only the page that confirms it is asked for past it.
			expect(positions).toHaveLength(RECORDS / 100 + 1);
		},
	);

	it('without the option, pages use the default Concurrency (10) as their window', async () => {
		api.reset();
		const result = await list(api, {
			pagination: 'pageNumber',
			paginationOptions: { pageSize: 50, pageSizeParameter: 'pageSize' },
		});
		expect(result.status).toBe('success');
		expect(codesOf(result.json[0])).toEqual(allCodes());
		expect(api.state.peakInFlight).toBeLessThanOrEqual(10);
		expect(api.state.peakInFlight).toBeGreaterThan(1);
	});

	it('a page that fails is retried alone: the server sees it twice and no other page twice', async () => {
		api.reset();
		api.setFaults({
			seed: 1,
			script: [
				{
					match: (path, request) => path === '/api/clientes' && request.query.get('page') === '3',
					respond: '503',
				},
			],
		});
		try {
			const result = await list(
				api,
				{
					pagination: 'pageNumber',
					paginationOptions: { pageSize: 100, pageSizeParameter: 'pageSize' },
				},
				{ concurrency: 4 },
			);
			expect(result.status).toBe('success');
			expect(codesOf(result.json[0])).toEqual(allCodes());
			const pages = listPages(api).map((request) => queryOf(request.query).get('page'));
			expect(pages.filter((page) => page === '3')).toHaveLength(2);
			const others = pages.filter((page) => page !== '3');
			expect(new Set(others).size).toBe(others.length);
		} finally {
			api.setFaults(undefined);
		}
	});

	it('cursor pages stay one at a time, whatever the Concurrency', async () => {
		api.reset();
		const result = await list(
			api,
			{
				pagination: 'cursor',
				paginationOptions: { pageSize: 100 },
				// The sample API pages by cursor when asked to (otherwise `limit` alone means offsets).
				filters: { filter: [{ name: 'paginate', value: 'cursor' }] },
			},
			{ concurrency: 4 },
		);
		expect(result.error?.message).toBeUndefined();
		expect(codesOf(result.json[0])).toEqual(allCodes());
		expect(api.state.peakInFlight).toBe(1);
	});
});

describe('Get Many: a declared total', () => {
	it('an API that ignores "limit" (its size parameter is "size", pages of 50) fails the listing instead of returning 50 of 2,000', async () => {
		const own = await startApi({
			records: 2_000,
			seed: 4,
			pageSize: { parameters: ['size'], defaultSize: 50 },
		});
		const result = await list(own, { pagination: 'pageNumber' }, {});
		expect(result.status).toBe('error');
		const error = nodeErrorOf(result);
		expect(error.message).toContain('declared 2000 customers');
		expect(error.message).toContain('ended after 50');
		expect(error.message).toContain('"limit"');
		expect(error.itemIndex).toBe(0);

		// Told the API's own name, the same listing is complete.
		const fixed = await list(
			own,
			{ pagination: 'pageNumber', paginationOptions: { pageSizeParameter: 'size' } },
			{},
		);
		expect(fixed.status).toBe('success');
		expect(fixed.json[0]).toHaveLength(2_000);
	});

	it('style None: an answer cut short of its X-Total-Count is an error, not 1,000 of 2,500', async () => {
		const big = await startApi({ records: 2_500, seed: 6 });
		const result = await list(big, { pagination: 'none' }, {});
		expect(result.status).toBe('error');
		expect(nodeErrorOf(result).message).toContain(
			'declared 2500 customers (x-total-count) but the listing ended after 1000',
		);
	});
});
