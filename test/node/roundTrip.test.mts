import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSampleApi, type SampleApi } from '../sample-api/server.mts';
import { runCustomerNode } from './customerNode.mjs';

// A stateful customer system on loopback: the round trip must change the stored record and nothing else.
let api: SampleApi;

beforeAll(async () => {
	api = await startSampleApi({ records: 20 });
});

afterAll(async () => {
	await api.close();
});

const credential = () => ({
	baseUrl: api.url,
	username: api.credentials.basic.username,
	password: api.credentials.basic.password,
});

const getByCode = async (codigo: string) =>
	await runCustomerNode({
		credential: credential(),
		parameters: {
			operation: 'get',
			lookupField: 'codigo',
			lookupValue: codigo,
			path: '/clientes/{codigo}',
			keyLocation: 'path',
		},
	});

const stored = (codigo: string) =>
	structuredClone(api.state.records.find((record) => record.codigo === codigo));

// Each method writes its own phone number, so the second case never rewrites the value the first already stored.
const edits = [
	{
		method: 'PATCH',
		sent: '+55 (21) 99876-5432',
		stored: '(21) 99876-5432',
		canonical: '+5521998765432',
	},
	{
		method: 'PUT',
		sent: '+55 (31) 98123-4567',
		stored: '(31) 98123-4567',
		canonical: '+5531981234567',
	},
] as const;

describe('Get → edit → Update → Get against a stateful API', () => {
	for (const edit of edits) {
		const { method } = edit;
		it(`${method} changes only the edited field, in the API's own format`, async () => {
			const before = stored('C0001');
			expect(before?.telefone).toBeDefined();
			expect(before?.telefone).not.toBe(edit.stored);
			const got = await getByCode('C0001');
			expect(got.status).toBe('success');
			const customer = got.json[0][0];

			const updated = await runCustomerNode({
				credential: credential(),
				parameters: {
					operation: 'update',
					path: '/clientes/{codigo}',
					method,
					columns: { mappingMode: 'autoMapInputData', value: null },
				},
				input: [{ json: { ...customer, telefone: edit.sent } }],
			});
			expect(updated.status).toBe('success');
			expect(updated.json[0][0]._update).toMatchObject({ applied: true, method });

			const after = stored('C0001');
			expect(after).toEqual({ ...before, telefone: edit.stored });
			const again = await getByCode('C0001');
			expect(again.json[0][0]).toEqual({ ...customer, telefone: edit.canonical });
		});
	}

	it('keeps a nested address nested when writing it back', async () => {
		const before = stored('C0004');
		const got = await getByCode('C0004');
		const customer = got.json[0][0];
		expect(customer).toHaveProperty('enderecoCep');

		await runCustomerNode({
			credential: credential(),
			parameters: {
				operation: 'update',
				path: '/clientes/{codigo}',
				method: 'PATCH',
				columns: { mappingMode: 'autoMapInputData', value: null },
			},
			input: [{ json: { ...customer, enderecoNumero: '999' } }],
		});

		const after = stored('C0004') as Record<string, unknown>;
		expect(after).toEqual({
			...before,
			endereco: { ...(before?.endereco as Record<string, unknown>), numero: '999' },
		});
	});
});
