/**
 * "Survive a real customer API": n8n's own HTTP Request node, paginating through an API that fails one
 * request in five, returns nothing for a 10-page list. The Customer Integration node, run by n8n's real
 * engine against the sample API with seeded faults, must return every record exactly once, in order.
 */

import { describe, expect, it } from 'vitest';

import { runCustomerNode } from '../node/customerNode.mjs';
import { plannedFault, type FaultPlan } from '../sample-api/faults.mts';
import type { RequestLog, SampleApi } from '../sample-api/server.mts';
import {
	basicCredentialOf,
	codesOf,
	describeSummary,
	listParameters,
	nodeErrorOf,
	oauthCredentialOf,
	sampleApis,
	SLOW_MS,
	summarize,
	TRANSIENT_FAULTS,
	type FaultSummary,
} from './support.mjs';

const startApi = sampleApis();

/** Lists every record in Report mode, `pageSize` per page, and sums up what the API went through. */
async function listThroughFaults(
	api: SampleApi,
	auth: 'basic' | 'oauth2',
	pageSize: number,
	// One page at a time unless a test says otherwise: most of this file checks the order of the requests.
	concurrency = 1,
) {
	const startedAt = Date.now();
	const result = await runCustomerNode({
		auth,
		credential: auth === 'oauth2' ? oauthCredentialOf(api) : basicCredentialOf(api),
		parameters: listParameters({
			validationMode: 'report',
			paginationOptions: { pageSize },
			options: { concurrency },
		}),
	});
	return { result, summary: summarize(api, result.json[0]?.length ?? 0, startedAt) };
}

/** Prints the summary and attaches it to the test's report. */
async function report(
	annotate: (message: string) => Promise<unknown>,
	label: string,
	summary: FaultSummary,
): Promise<void> {
	const text = describeSummary(label, summary);
	console.info(text);
	await annotate(text);
}

function transientFaults(seed: number, extra: Partial<FaultPlan> = {}): FaultPlan {
	return { seed, rate: 0.2, kinds: TRANSIENT_FAULTS, slowMs: SLOW_MS, ...extra };
}

/**
 * The page numbers the node asked for, in the order the API received them. A retry asks for the same
 * page again; the listing never skips ahead, goes back or restarts.
 */
function pagesRequested(api: SampleApi): number[] {
	return api.state.requests
		.filter((request) => request.path === '/api/clientes')
		.map((request) => Number(new URLSearchParams(request.query).get('page')));
}

/** Pages the API answered in full (faulted answers, cut bodies and refused tokens do not count). */
function pagesAnswered(api: SampleApi): Set<number> {
	return new Set(
		api.state.requests
			.filter(
				(request) =>
					request.path === '/api/clientes' &&
					request.status === 200 &&
					request.fault === undefined &&
					!request.aborted,
			)
			.map((request) => Number(new URLSearchParams(request.query).get('page'))),
	);
}

function expectPagesInOrder(api: SampleApi, lastPage: number): void {
	const pages = pagesRequested(api);
	expect(pages[0]).toBe(1);
	expect(pages[pages.length - 1]).toBe(lastPage);
	const steps = new Set(pages.slice(1).map((page, index) => page - pages[index]));
	expect([...steps].every((step) => step === 0 || step === 1)).toBe(true);
	expect(pagesAnswered(api)).toEqual(new Set(range(1, lastPage)));
}

/**
 * The node asked again for exactly the requests that failed: after each faulted one comes a request for
 * the same page, and apart from those retries each page was asked for once (pages + faults = requests).
 */
function expectOnlyFaultsRetried(api: SampleApi, lastPage: number): void {
	const pageOf = (request: RequestLog) => new URLSearchParams(request.query).get('page');
	const requests = api.state.requests.filter((request) => request.path === '/api/clientes');
	const faulted = requests.filter((request) => request.fault !== undefined);
	expect(faulted.length).toBeGreaterThan(0);
	for (const request of faulted) {
		const next = requests[requests.indexOf(request) + 1];
		expect(next && pageOf(next)).toBe(pageOf(request));
	}
	expect(requests).toHaveLength(lastPage + faulted.length);
	expect(api.state.requests).toHaveLength(requests.length);
}

