import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { cpfCheckDigits, maskCpf } from '../sample-api/documents.mjs';
import { setupNock } from '../harness/index.mjs';
import { API, hintsOf, runCustomerNode } from './customerNode.mjs';

setupNock();

const cpf = (base: string) => `${base}${cpfCheckDigits(base)}`;
const CPFS = [cpf('123456789'), cpf('987654321'), cpf('111222333')];

const lookupByCpf = (options: Record<string, unknown> = {}) => ({
	operation: 'get',
	lookupField: 'cpf',
	lookupValue: '={{ $json.cpf }}',
	path: '/clientes',
	keyLocation: 'query',
	options,
});

/** 40 items over 3 CPFs, each written masked on even items and bare on odd ones. */
const input = Array.from({ length: 40 }, (_, index) => {
	const number = CPFS[index % 3];
	return { json: { ticket: index, cpf: index % 2 === 0 ? maskCpf(number) : number } };
});

describe('Get: duplicate lookups of one run', () => {
	it('send one request per distinct value, masked or bare; every item gets its own copy with its own pairedItem', async () => {
		for (const [position, number] of CPFS.entries()) {
			nock(API)
				.get('/api/clientes')
				.query({ cpf: number })
				.delay(10 * (3 - position))
				.reply(200, [{ codigo: `C${position + 1}`, cpf: number, tags: ['vip'] }]);
		}

		const result = await runCustomerNode({
			parameters: lookupByCpf({ concurrency: 8 }),
			input,
		});

		expect(result.status).toBe('success');
		expect(result.outputs[0]).toHaveLength(40);
		expect(result.json[0].map((item) => item.codigo)).toEqual(
			input.map((_, index) => `C${(index % 3) + 1}`),
		);
		expect(result.outputs[0].map((item) => item.pairedItem)).toEqual(
			input.map((_, item) => ({ item })),
		);
		// Each item's json is its own: changing one (a nested value too) changes no other.
		const [first, , , fourth] = result.json[0];
		(first.tags as string[]).push('changed');
		first.codigo = 'changed';
		expect(fourth).toMatchObject({ codigo: 'C1', tags: ['vip'] });
		expect(hintsOf(result)).toEqual([
			expect.objectContaining({
				type: 'info',
				message: expect.stringMatching(/^40 items looked up 3 different values: 37 requests saved/),
			}),
		]);
	});

	it('an error of a shared request is reported for each of its items, each naming its own', async () => {
		nock(API).get('/api/clientes').query({ cpf: CPFS[0] }).reply(400, { message: 'recusado' });
		nock(API).get('/api/clientes').query({ cpf: CPFS[1] }).reply(200, [{ codigo: 'C2' }]);
		nock(API).get('/api/clientes').query({ cpf: CPFS[2] }).reply(200, [{ codigo: 'C3' }]);

		const result = await runCustomerNode({
			parameters: lookupByCpf({ concurrency: 4 }),
			input: input.slice(0, 9),
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.status).toBe('success');
		expect(result.json[0].map((item) => item.error ?? item.codigo)).toEqual([
			'Item 0: the customer API rejected GET /clientes with HTTP 400',
			'C2',
			'C3',
			'Item 3: the customer API rejected GET /clientes with HTTP 400',
			'C2',
			'C3',
			'Item 6: the customer API rejected GET /clientes with HTTP 400',
			'C2',
			'C3',
		]);
		expect(result.outputs[0].map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 9 }, (_, item) => ({ item })),
		);
	});

	it('without continue on error, the run fails naming the first item of the shared request', async () => {
		nock(API).get('/api/clientes').query({ cpf: CPFS[0] }).reply(400, { message: 'recusado' });

		const result = await runCustomerNode({
			parameters: lookupByCpf({ concurrency: 1 }),
			input: input.slice(0, 4),
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Item 0: the customer API rejected GET /clientes with HTTP 400',
		);
	});

	it('a Strict validation failure of a shared answer names each item that received it', async () => {
		nock(API)
			.get('/api/clientes')
			.query({ cpf: CPFS[0] })
			.reply(200, [{ codigo: 'C1', email: 'sem-arroba' }]);
		nock(API).get('/api/clientes').query({ cpf: CPFS[1] }).reply(200, [{ codigo: 'C2' }]);
		nock(API).get('/api/clientes').query({ cpf: CPFS[2] }).reply(200, [{ codigo: 'C3' }]);

		const result = await runCustomerNode({
			parameters: lookupByCpf({ concurrency: 4 }),
			input: input.slice(0, 6),
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.json[0].map((item) => item.error ?? item.codigo)).toEqual([
			expect.stringMatching(/^Item 0: customer C1 is invalid - email: /),
			'C2',
			'C3',
			expect.stringMatching(/^Item 3: customer C1 is invalid - email: /),
			'C2',
			'C3',
		]);
	});

	it('items that differ in what they ask (path, where the value goes) are not merged', async () => {
		nock(API).get('/api/clientes').query({ cpf: CPFS[0] }).reply(200, [{ codigo: 'Q' }]);
		nock(API).get(`/api/clientes/${CPFS[0]}`).reply(200, { codigo: 'P' });

		const result = await runCustomerNode({
			parameters: {
				...lookupByCpf(),
				keyLocation: '={{ $json.where }}',
				path: '={{ $json.where === "path" ? "/clientes/{cpf}" : "/clientes" }}',
			},
			input: [
				{ json: { cpf: CPFS[0], where: 'query' } },
				{ json: { cpf: CPFS[0], where: 'path' } },
			],
		});

		expect(result.json[0].map((item) => item.codigo)).toEqual(['Q', 'P']);
		expect(hintsOf(result)).toEqual([]);
	});
});
