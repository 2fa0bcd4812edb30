/**
 * Names a JavaScript object cannot hold as its own keys (`__proto__`, `constructor`, `prototype`) are
 * refused wherever the user names a field or parameter, and so are filters named like the parameters
 * pagination sends itself: each would be dropped or overwritten silently, and a lookup or filter that is
 * dropped lists customers the user meant to leave out. The harness fails any test that sends a request
 * no interceptor expected, so each refusal is also proof that nothing went out.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { setupNock } from '../harness/index.mjs';
import { API, runCustomerNode, updateParametersWith } from './customerNode.mjs';

setupNock();

const RESERVED = ['__proto__', 'constructor', 'prototype'];

describe('Get: a custom lookup field or parameter with a reserved name', () => {
	for (const name of RESERVED) {
		it(`Field Name '${name}' is refused, naming the item and the parameter`, async () => {
			const result = await runCustomerNode({
				parameters: {
					operation: 'get',
					lookupField: 'custom',
					customFieldName: name,
					lookupValue: '123456',
					path: '/clientes',
				},
			});

			expect(result.status).toBe('error');
			expect(result.error?.message).toBe(
				`Item 0: Field Name '${name}' cannot be used: __proto__, constructor and prototype are reserved names - nothing was sent`,
			);
		});
	}

	it("Parameter Name 'constructor' is refused too (the lookup would list every customer unfiltered)", async () => {
		const result = await runCustomerNode({
			parameters: {
				operation: 'get',
				lookupField: 'cpf',
				lookupValue: '529.982.247-25',
				path: '/clientes',
				options: { keyParameterName: 'constructor' },
			},
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			"Item 0: Parameter Name 'constructor' cannot be used: __proto__, constructor and prototype are reserved names - nothing was sent",
		);
	});
});

describe('Get Many: filters', () => {
	const getMany = (filters: Array<{ name: string; value: string }>, extra = {}) => ({
		operation: 'getAll',
		path: '/clientes',
		returnAll: true,
		filters: { filter: filters },
		pagination: 'none',
		...extra,
	});

	for (const name of RESERVED) {
		it(`a filter named '${name}' is refused`, async () => {
			const result = await runCustomerNode({
				parameters: getMany([
					{ name: 'ativo', value: 'TRUE' },
					{ name, value: 'x' },
				]),
			});

			expect(result.status).toBe('error');
			expect(result.error?.message).toBe(
				`Item 0: Filter 2 '${name}' cannot be used: __proto__, constructor and prototype are reserved names - nothing was sent`,
			);
		});
	}

	it('a filter named like a parameter pagination sends is refused, naming the pagination option', async () => {
		const page = await runCustomerNode({
			parameters: getMany([{ name: 'page', value: '7' }], { pagination: 'pageNumber' }),
		});
		const size = await runCustomerNode({
			parameters: getMany([{ name: 'per_page', value: '5' }], {
				pagination: 'offset',
				paginationOptions: { pageSizeParameter: 'per_page' },
			}),
		});

		expect(page.error?.message).toBe(
			"Item 0: Filter 1 'page' is the parameter pagination sends (Page Parameter), which would overwrite it - nothing was sent",
		);
		expect(size.error?.message).toBe(
			"Item 0: Filter 1 'per_page' is the parameter pagination sends (Page Size Parameter), which would overwrite it - nothing was sent",
		);
	});

	it('a filter named like the parameter of another pagination style is sent as given', async () => {
		nock(API).get('/api/clientes').query({ page: '7' }).reply(200, []);

		const result = await runCustomerNode({
			parameters: getMany([{ name: 'page', value: '7' }]),
		});

		expect(result.status).toBe('success');
	});
});

describe('Update: a field with a reserved name', () => {
	it('a Custom Field named __proto__ is refused, naming the item and the parameter', async () => {
		const result = await runCustomerNode({
			parameters: updateParametersWith(
				{},
				{ options: { customFields: { field: [{ name: '__proto__', value: 'x' }] } } },
			),
			input: [{ json: { codigo: 'C0001', nome: 'Ana' } }],
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.json[0][0]).toMatchObject({
			error:
				"Item 0: Custom Field 1 '__proto__' cannot be used: __proto__, constructor and prototype are reserved names - nothing was sent",
			_update: { applied: false, outcome: 'notSent' },
		});
	});

	it('an input field named constructor (Map Automatically) is refused', async () => {
		const result = await runCustomerNode({
			parameters: updateParametersWith({}),
			input: [{ json: { codigo: 'C0001', constructor: 'x' } }],
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			"Item 0: input field 'constructor' cannot be used: __proto__, constructor and prototype are reserved names - nothing was sent",
		);
	});
});
