/**
 * Bodies that would hold the run: one that never ends (headers, then a byte every 500 ms, so the
 * socket is never idle) is ended by Timeout, which bounds the whole request, body included; one larger
 * than Max Response Size, also when it arrives compressed and only expands on the way in, is an error
 * that is not retried. Reads and writes alike.
 */

import { gzipSync } from 'node:zlib';

import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { runCustomerNode, updateParametersWith } from '../node/customerNode.mjs';
import { startLoopback, type Loopback, type LoopbackReply } from './loopback.mjs';
import { FAST_REQUESTS, listParameters, nodeErrorOf } from './support.mjs';

const CUSTOMER = { codigo: 'C1', nome: 'ANA SOUZA', email: 'ana@example.com.br' };

/** Headers at once, then one byte every 500 ms for as long as the client listens. */
function trickle(response: ServerResponse): void {
	response.writeHead(200, { 'content-type': 'application/json' });
	response.write('[');
	const writeOne = (): void => {
		if (response.destroyed || response.writableEnded) return;
		response.write(' ', () => setTimeout(writeOne, 500));
	};
	writeOne();
}

/** A JSON list of customers of about `bytes` bytes. */
function listOfSize(bytes: number): string {
	const one = JSON.stringify({ ...CUSTOMER, observacao: 'x'.repeat(1_000) });
	return `[${Array.from({ length: Math.ceil(bytes / one.length) }, () => one).join(',')}]`;
}

let api: Loopback;
let answer: (method: string) => LoopbackReply;

beforeAll(async () => {
	api = await startLoopback((request) => answer(request.method));
});

afterAll(() => api.close());

beforeEach(() => {
	api.requests.length = 0;
});

const credential = () => ({ baseUrl: `${api.origin}/api`, username: 'u', password: 'p4ss-word' });

describe('a body that never ends', () => {
	it('Get Many: each attempt ends at Timeout, then the run fails saying so', async () => {
		answer = () => ({ raw: trickle });

		const result = await runCustomerNode({
			credential: credential(),
			parameters: listParameters({ pagination: 'none', options: { maxAttempts: 2 } }),
		});

		expect(nodeErrorOf(result).message).toBe(
			'Item 0: the customer API did not answer GET /clientes after 2 attempts (last: timed out after 1000 ms)',
		);
		expect(api.requests).toHaveLength(2);
	});

	it('Update: the read first ends at Timeout, and nothing is written', async () => {
		answer = () => ({ raw: trickle });

		const result = await runCustomerNode({
			credential: credential(),
			parameters: updateParametersWith(FAST_REQUESTS, { options: { maxAttempts: 1 } }),
			input: [{ json: { codigo: 'C1', nome: 'ANA SOUZA LIMA' } }],
		});

		expect(nodeErrorOf(result).message).toMatch(/timed out after 1000 ms/);
		expect(api.requests.map((request) => request.method)).toEqual(['GET']);
	});

	it("Update: a write answered 2xx whose body never ends was applied; its body's end is not waited for", async () => {
		answer = (method) => (method === 'GET' ? { body: JSON.stringify(CUSTOMER) } : { raw: trickle });

		const result = await runCustomerNode({
			credential: credential(),
			parameters: updateParametersWith(FAST_REQUESTS, { method: 'POST' }),
			input: [{ json: { codigo: 'C1', nome: 'ANA SOUZA LIMA' } }],
		});

		expect(result.status).toBe('success');
		expect(result.json[0][0]._update).toEqual({ applied: true, method: 'POST', status: 200 });
		expect(api.requests.map((request) => request.method)).toEqual(['GET', 'POST']);
	});
});

describe('Max Response Size', () => {
	const MB = 2 ** 20;

	it('a page larger than Max Response Size is an error, not retried', async () => {
		const body = listOfSize(1.5 * MB);
		answer = () => ({ body });

		const result = await runCustomerNode({
			credential: credential(),
			parameters: listParameters({ pagination: 'none', options: { maxResponseSizeMb: 1 } }),
		});

		expect(nodeErrorOf(result).message).toBe(
			"Item 0: the customer API's answer to GET /clientes is larger than Max Response Size (1 MB) - it was not read further",
		);
		expect(api.requests).toHaveLength(1);
	});

	it('a small gzip that expands past Max Response Size is caught as it expands', async () => {
		const compressed = gzipSync(listOfSize(8 * MB));
		expect(compressed.length).toBeLessThan(MB / 8);
		answer = () => ({ headers: { 'content-encoding': 'gzip' }, body: compressed });

		const result = await runCustomerNode({
			credential: credential(),
			parameters: listParameters({ pagination: 'none', options: { maxResponseSizeMb: 2 } }),
		});

		expect(nodeErrorOf(result).message).toBe(
			"Item 0: the customer API's answer to GET /clientes is larger than Max Response Size (2 MB) - it was not read further",
		);
		expect(api.requests).toHaveLength(1);
	});

	it('a page under Max Response Size is read whole', async () => {
		const body = listOfSize(0.5 * MB);
		answer = () => ({ body });

		const result = await runCustomerNode({
			credential: credential(),
			parameters: listParameters({ pagination: 'none', options: { maxResponseSizeMb: 1 } }),
		});

		expect(result.status).toBe('success');
		expect(result.json[0].length).toBe((JSON.parse(body) as unknown[]).length);
	});
});
