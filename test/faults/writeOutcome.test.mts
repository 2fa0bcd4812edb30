/**
 * A write that may have been applied is "outcome unknown", never "failed": a flow that re-sends failed
 * items would otherwise write it twice. That is a POST answered 502/504 by a gateway (the server behind
 * it may have handled it), a POST whose connection broke after it was sent, and a write whose every
 * attempt timed out or broke off. What surely did not reach the API stays "failed".
 */

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { runCustomerNode, updateParametersWith } from '../node/customerNode.mjs';
import { startLoopback, type Loopback, type LoopbackReply } from './loopback.mjs';
import { FAST_REQUESTS } from './support.mjs';

const CUSTOMER = { codigo: 'C1', nome: 'ANA SOUZA', email: 'ana@example.com.br' };

let api: Loopback;
/** How the API answers the write under test. */
let answerWrite: () => LoopbackReply;

const HOLD: LoopbackReply = { raw: () => {} };
const CUT: LoopbackReply = { raw: (response) => response.socket?.destroy() };

beforeAll(async () => {
	api = await startLoopback((request) =>
		request.method === 'GET' ? { body: JSON.stringify(CUSTOMER) } : answerWrite(),
	);
});

afterAll(() => api.close());

beforeEach(() => {
	api.requests.length = 0;
});

const writesSent = () => api.requests.filter((request) => request.method !== 'GET').length;

async function update(method: 'PATCH' | 'PUT' | 'POST', maxAttempts = 2) {
	const result = await runCustomerNode({
		credential: { baseUrl: `${api.origin}/api`, username: 'u', password: 'p4ss-word' },
		parameters: updateParametersWith(FAST_REQUESTS, { method, options: { maxAttempts } }),
		input: [{ json: { codigo: 'C1', nome: 'ANA SOUZA LIMA' } }],
		settings: { onError: 'continueRegularOutput' },
	});
	return result.json[0][0];
}

const UNKNOWN = { applied: 'unknown', outcome: 'unknown' };

describe('a POST that may have been applied', () => {
	for (const status of [502, 504]) {
		it(`answered ${status} by a gateway: outcome unknown, not sent again`, async () => {
			answerWrite = () => ({ status, body: '<html>Bad Gateway</html>' });

			const item = await update('POST');

			expect(item.error).toBe(
				`Item 0: outcome unknown - POST /clientes/C1 was answered HTTP ${status} and was not retried`,
			);
			expect(item._update).toEqual(UNKNOWN);
			expect(writesSent()).toBe(1);
		});
	}

	it('whose connection was cut after it was sent: outcome unknown, not sent again', async () => {
		answerWrite = () => CUT;

		const item = await update('POST');

		expect(item.error).toBe(
			'Item 0: outcome unknown - POST /clientes/C1 broke off after it was sent (connection reset) and was not retried',
		);
		expect(item._update).toEqual(UNKNOWN);
		expect(writesSent()).toBe(1);
	});

	it('answered 500 stays failed: the API handled it and said no', async () => {
		answerWrite = () => ({ status: 500, body: '{"message":"erro interno"}' });

		const item = await update('POST');

		expect(item._update).toEqual({ applied: false, outcome: 'failed' });
		expect(writesSent()).toBe(1);
	});
});

describe('a PATCH or PUT retried until the attempts ran out', () => {
	for (const method of ['PATCH', 'PUT'] as const) {
		it(`${method}, every attempt timed out: outcome unknown`, async () => {
			answerWrite = () => HOLD;

			const item = await update(method);

			expect(item.error).toBe(
				`Item 0: outcome unknown - ${method} /clientes/C1 got no clear answer in 2 attempts (last: timed out after 1000 ms); any of them may have been applied`,
			);
			expect(item._update).toEqual(UNKNOWN);
			expect(writesSent()).toBe(2);
		});

		it(`${method}, every attempt answered 504: outcome unknown`, async () => {
			answerWrite = () => ({ status: 504, body: '' });

			const item = await update(method);

			expect(item.error).toBe(
				`Item 0: outcome unknown - ${method} /clientes/C1 got no clear answer in 2 attempts (last: HTTP 504); any of them may have been applied`,
			);
			expect(item._update).toEqual(UNKNOWN);
			expect(writesSent()).toBe(2);
		});

		it(`${method}, every attempt refused with 503: failed (the API said it handled nothing)`, async () => {
			answerWrite = () => ({ status: 503, body: '' });

			const item = await update(method);

			expect(item._update).toEqual({ applied: false, outcome: 'failed' });
			expect(writesSent()).toBe(2);
		});
	}
});