function range(from: number, to: number): number[] {
	return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

describe('Get Many through 20% transient faults and an expiring OAuth2 token', () => {
	it('10,000 records, 100 per page: every record exactly once, in order', async ({ annotate }) => {
		const api = await startApi({
			records: 10_000,
			seed: 11,
			oauth: { tokenTtlRequests: 50 },
			// A seed whose first 100 decisions hold every kind at least twice, so that a shift of a request or
			// two (a 401 landing earlier) cannot drop a kind.
			faults: transientFaults(2124),
		});

		const { result, summary } = await listThroughFaults(api, 'oauth2', 100);
		await report(annotate, '10k × 100/page, OAuth2', summary);
		expect(result.error?.message).toBeUndefined();
		expect(result.status).toBe('success');
		const expected = api.state.records.map((record) => record.codigo);
		expect(codesOf(result.json[0])).toEqual(expected);
		expect(new Set(codesOf(result.json[0])).size).toBe(10_000);
		// 100 full pages, then the empty page 101 that ends the listing.
		expectPagesInOrder(api, 101);
		expect(summary.faults).toBeGreaterThanOrEqual(15);
		expect(new Set(Object.keys(summary.byKind))).toEqual(new Set(TRANSIENT_FAULTS));
		expect(summary.tokenRefreshes).toBeGreaterThanOrEqual(2);
		// n8n fetched and saved every token itself: one credential write per token the server issued.
		expect(result.credentialUpdates).toHaveLength(summary.tokensIssued);
		// Invalid records of the dataset are reported, not dropped.
		const invalid = result.json[0].filter(
			(item) => (item._validation as { valid: boolean }).valid === false,
		);
		expect(new Set(invalid.map((item) => item.codigo))).toEqual(
			new Set(api.state.invalid.map((note) => note.codigo)),
		);
	});

	it('10,000 records, 1,000 per page (the largest page the API serves)', async ({ annotate }) => {
		// Only 11 pages: the token lives 5 requests here so that it still expires mid-listing.
		const api = await startApi({
			records: 10_000,
			seed: 12,
			oauth: { tokenTtlRequests: 5 },
			faults: transientFaults(92, { rate: 0.3 }),
		});

		const { result, summary } = await listThroughFaults(api, 'oauth2', 1000);
		await report(annotate, '10k × 1000/page, OAuth2', summary);
		expect(result.error?.message).toBeUndefined();
		expect(result.status).toBe('success');
		expect(codesOf(result.json[0])).toEqual(api.state.records.map((record) => record.codigo));
		expectPagesInOrder(api, 11);
		expect(summary.faults).toBeGreaterThanOrEqual(4);
		expect(summary.byKind['reset-mid-body']).toBeGreaterThanOrEqual(1);
		expect(summary.tokenRefreshes).toBeGreaterThanOrEqual(1);
	});

	it("the issue's own bar: a 10-page list failing every fifth request", async ({ annotate }) => {
		const api = await startApi({
			records: 1_000,
			seed: 15,
			faults: { seed: 8, everyNth: 5, kinds: TRANSIENT_FAULTS, slowMs: SLOW_MS },
		});

		const { result, summary } = await listThroughFaults(api, 'basic', 100);
		await report(annotate, '10 pages, 1 in 5, Basic', summary);
		expect(codesOf(result.json[0])).toEqual(api.state.records.map((record) => record.codigo));
		expectPagesInOrder(api, 11);
		expectOnlyFaultsRetried(api, 11);
	});

	it('1 request in 20 failing on a 100-page list (Basic Auth)', async ({ annotate }) => {
		const api = await startApi({
			records: 10_000,
			seed: 13,
			faults: { seed: 5, everyNth: 20, kinds: TRANSIENT_FAULTS, slowMs: SLOW_MS },
		});

		const { result, summary } = await listThroughFaults(api, 'basic', 100);
		await report(annotate, '10k × 100/page, 1 in 20, Basic', summary);
		expect(result.status).toBe('success');
		expect(codesOf(result.json[0])).toEqual(api.state.records.map((record) => record.codigo));
		expectPagesInOrder(api, 101);
		expectOnlyFaultsRetried(api, 101);
	});
});

/**
 * Pages asked for in a window: the requests arrive in any order, but every page is answered, only the
 * requests that failed are asked for again (each alone, never the listing from the start), and the
 * records come out once each, in order.
 */
function expectWindowRetriedOnlyFaults(
	api: SampleApi,
	lastPage: number,
	concurrency: number,
): void {
	const requests = api.state.requests.filter((request) => request.path === '/api/clientes');
	const faulted = requests.filter((request) => request.fault !== undefined);
	expect(faulted.length).toBeGreaterThan(0);
	expect(pagesAnswered(api)).toEqual(new Set(range(1, lastPage)));
	expect(requests).toHaveLength(lastPage + faulted.length);
	expect(api.state.peakInFlight).toBeLessThanOrEqual(concurrency);
}

describe('Get Many with pages in a window (Concurrency 10) through 20% transient faults', () => {
	// 'slow' is left out: the server keeps handling a request the node gave up on, which it would count in flight.
	const kinds = TRANSIENT_FAULTS.filter((kind) => kind !== 'slow');

	it('10,000 records, 100 per page, Basic: every record once, in order; only failed pages asked again', async ({
		annotate,
	}) => {
		const api = await startApi({
			records: 10_000,
			seed: 21,
			faults: transientFaults(2124, { kinds }),
		});

		const { result, summary } = await listThroughFaults(api, 'basic', 100, 10);
		await report(annotate, '10k × 100/page, window of 10, Basic', summary);
		expect(result.error?.message).toBeUndefined();
		expect(codesOf(result.json[0])).toEqual(api.state.records.map((record) => record.codigo));
		// X-Total-Count ends the window: page 101 (empty) only confirms the end.
		expectWindowRetriedOnlyFaults(api, 101, 10);
		expect(summary.faults).toBeGreaterThanOrEqual(10);
	});

	it('10,000 records, 100 per page, OAuth2 with a token that expires every 50 requests', async ({
		annotate,
	}) => {
		const api = await startApi({
			records: 10_000,
			seed: 22,
			oauth: { tokenTtlRequests: 50 },
			faults: transientFaults(92, { kinds }),
		});

		const { result, summary } = await listThroughFaults(api, 'oauth2', 100, 10);
		await report(annotate, '10k × 100/page, window of 10, OAuth2', summary);
		expect(result.error?.message).toBeUndefined();
		expect(codesOf(result.json[0])).toEqual(api.state.records.map((record) => record.codigo));
		expect(pagesAnswered(api)).toEqual(new Set(range(1, 101)));
		expect(summary.tokenRefreshes).toBeGreaterThanOrEqual(1);
		expect(result.credentialUpdates).toHaveLength(summary.tokensIssued);
	});
});

describe('seeded faults', () => {
	async function faultsOfRun(api: SampleApi): Promise<string[]> {
		const { result } = await listThroughFaults(api, 'basic', 100);
		expect(result.status).toBe('success');
		expect(codesOf(result.json[0])).toEqual(api.state.records.map((record) => record.codigo));
		return api.state.faults.map(
			(fault) => `${fault.requestNumber} ${fault.method} ${fault.path} ${fault.kind}`,
		);
	}

	it('the same seed gives the same faults; another seed other faults', async () => {
		// Without 'slow': each costs a whole timeout, and determinism does not need it.
		const kinds = TRANSIENT_FAULTS.filter((kind) => kind !== 'slow');
		const plan = transientFaults(31, { kinds });
		const api = await startApi({ records: 2_000, seed: 14, faults: plan });

		const first = await faultsOfRun(api);
		api.reset();
		const second = await faultsOfRun(api);
		api.setFaults(transientFaults(32, { kinds }));
		const other = await faultsOfRun(api);

		expect(first.length).toBeGreaterThanOrEqual(4);
		expect(second).toEqual(first);
		expect(other).not.toEqual(first);
		// Every fault is the plan's own decision for that request number.
		for (const line of first) {
			const [requestNumber, , , kind] = line.split(' ');
			expect(plannedFault(plan, Number(requestNumber))).toBe(kind);
		}
	});
});

describe('faults the node must not hide', () => {
	it('a body cut mid-way is retried like a reset, not taken for an authorization failure', async () => {
		for (const auth of ['basic', 'oauth2'] as const) {
			const api = await startApi({
				records: 250,
				faults: { seed: 1, script: [{ respond: 'reset-mid-body' }, { respond: 'reset-mid-body' }] },
			});
			const result = await runCustomerNode({
				auth,
				credential: auth === 'basic' ? basicCredentialOf(api) : oauthCredentialOf(api),
				parameters: listParameters({ validationMode: 'report' }),
			});

			expect(result.error?.message, auth).toBeUndefined();
			expect(codesOf(result.json[0])).toEqual(api.state.records.map((record) => record.codigo));
			expect(api.state.requests.filter((request) => request.aborted)).toHaveLength(2);
		}
	});

	it('500 is not retried: one request, and an error with the status and the API message', async () => {
		const api = await startApi({ records: 50, faults: { seed: 1, script: [{ respond: '500' }] } });

		const result = await runCustomerNode({
			credential: basicCredentialOf(api),
			parameters: listParameters({ validationMode: 'report' }),
		});

		const error = nodeErrorOf(result);
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe('Item 0: the customer API rejected GET /clientes with HTTP 500');
		expect(error.description).toBe('The API said: Unexpected error.');
		expect(api.state.requests).toHaveLength(1);
	});

	it('a 503 that never ends gives up after Max Attempts and says so', async () => {
		const api = await startApi({
			records: 50,
			faults: { seed: 1, rate: 1, kinds: ['503'], maxConsecutive: Infinity },
		});

		const result = await runCustomerNode({
			credential: basicCredentialOf(api),
			parameters: listParameters({ options: { maxAttempts: 4 } }),
		});

		const error = nodeErrorOf(result);
		expect(error.message).toBe(
			'Item 0: the customer API did not answer GET /clientes after 4 attempts (last: HTTP 503)',
		);
		expect(error.description).toMatch(/Max Attempts/);
		expect(api.state.requests).toHaveLength(4);
	});

	it('a page slower than the timeout is retried, and the timeout is reported when it never answers', async () => {
		const api = await startApi({
			records: 50,
			faults: { seed: 1, rate: 1, kinds: ['slow'], slowMs: SLOW_MS },
		});

		const result = await runCustomerNode({
			credential: basicCredentialOf(api),
			parameters: listParameters({ options: { maxAttempts: 2 } }),
		});

		expect(nodeErrorOf(result).message).toBe(
			'Item 0: the customer API did not answer GET /clientes after 2 attempts (last: timed out after 1000 ms)',
		);
		expect(api.state.requests).toHaveLength(2);
	});
});
