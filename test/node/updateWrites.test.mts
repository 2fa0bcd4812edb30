/**
 * What Update sends, and what it refuses to send: the customer it read must be the one the path named,
 * PUT goes out only as a complete record, an empty value erases a stored one only when asked to, and the
 * whole body that goes out is valid, not only the item's own fields. Every refusal sends nothing: the
 * harness fails a test on any request no interceptor expected.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { setupNock } from '../harness/index.mjs';
import { ANA, API, runCustomerNode, updateParametersWith } from './customerNode.mjs';

setupNock();

const updateParameters = (extra: Record<string, unknown> = {}) => updateParametersWith({}, extra);

/** Another valid customer, the one a misrouted or cached read answers with. */
const BRUNO = {
	codigo: 'C0002',
	nome: 'Bruno Lima',
	cpf: '111.444.777-35',
	data_nascimen: '02/02/1985',
	email: 'bruno@exemplo.com.br',
	telefone: '(21) 99876-5432',
	endereco_cep: '20040-020',
	endereco_estado: 'RJ',
};

describe('Update: the customer read first is the one the path named', () => {
	it('GET /clientes/C0001 answered with customer C0002: nothing is written, the item says why (masked)', async () => {
		nock(API).get('/api/clientes/C0001').reply(200, BRUNO);

		const result = await runCustomerNode({
			parameters: updateParameters({ method: 'PUT' }),
			input: [{ json: { codigo: 'C0001', email: 'ana.souza@exemplo.com.br' } }],
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.json[0][0]).toMatchObject({
			error:
				'Item 0: GET /clientes/C0001 answered with another customer (codigo C0002, not C0001) - nothing was sent',
			_update: { applied: false, outcome: 'notSent' },
		});
	});

	it('a path filled with a CPF: the CPF read is compared normalized, and masked in the message', async () => {
		nock(API).get('/api/clientes/52998224725').reply(200, BRUNO);

		const result = await runCustomerNode({
			parameters: updateParameters({ path: '/clientes/{cpf}' }),
			input: [{ json: { cpf: '529.982.247-25', email: 'ana.souza@exemplo.com.br' } }],
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Item 0: GET /clientes/*********25 answered with another customer (cpf ***.***.***-35, not *********25) - nothing was sent',
		);
		expect(JSON.stringify(result.error)).not.toContain('11144477735');
	});

	it('the same customer written another way (masked CPF, numeric code) is the same customer', async () => {
		nock(API)
			.get('/api/clientes/52998224725')
			.reply(200, { ...ANA, cpf: '529.982.247-25' });
		nock(API).patch('/api/clientes/52998224725', { email: 'nova@exemplo.com.br' }).reply(200, {});
		nock(API).get('/api/clientes/1').reply(200, { codigo: 1, nome: 'Ana' });
		nock(API).patch('/api/clientes/1', { nome: 'Ana Souza' }).reply(200, {});

		const result = await runCustomerNode({
			parameters: updateParameters({ path: '/clientes/{cpf}' }),
			input: [{ json: { cpf: '52998224725', email: 'nova@exemplo.com.br' } }],
		});
		const byCode = await runCustomerNode({
			parameters: updateParameters(),
			input: [{ json: { codigo: '1', nome: 'Ana Souza' } }],
		});

		expect(result.status).toBe('success');
		expect(byCode.status).toBe('success');
	});

	it('a record that does not carry the key at all is written (nothing to compare)', async () => {
		nock(API).get('/api/clientes/C0001').reply(200, { nome: 'Ana' });
		nock(API)
			.patch('/api/clientes/C0001', { codigo: 'C0001', nome: 'Ana Souza' })
			.reply(200, {});

		const result = await runCustomerNode({
			parameters: updateParameters(),
			input: [{ json: { codigo: 'C0001', nome: 'Ana Souza' } }],
		});

		expect(result.status).toBe('success');
	});
});

describe('Update: PUT sends the complete record or nothing', () => {
	it('PUT with Read Current Record First off is refused: a partial PUT would erase the fields not given', async () => {
		const result = await runCustomerNode({
			parameters: updateParameters({ method: 'PUT', options: { readBeforeWrite: false } }),
			input: [{ json: { codigo: 'C0001', email: 'ana.souza@exemplo.com.br' } }],
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.json[0][0]).toMatchObject({
			error:
				'Item 0: PUT needs the complete record, but Read Current Record First is off - nothing was sent',
			_update: { applied: false, outcome: 'notSent' },
		});
	});
});

describe('Update: empty values do not erase stored ones unless asked to', () => {
	const emptied = { codigo: 'C0001', cpf: '', email: null, telefone: '   ', nome: 'Ana Souza' };

	it('Map Automatically: "", null and spaces are not sent; the output says which fields were left as stored', async () => {
		nock(API).get('/api/clientes/C0001').reply(200, { ...ANA, nome: 'Ana' });
		nock(API).patch('/api/clientes/C0001', { nome: 'Ana Souza' }).reply(200, {});

		const result = await runCustomerNode({
			parameters: updateParameters(),
			input: [{ json: emptied }],
		});

		expect(result.status).toBe('success');
		expect(result.json[0][0]._update).toEqual({
			applied: true,
			method: 'PATCH',
			status: 200,
			emptyNotSent: ['cpf', 'email', 'telefone'],
		});
	});

	it('PUT keeps the stored values of the fields given empty', async () => {
		nock(API).get('/api/clientes/C0001').reply(200, ANA);
		nock(API)
			.put('/api/clientes/C0001', { ...ANA, nome: 'Ana Souza Lima' })
			.reply(204);

		const result = await runCustomerNode({
			parameters: updateParameters({ method: 'PUT' }),
			input: [{ json: { ...emptied, nome: 'Ana Souza Lima' } }],
		});

		expect(result.status).toBe('success');
	});

	it('Clear Fields Given Empty: the empty values are sent, as null or ""', async () => {
		nock(API).get('/api/clientes/C0001').reply(200, { ...ANA, nome: 'Ana' });
		nock(API)
			.patch('/api/clientes/C0001', { cpf: '', email: null, telefone: '', nome: 'Ana Souza' })
			.reply(200, {});

		const result = await runCustomerNode({
			parameters: updateParameters({ options: { clearEmptyFields: true } }),
			input: [{ json: emptied }],
		});

		expect(result.status).toBe('success');
		expect(result.json[0][0]._update).toEqual({ applied: true, method: 'PATCH', status: 200 });
	});

	it('Clear Fields Given Empty does not clear a Required Field: the record is refused', async () => {
		const result = await runCustomerNode({
			parameters: updateParameters({
				options: { clearEmptyFields: true, requiredFields: ['cpf'] },
			}),
			input: [{ json: emptied }],
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Item 0: the record is invalid and was not sent - cpf: required but empty',
		);
	});
});

describe('Update: the whole body that goes out is valid', () => {
	it('PUT of a record whose stored CPF and CEP are invalid is refused, naming the item and the fields (masked)', async () => {
		nock(API)
			.get('/api/clientes/C0001')
			.reply(200, { ...ANA, cpf: '529.982.247-24', endereco_cep: '0131' });

		const result = await runCustomerNode({
			parameters: updateParameters({ method: 'PUT' }),
			input: [{ json: { codigo: 'C0001', email: 'ana.souza@exemplo.com.br' } }],
			settings: { onError: 'continueRegularOutput' },
		});

		const item = result.json[0][0];
		expect(item).toMatchObject({ _update: { applied: false, outcome: 'notSent' } });
		expect(item.error).toMatch(
			/^Item 0: the record to send is invalid and was not sent - the current record's cpf: check digits do not match \('\*\*\*\.\*\*\*\.\*\*\*-24'\); the current record's enderecoCep: /,
		);
		expect(JSON.stringify(item)).not.toContain('529.982.247-24');
	});

	it('the same PUT goes out once the item corrects the stored values', async () => {
		nock(API)
			.get('/api/clientes/C0001')
			.reply(200, { ...ANA, cpf: '529.982.247-24', endereco_cep: '0131' });
		nock(API)
			.put('/api/clientes/C0001', {
				...ANA,
				cpf: '529.982.247-25',
				// The stored '0131' is no sample of how the API writes a CEP: the value goes bare.
				endereco_cep: '01310100',
				email: 'ana.souza@exemplo.com.br',
			})
			.reply(204);

		const result = await runCustomerNode({
			parameters: updateParameters({ method: 'PUT' }),
			input: [
				{
					json: {
						codigo: 'C0001',
						cpf: '52998224725',
						enderecoCep: '01310100',
						email: 'ana.souza@exemplo.com.br',
					},
				},
			],
		});

		expect(result.status).toBe('success');
	});

	it('PATCH sends only what changed, so a stored invalid value it does not touch does not stop it', async () => {
		nock(API)
			.get('/api/clientes/C0001')
			.reply(200, { ...ANA, cpf: '529.982.247-24' });
		nock(API)
			.patch('/api/clientes/C0001', { email: 'ana.souza@exemplo.com.br' })
			.reply(200, {});

		const result = await runCustomerNode({
			parameters: updateParameters(),
			input: [{ json: { codigo: 'C0001', email: 'ana.souza@exemplo.com.br' } }],
		});

		expect(result.status).toBe('success');
	});
});
