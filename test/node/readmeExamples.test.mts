import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startSampleApi, type SampleApi } from '../sample-api/server.mts';
import { runCustomerNode, updateParametersWith } from './customerNode.mjs';

// The README's examples are what the node does with the sample API that `npm start` and `npm run demo` serve.
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The first ```json block after `marker` in the README, parsed. */
function jsonBlockAfter(marker: string): unknown {
	const at = README.indexOf(marker);
	expect(at, `README has "${marker}"`).toBeGreaterThan(-1);
	const block = /```json\n([\s\S]*?)```/.exec(README.slice(at));
	return JSON.parse(block?.[1] ?? 'null');
}

let api: SampleApi;
beforeAll(async () => {
	api = await startSampleApi({ records: 20, tls: false });
});
afterAll(async () => {
	await api.close();
});
beforeEach(() => {
	api.reset();
});

const credential = () => ({
	baseUrl: api.url,
	username: api.credentials.basic.username,
	password: api.credentials.basic.password,
});

const getByCpf = {
	operation: 'get',
	lookupField: 'cpf',
	lookupValue: '529.982.247-25',
	path: '/clientes',
	method: 'GET',
	keyLocation: 'query',
};

describe('README examples, run against the sample API', () => {
	it('Get by CPF: the API’s answer and the node’s output are the ones shown', async () => {
		const result = await runCustomerNode({ credential: credential(), parameters: getByCpf });

		expect(api.state.records.filter((record) => record.cpf === '529.982.247-25')).toEqual(
			jsonBlockAfter('Example (the sample API of `npm start`'),
		);
		expect(result.json[0]).toEqual([jsonBlockAfter('and the node outputs one item')]);
	});

	it('empty values are kept as the API sent them, unchecked; Required Fields counts them as missing', async () => {
		const byCode = { ...getByCpf, lookupField: 'codigo', lookupValue: 'C0002' };
		const strict = await runCustomerNode({ credential: credential(), parameters: byCode });
		expect(strict.json[0][0]).toMatchObject({ telefone2: '', enderecoComplemento: '' });
		expect(README).toContain(
			'C0002 comes out with `"telefone2": ""` and `"enderecoComplemento": ""`',
		);

		const required = await runCustomerNode({
			credential: credential(),
			parameters: { ...byCode, options: { requiredFields: ['telefone2'] } },
			settings: { onError: 'continueRegularOutput' },
		});
		expect(required.json[0][0].error).toMatch(/telefone2: required but empty/);
	});

	it('Update: the PATCH the README shows is the one sent, in the style of the stored phone', async () => {
		const got = await runCustomerNode({
			credential: credential(),
			parameters: { ...getByCpf, lookupField: 'codigo', lookupValue: 'C0001' },
		});
		const edited = { ...got.json[0][0], telefone: '+55 11 91234-5678' };

		const result = await runCustomerNode({
			credential: credential(),
			input: [{ json: edited }],
			parameters: updateParametersWith({}),
		});

		expect(result.json[0][0]._update).toEqual({ applied: true, method: 'PATCH', status: 200 });
		expect(
			api.state.updateLog.map(({ method, codigo, body }) => ({ method, codigo, body })),
		).toEqual([{ method: 'PATCH', codigo: 'C0001', body: { telefone: '(11) 91234-5678' } }]);
		expect(README).toContain('PATCH /clientes/C0001\n{"telefone": "(11) 91234-5678"}');
	});
});

describe('README Get Many example, run against the sample API', () => {
	it('all active customers of São Paulo, 100 per page: the request the README shows, every match listed', async () => {
		const result = await runCustomerNode({
			credential: credential(),
			parameters: {
				operation: 'getAll',
				path: '/clientes',
				returnAll: true,
				filters: {
					filter: [
						{ name: 'ativo', value: 'TRUE' },
						{ name: 'endereco_estado', value: 'SP' },
					],
				},
				pagination: 'pageNumber',
				// The generated customers include invalid ones, which Strict would fail on.
				validationMode: 'report',
			},
		});

		const first = api.state.requests.find((request) => request.path === '/api/clientes');
		expect(README).toContain(`\`GET /clientes${first?.query}\``);
		const expected = api.state.records.filter(
			(record) => record.ativo === 'TRUE' && record.endereco_estado === 'SP',
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(result.error).toBeUndefined();
		expect(result.json[0].map((item) => item.codigo)).toEqual(
			expected.map((record) => record.codigo),
		);
	});
});
