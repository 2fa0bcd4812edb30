import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';

import type { Loopback, LoopbackReply, LoopbackRequest } from '../faults/loopback.mjs';
import { startLoopback } from '../faults/loopback.mjs';
import { setupNock } from '../harness/index.mjs';
import { API, AUTH, basicCredential, runCustomerNode } from './customerNode.mjs';

setupNock();

const codes = (count: number) => Array.from({ length: count }, (_, index) => `C${index + 1}`);

const lookupByCode = (options: Record<string, unknown> = {}) => ({
	operation: 'get',
	lookupField: 'codigo',
	lookupValue: '={{ $json.codigo }}',
	path: '/clientes',
	keyLocation: 'query',
	options,
});

let server: Loopback | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

const credentialFor = (loopback: Loopback) => ({
	...basicCredential,
	baseUrl: `${loopback.origin}/api`,
});

/**
 * A loopback API that holds each lookup until `batch` of them are waiting (or no other arrives for a
 * moment, so a run that sends fewer at once still ends), then answers the batch in reverse order: later
 * items finish first. It counts the requests it holds at once.
 */
function heldInBatches(total: number, batch: number, answer: (code: string) => LoopbackReply) {
	const stats = { peak: 0, held: 0, answered: 0 };
	let waiting: Array<{ code: string; resolve: (reply: LoopbackReply) => void }> = [];
	let idle: NodeJS.Timeout | undefined;
	const release = () => {
		clearTimeout(idle);
		const batchNow = waiting.reverse();
		waiting = [];
		for (const { code, resolve } of batchNow) {
			stats.held--;
			stats.answered++;
			resolve(answer(code));
		}
	};
	const handler = async (request: LoopbackRequest) =>
		await new Promise<LoopbackReply>((resolve) => {
			const code = request.url.searchParams.get('codigo') ?? '';
			stats.held++;
			stats.peak = Math.max(stats.peak, stats.held);
			waiting.push({ code, resolve });
			clearTimeout(idle);
			if (waiting.length >= Math.min(batch, total - stats.answered)) release();
			else idle = setTimeout(release, 150);
		});
	return { handler, stats };
}

const customer = (code: string): LoopbackReply => ({
	body: JSON.stringify([{ codigo: code, nome: `Nome ${code}` }]),
});

