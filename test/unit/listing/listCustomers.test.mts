import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';

import {
	type ListingAnswer,
	type ListingContext,
	type ListingQuery,
	type ListingWebservice,
	listCustomers,
} from '../../../nodes/CustomerIntegration/listing/listCustomers';

/**
 * The listing module through its narrow context, the one a poll trigger would also give it: no n8n here.
 */

type Customer = Record<string, unknown>;
const customers = (count: number, prefix = 'C'): Customer[] =>
	Array.from({ length: count }, (_, index) => ({ codigo: `${prefix}${index + 1}` }));

interface Sent {
	path: string;
	qs?: Record<string, string | number>;
	webservice: ListingWebservice;
}

/** A context over in-memory pages: `answer` plays the API, the collectors keep what they got. */
function contextOf(
	answer: (sent: Sent) => ListingAnswer | Promise<ListingAnswer>,
	options: { fallback?: boolean; refuse?: (customer: Customer) => boolean } = {},
) {
	const sent: Sent[] = [];
	let inFlight = 0;
	const context: ListingContext<{ webservice: ListingWebservice; customers: Customer[] }> = {
		fetch: async (request, webservice) => {
			const entry = { ...request, webservice };
			sent.push(entry);
			inFlight++;
			try {
				await delay(1);
				return await answer(entry);
			} finally {
				inFlight--;
			}
		},
		records: (listed) => (listed.status === 404 ? [] : (listed.body as Customer[])),
		collect: (webservice) => {
			const got: Customer[] = [];
			return {
				add: (records) => {
					for (const record of records) {
						if (options.refuse?.(record)) throw new Error(`refused ${String(record.codigo)}`);
						got.push(record);
					}
				},
				done: () => ({ webservice, customers: got }),
			};
		},
		withFallback: async (list) => {
			if (!options.fallback) return await list('primary');
			try {
				return await list('primary');
			} catch {
				return await list('secondary');
			}
		},
		wrongPath: (path) => new Error(`wrong path ${path}`),
		failed: (error) => new Error(`failed: ${(error as Error).message}`),
	};
	return { context, sent, inFlight: () => inFlight };
}

const pageOf = (data: Customer[], sent: Sent): ListingAnswer => {
	const page = Number(sent.qs?.page);
	const size = Number(sent.qs?.limit);
	return { status: 200, headers: {}, body: data.slice((page - 1) * size, page * size) };
};

const QUERY: ListingQuery = {
	path: '/clientes',
	filters: { ativo: 'TRUE' },
	pagination: { style: 'pageNumber', pageSize: 10 },
	concurrency: 3,
};

describe('listCustomers', () => {
	it('sends the filters with every page and collects the customers in order', async () => {
		const data = customers(45);
		const { context, sent } = contextOf((request) => pageOf(data, request));
		const listed = await listCustomers(context, QUERY);
		expect(listed).toEqual({ webservice: 'primary', customers: data });
		expect(
			sent.every((request) => request.path === '/clientes' && request.qs?.ativo === 'TRUE'),
		).toBe(true);
	});

	it('follows next-page URLs without a query of its own', async () => {
		const { context, sent } = contextOf((request) =>
			request.path === '/clientes'
				? {
						status: 200,
						headers: { link: '</api/clientes?p=2>; rel="next"' },
						body: customers(2),
						url: 'https://h/api/clientes',
					}
				: { status: 200, headers: {}, body: customers(1, 'N') },
		);
		const listed = await listCustomers(context, { ...QUERY, pagination: { style: 'linkHeader' } });
		expect(listed.customers).toEqual([...customers(2), ...customers(1, 'N')]);
		expect(sent[1]).toEqual({ path: 'https://h/api/clientes?p=2', webservice: 'primary' });
	});

	it('a 404 on the first page of an unfiltered listing is a wrong path; filtered, no customers', async () => {
		const notFound = () => ({ status: 404, headers: {}, body: undefined });
		const unfiltered = contextOf(notFound);
		await expect(listCustomers(unfiltered.context, { ...QUERY, filters: {} })).rejects.toThrow(
			'wrong path /clientes',
		);
		const filtered = contextOf(notFound);
		expect((await listCustomers(filtered.context, QUERY)).customers).toEqual([]);
	});

	it("hands the paginator's errors to the context's failed()", async () => {
		const { context } = contextOf(() => ({
			status: 200,
			headers: { 'x-total-count': '100' },
			body: customers(5),
		}));
		const error = await listCustomers(context, QUERY).catch((thrown: unknown) => thrown);
		expect((error as Error).message).toMatch(/^failed: The API declared 100 customers/);
	});

	it('restarts from the first page on the secondary when the primary fails', async () => {
		const data = customers(25);
		const { context, sent } = contextOf(
			(request) => {
				if (request.webservice === 'primary' && request.qs?.page === 2) throw new Error('502');
				return pageOf(data, request);
			},
			{ fallback: true },
		);
		const listed = await listCustomers(context, QUERY);
		expect(listed).toEqual({ webservice: 'secondary', customers: data });
		const secondary = sent.filter((request) => request.webservice === 'secondary');
		expect(secondary[0].qs?.page).toBe(1);
	});

	it('a collector that refuses a customer stops the listing, and no request of it is left running', async () => {
		const data = customers(200);
		const helper = contextOf((request) => pageOf(data, request), {
			refuse: (customer) => customer.codigo === 'C15',
		});
		await expect(listCustomers(helper.context, QUERY)).rejects.toThrow('refused C15');
		expect(helper.inFlight()).toBe(0);
		expect(helper.sent.length).toBeLessThan(20);
	});
});
