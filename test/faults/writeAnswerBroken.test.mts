/**
 * A write the API answered 2xx is applied even when its answer's body breaks off: reporting it failed would
 * invite the flow, or the node's own retries, to send it again.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { setupNock } from '../harness/index.mjs';
import { basicCredential, runCustomerNode } from '../node/customerNode.mjs';

setupNock();

const FAST = { maxAttempts: 3, maxWaitSeconds: 0.01 };

describe('a write answered 2xx whose body breaks off', () => {
	let server: Server | undefined;
	afterEach(
		() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
	);

	it('is applied, and sent once', async () => {
		let posts = 0;
		server = createServer((request, response) => {
			posts++;
			request.resume();
			response.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': '100' });
			response.write('{"codigo": "C0001", "no');
			setTimeout(() => response.socket?.destroy(), 20);
		});
		await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
		const port = (server.address() as AddressInfo).port;

		const result = await runCustomerNode({
			credential: { ...basicCredential, baseUrl: `http://127.0.0.1:${port}/api` },
			parameters: {
				operation: 'update',
				path: '/clientes/{codigo}',
				method: 'POST',
				columns: { mappingMode: 'autoMapInputData', value: null },
				options: { ...FAST, readBeforeWrite: false, retryNonIdempotent: true },
			},
			input: [{ json: { codigo: 'C0001', nome: 'Ana' } }],
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});

		expect(result.status).toBe('success');
		expect(result.json[0][0]._update).toEqual({ applied: true, method: 'POST', status: 201 });
		expect(posts).toBe(1);
	});
});