describe('Get: lookups of several items run concurrently', () => {
	it('keeps output order and pairedItem when later items finish first, with Concurrency requests in flight', async () => {
		const input = codes(12);
		const api = heldInBatches(input.length, 4, customer);
		server = await startLoopback(api.handler);

		const result = await runCustomerNode({
			parameters: lookupByCode({ concurrency: 4 }),
			input: input.map((codigo) => ({ json: { codigo } })),
			credential: credentialFor(server),
		});

		expect(result.status).toBe('success');
		expect(result.json[0].map((item) => item.codigo)).toEqual(input);
		expect(result.outputs[0].map((item) => item.pairedItem)).toEqual(
			input.map((_, item) => ({ item })),
		);
		// Never more than Concurrency at the server, and Concurrency reached (one at a time before).
		expect(api.stats.peak).toBe(4);
		expect(server.requests).toHaveLength(12);
	});

	it('sends up to 10 lookups at once by default, never more', async () => {
		const input = codes(25);
		const api = heldInBatches(input.length, 10, customer);
		server = await startLoopback(api.handler);

		const result = await runCustomerNode({
			parameters: lookupByCode(),
			input: input.map((codigo) => ({ json: { codigo } })),
			credential: credentialFor(server),
		});

		expect(result.status).toBe('success');
		expect(result.json[0].map((item) => item.codigo)).toEqual(input);
		expect(api.stats.peak).toBe(10);
	});

	it('an expression cannot take Concurrency past its maximum of 50', async () => {
		const input = codes(60);
		const api = heldInBatches(input.length, 60, customer);
		server = await startLoopback(api.handler);

		const result = await runCustomerNode({
			parameters: lookupByCode({ concurrency: '={{ 1000 }}' }),
			input: input.map((codigo) => ({ json: { codigo } })),
			credential: credentialFor(server),
		});

		expect(result.status).toBe('success');
		expect(api.stats.peak).toBe(50);
	});

	it('a failed lookup fails the run naming its own item, though others were in flight with it', async () => {
		const input = codes(12);
		const api = heldInBatches(input.length, 4, (code) =>
			code === 'C6' ? { status: 400, body: '{"message":"bad lookup"}' } : customer(code),
		);
		server = await startLoopback(api.handler);

		const result = await runCustomerNode({
			parameters: lookupByCode({ concurrency: 4 }),
			input: input.map((codigo) => ({ json: { codigo } })),
			credential: credentialFor(server),
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Item 5: the customer API rejected GET /clientes with HTTP 400',
		);
		// Lookups already in flight ran out; none was started after the failure was known.
		expect(server.requests.length).toBeLessThan(12);
	});

	it('with continue on error, each failed lookup becomes an error item in its own place, naming its item', async () => {
		const input = codes(12);
		const api = heldInBatches(input.length, 4, (code) =>
			['C3', 'C6', 'C11'].includes(code)
				? { status: 400, body: '{"message":"bad lookup"}' }
				: customer(code),
		);
		server = await startLoopback(api.handler);

		const result = await runCustomerNode({
			parameters: lookupByCode({ concurrency: 4 }),
			input: input.map((codigo) => ({ json: { codigo } })),
			credential: credentialFor(server),
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.status).toBe('success');
		expect(result.outputs[0].map((item) => item.pairedItem)).toEqual(
			input.map((_, item) => ({ item })),
		);
		expect(
			result.json[0].map((item) => (item.error as string | undefined) ?? item.codigo),
		).toEqual(
			input.map((code, index) =>
				['C3', 'C6', 'C11'].includes(code)
					? `Item ${index}: the customer API rejected GET /clientes with HTTP 400`
					: code,
			),
		);
	});

	it('an invalid record in Strict mode fails its own item under concurrency', async () => {
		const input = codes(8);
		const api = heldInBatches(input.length, 4, (code) =>
			code === 'C7'
				? { body: JSON.stringify([{ codigo: code, email: 'sem-arroba' }]) }
				: customer(code),
		);
		server = await startLoopback(api.handler);

		const result = await runCustomerNode({
			parameters: lookupByCode({ concurrency: 4 }),
			input: input.map((codigo) => ({ json: { codigo } })),
			credential: credentialFor(server),
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.json[0].map((item) => item.codigo ?? item.error)).toEqual([
			...input.slice(0, 6),
			expect.stringMatching(/^Item 6: customer C7 is invalid - email: /),
			'C8',
		]);
	});
});

describe('Get: an API that refuses with 429 and Retry-After', () => {
	it('honours every Retry-After: no lookup reaches the API while it asked to wait, and no item fails', async () => {
		const input = codes(16);
		let closedUntil = 0;
		const pausedAt: number[] = [];
		let sentWhileClosed = 0;
		const answered = new Set<string>();
		server = await startLoopback((request) => {
			const code = request.url.searchParams.get('codigo') ?? '';
			const now = Date.now();
			if (now < closedUntil) {
				sentWhileClosed++;
				return { status: 429, headers: { 'retry-after': '1' }, body: '{}' };
			}
			// The API counts per window: after the 3rd and the 11th answer it pauses every client for 1 s.
			if ([3, 11].includes(answered.size) && !pausedAt.includes(answered.size)) {
				pausedAt.push(answered.size);
				closedUntil = now + 1_000;
				return { status: 429, headers: { 'retry-after': '1' }, body: '{}' };
			}
			answered.add(code);
			return customer(code);
		});

		const result = await runCustomerNode({
			parameters: lookupByCode({ concurrency: 4, maxAttempts: 5, maxWaitSeconds: 5 }),
			input: input.map((codigo) => ({ json: { codigo } })),
			credential: credentialFor(server),
		});

		expect(result.status).toBe('success');
		expect(result.json[0].map((item) => item.codigo)).toEqual(input);
		expect(pausedAt).toEqual([3, 11]);
		// Requests already on the wire when a pause began may arrive in it; none sent after a refusal do.
		expect(sentWhileClosed).toBeLessThanOrEqual(2 * 3);
		expect(answered.size).toBe(16);
	});
});

describe('Get: OAuth2 with several lookups at once', () => {
	it('a credential without a token yet gets one token for the run: the first lookup goes alone', async () => {
		let tokenRequests = 0;
		nock(AUTH)
			.post('/oauth/token')
			.times(10)
			.optionally()
			.reply(() => {
				tokenRequests++;
				return [
					200,
					{ access_token: `tok-${tokenRequests}`, token_type: 'Bearer', expires_in: 3600 },
				];
			});
		const seen = new Set<string>();
		nock(API)
			.get('/api/clientes')
			.query(true)
			.times(10)
			.reply(function (uri) {
				seen.add(String(this.req.headers.authorization));
				const code = new URL(uri, API).searchParams.get('codigo') ?? '';
				return [200, [{ codigo: code }]];
			});

		const result = await runCustomerNode({
			auth: 'oauth2',
			parameters: lookupByCode(),
			input: codes(10).map((codigo) => ({ json: { codigo } })),
		});

		expect(result.status).toBe('success');
		expect(result.json[0].map((item) => item.codigo)).toEqual(codes(10));
		expect(tokenRequests).toBe(1);
		expect([...seen]).toEqual(['Bearer tok-1']);
		expect(result.credentialUpdates).toHaveLength(1);
	});
});
