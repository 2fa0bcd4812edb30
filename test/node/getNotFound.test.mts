import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { setupNock } from '../harness/index.mjs';
import { ANA, API, hintsOf, runCustomerNode } from './customerNode.mjs';

setupNock();

const lookup = (extra: Record<string, unknown> = {}) => ({
	operation: 'get',
	lookupField: 'cpf',
	lookupValue: '={{ $json.cpf }}',
	path: '/customers',
	...extra,
});

const input = [{ json: { cpf: '529.982.247-25' } }, { json: { cpf: '111.444.777-35' } }];

const wrongPathMessage =
	'Item 0: the customer API answered 404 to GET /customers with a page, not its "not found" - check the Path';

describe('Get: a 404 that is a wrong Path, not a missing customer', () => {
	it.each([
		['an HTML page', '<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>', 'text/html'],
		['a router text', 'Cannot GET /api/customers', 'text/plain'],
		['JSON about the route', '{"error":"not_found","message":"No such route."}', 'application/json'],
	])('%s fails the item with "check the Path"', async (_kind, body, contentType) => {
		nock(API)
			.get('/api/customers')
			.query(true)
			.reply(404, body, { 'Content-Type': contentType });

		const result = await runCustomerNode({ parameters: lookup(), input: input.slice(0, 1) });

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(wrongPathMessage);
		expect(result.error?.description).toMatch(/Check the Path and the Base URL/);
	});

	it('with continue on error, each item says so in its own error item', async () => {
		nock(API).get('/api/customers').query(true).times(2).reply(404, '<html>Not Found</html>');

		const result = await runCustomerNode({
			parameters: lookup(),
			input,
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.json[0].map((item) => item.error)).toEqual([
			wrongPathMessage,
			wrongPathMessage.replace('Item 0', 'Item 1'),
		]);
	});
});

describe('Get: a genuine "not found"', () => {
	it.each([
		['an empty body', ''],
		['the API\'s JSON "not found"', '{"error":"not_found","message":"Customer not found."}'],
		['a JSON message in Portuguese', '{"mensagem":"Cliente não encontrado"}'],
	])('%s gives no item and no error, and a hint when no lookup found anyone', async (_kind, body) => {
		nock(API).get('/api/clientes').query(true).times(2).reply(404, body);

		const result = await runCustomerNode({ parameters: lookup({ path: '/clientes' }), input });

		expect(result.status).toBe('success');
		expect(result.json).toEqual([[]]);
		expect(hintsOf(result)).toEqual([
			expect.objectContaining({
				type: 'warning',
				message: expect.stringMatching(
					/^No customer found by any of the 2 lookups\. If you expected some, check Path/,
				),
			}),
		]);
	});

	it('gives no hint when some lookup found a customer', async () => {
		nock(API).get('/api/clientes').query({ cpf: '52998224725' }).reply(200, [ANA]);
		nock(API).get('/api/clientes').query({ cpf: '11144477735' }).reply(404);

		const result = await runCustomerNode({ parameters: lookup({ path: '/clientes' }), input });

		expect(result.json[0].map((item) => item.codigo)).toEqual(['C0001']);
		expect(hintsOf(result)).toEqual([]);
	});
});

describe('Get Many: a listing of no customers', () => {
	it('gives a hint, since a wrong filter or Records Path looks the same', async () => {
		nock(API).get('/api/clientes').query(true).reply(200, []);

		const result = await runCustomerNode({
			parameters: { operation: 'getAll', path: '/clientes', returnAll: true, pagination: 'none' },
		});

		expect(result.status).toBe('success');
		expect(result.json).toEqual([[]]);
		expect(hintsOf(result)).toEqual([
			expect.objectContaining({
				type: 'warning',
				message: expect.stringMatching(/^The listing returned no customers/),
			}),
		]);
	});
});
