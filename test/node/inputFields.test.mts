/**
 * What the node takes from its input and parameters: nothing a user gave is dropped without a word, the
 * node's own fields are not written back, and the Update options the README names do what it says.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { setupNock } from '../harness/index.mjs';
import { ANA, API, fastRetries, runCustomerNode, updateParametersWith } from './customerNode.mjs';

setupNock();

const updateParameters = (extra: Record<string, unknown> = {}) =>
	updateParametersWith(fastRetries, extra);

describe('Update: Map Automatically', () => {
	it("sends the input's own _ fields (an API's _id) but never the node's (_validation, _update, _found, _webservice)", async () => {
		nock(API)
			.patch('/api/clientes/C0001', { codigo: 'C0001', nome: 'ANA', _id: 'a1' })
			.reply(200, {});

		const result = await runCustomerNode({
			parameters: updateParameters({ options: { readBeforeWrite: false } }),
			input: [
				{
					json: {
						codigo: 'C0001',
						nome: 'ANA',
						_id: 'a1',
						_validation: { valid: true, issues: [] },
						_update: { applied: true },
						_found: true,
						_webservice: 'primary',
					},
				},
			],
		});

		expect(result.status).toBe('success');
		expect(result.json[0][0]._update).toMatchObject({ applied: true });
	});
});

describe('Update: Custom Fields and Required Fields', () => {
	it('a custom field with a value but no name fails its item, naming it, and nothing is sent', async () => {
		const result = await runCustomerNode({
			parameters: updateParameters({
				options: {
					customFields: {
						field: [
							{ name: 'crm', value: '654321' },
							{ name: ' ', value: 'lost?' },
						],
					},
				},
			}),
			input: [{ json: { codigo: 'C0001' } }],
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Item 0: Custom Field 2 has a value but no name - nothing was sent',
		);
	});

	it('a custom field left empty (no name, no value) is ignored', async () => {
		nock(API).patch('/api/clientes/C0001', { codigo: 'C0001', crm: '654321' }).reply(200, {});

		const result = await runCustomerNode({
			parameters: updateParameters({
				options: {
					readBeforeWrite: false,
					customFields: {
						field: [
							{ name: 'crm', value: '654321' },
							{ name: '', value: '' },
						],
					},
				},
			}),
			input: [{ json: { codigo: 'C0001' } }],
		});

		expect(result.status).toBe('success');
	});

	it('Required Fields: a record without one is not sent, and the error names the item and the field', async () => {
		nock(API).patch('/api/clientes/C0002', { codigo: 'C0002', email: 'b@x.com.br' }).reply(200, {});

		const result = await runCustomerNode({
			parameters: updateParameters({
				validationMode: 'route',
				options: { readBeforeWrite: false, requiredFields: ['email'] },
			}),
			input: [
				{ json: { codigo: 'C0001', email: '  ' } },
				{ json: { codigo: 'C0002', email: 'b@x.com.br' } },
			],
		});

		expect(result.status).toBe('success');
		const [written, notSent] = result.json;
		expect(written.map((item) => item.codigo)).toEqual(['C0002']);
		expect(notSent).toHaveLength(1);
		expect(notSent[0]._update).toEqual({ applied: false, outcome: 'notSent' });
		expect(notSent[0]._validation).toEqual({
			valid: false,
			issues: [{ field: 'email', rule: 'required', message: 'email: required but empty' }],
		});
	});
});

describe('Update: Report mode', () => {
	it('every written record carries _validation, as in Get', async () => {
		nock(API).get('/api/clientes/C0001').reply(200, [ANA]);
		nock(API)
			.patch('/api/clientes/C0001')
			.reply(200, { ...ANA, nome: 'Ana S.' });
		nock(API).patch('/api/clientes/C0002', { codigo: 'C0002', nome: 'Bia' }).reply(204);

		const result = await runCustomerNode({
			parameters: updateParameters({ validationMode: 'report' }),
			input: [{ json: { codigo: 'C0001', nome: 'Ana S.' } }],
		});
		const withoutRead = await runCustomerNode({
			parameters: updateParameters({
				validationMode: 'report',
				options: { readBeforeWrite: false },
			}),
			input: [{ json: { codigo: 'C0002', nome: 'Bia' } }],
		});

		for (const run of [result, withoutRead]) {
			expect(run.status).toBe('success');
			expect(run.json[0][0]._validation).toEqual({ valid: true, issues: [] });
		}
		expect(result.json[0][0].nome).toBe('Ana S.');
	});
});

describe('Get Many: Filters', () => {
	it('a filter with a value but no parameter name fails the item instead of listing unfiltered', async () => {
		const result = await runCustomerNode({
			parameters: {
				operation: 'getAll',
				path: '/clientes',
				returnAll: true,
				pagination: 'none',
				filters: { filter: [{ name: '', value: 'SP' }] },
			},
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Item 0: Filter 1 has a value but no parameter name');
	});
});

describe('Get Many: Pagination Options', () => {
	const page = (from: number, count: number) =>
		Array.from({ length: count }, (_, index) => ({ codigo: `C${from + index}`, nome: 'X' }));

	it('an emptied Page Size Parameter sends no page size, and the listing ends on an empty page', async () => {
		// An API that ignores page sizes and serves 20 per page: 50 customers on pages 1-3.
		nock(API)
			.get('/api/clientes')
			.query(true)
			.times(4)
			.reply((uri) => {
				const query = new URL(uri, API).searchParams;
				expect([...query.keys()]).toEqual(['page']);
				const number = Number(query.get('page'));
				return [
					200,
					number <= 2 ? page((number - 1) * 20 + 1, 20) : number === 3 ? page(41, 10) : [],
				];
			});

		const result = await runCustomerNode({
			parameters: {
				operation: 'getAll',
				path: '/clientes',
				returnAll: true,
				pagination: 'pageNumber',
				paginationOptions: { pageSizeParameter: '' },
				// One page at a time: the exact sequence of requests is the point here (the window: getManyPages.test.mts).
				options: { concurrency: 1 },
			},
		});

		expect(result.status).toBe('success');
		expect(result.json[0]).toHaveLength(50);
	});

	it('Stop on Short Page off: an API that serves fewer than asked is read to its empty page', async () => {
		nock(API)
			.get('/api/clientes')
			.query(true)
			.times(4)
			.reply((uri) => {
				const number = Number(new URL(uri, API).searchParams.get('page'));
				return [200, number <= 3 ? page((number - 1) * 20 + 1, 20) : []];
			});

		const result = await runCustomerNode({
			parameters: {
				operation: 'getAll',
				path: '/clientes',
				returnAll: true,
				pagination: 'pageNumber',
				paginationOptions: { pageSize: 100, stopOnShortPage: false },
				// One page at a time: the exact sequence of requests is the point here (the window: getManyPages.test.mts).
				options: { concurrency: 1 },
			},
		});

		expect(result.status).toBe('success');
		expect(result.json[0]).toHaveLength(60);
	});

	it('two filters on one parameter fail the item instead of sending only the second', async () => {
		const result = await runCustomerNode({
			parameters: {
				operation: 'getAll',
				path: '/clientes',
				returnAll: true,
				pagination: 'none',
				filters: {
					filter: [
						{ name: 'estado', value: 'SP' },
						{ name: 'estado', value: 'RJ' },
					],
				},
			},
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe("Item 0: Filter 2 repeats the parameter 'estado'");
	});

	it('Strict names an invalid record by its place in the whole listing, not in its page', async () => {
		nock(API).get('/api/clientes').query({ page: 1, limit: 2 }).reply(200, page(1, 2));
		nock(API)
			.get('/api/clientes')
			.query({ page: 2, limit: 2 })
			.reply(200, [{ nome: 'Sem Codigo', email: 'bad' }]);

		const result = await runCustomerNode({
			parameters: {
				operation: 'getAll',
				path: '/clientes',
				returnAll: true,
				pagination: 'pageNumber',
				paginationOptions: { pageSize: 2 },
				// One page at a time: the exact sequence of requests is the point here (the window: getManyPages.test.mts).
				options: { concurrency: 1 },
			},
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Item 0: record 3 is invalid - email: /);
	});
});

describe('Get Many: a 404', () => {
	it('to the first page of an unfiltered listing is a wrong Path, not "no customers"', async () => {
		nock(API).get('/api/cliente').query(true).reply(404);

		const result = await runCustomerNode({
			parameters: { operation: 'getAll', path: '/cliente', returnAll: true, pagination: 'none' },
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Item 0: the customer API answered 404 to GET /cliente - check the Path',
		);
	});

	it('to a filtered listing means no customer matched', async () => {
		nock(API).get('/api/clientes').query({ estado: 'XX' }).reply(404);

		const result = await runCustomerNode({
			parameters: {
				operation: 'getAll',
				path: '/clientes',
				returnAll: true,
				pagination: 'none',
				filters: { filter: [{ name: 'estado', value: 'XX' }] },
			},
		});

		expect(result.status).toBe('success');
		expect(result.json[0]).toEqual([]);
	});
});

describe('Get: where the value goes', () => {
	it('a {placeholder} in the path with Send Value In other than Path fails the item before any request', async () => {
		const result = await runCustomerNode({
			parameters: {
				operation: 'get',
				lookupField: 'cpf',
				lookupValue: '529.982.247-25',
				path: '/clientes/{cpf}',
				keyLocation: 'query',
			},
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Item 0: the path "/clientes/{cpf}" has a placeholder, but Send Value In is Query Parameter',
		);
	});

	it('a POST lookup that times out says it was a search, and which option repeats it', async () => {
		nock(API).post('/api/clientes/busca').delay(3000).reply(200, []);

		const result = await runCustomerNode({
			parameters: {
				operation: 'get',
				lookupField: 'cpf',
				lookupValue: '529.982.247-25',
				path: '/clientes/busca',
				method: 'POST',
				keyLocation: 'body',
				options: { timeoutSeconds: 1, maxAttempts: 3, maxWaitSeconds: 0.01 },
			},
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Item 0: POST /clientes/busca timed out after 1000 ms and was not retried',
		);
		expect(String(result.error?.description)).toContain('Retry POST Lookups');
	});
});

describe("Request options from an expression keep the editor's bounds", () => {
	it('Max Attempts above 20 gives up after 20', async () => {
		nock(API).get('/api/clientes').query(true).times(20).reply(503);

		const result = await runCustomerNode({
			parameters: {
				operation: 'getAll',
				path: '/clientes',
				returnAll: true,
				pagination: 'none',
				options: { maxAttempts: '={{ 1000000 }}', maxWaitSeconds: 0 },
			},
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Item 0: the customer API did not answer GET /clientes after 20 attempts (last: HTTP 503)',
		);
	});

	it('a Timeout of 0 is one second, not "no timeout"', async () => {
		nock(API).get('/api/clientes').query(true).delay(5000).reply(200, []);

		const result = await runCustomerNode({
			parameters: {
				operation: 'getAll',
				path: '/clientes',
				returnAll: true,
				pagination: 'none',
				options: { timeoutSeconds: '={{ 0 }}', maxAttempts: 1 },
			},
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Item 0: the customer API did not answer GET /clientes after 1 attempt (last: timed out after 1000 ms)',
		);
	});
});
