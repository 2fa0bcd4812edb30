import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { setupNock } from '../harness/index.mjs';
import { ANA, API, basicCredential, basicHeader, runCustomerNode } from './customerNode.mjs';

setupNock();

const getParameters = (extra: Record<string, unknown> = {}) => ({
	operation: 'get',
	lookupField: 'cpf',
	lookupValue: '529.982.247-25',
	path: '/clientes',
	...extra,
});

describe('Get: look up a customer', () => {
	it('looks up by CPF in a query parameter and emits one flat, normalized item with canonical names', async () => {
		nock(API)
			.get('/api/clientes')
			.query({ cpf: '52998224725' })
			.matchHeader('authorization', basicHeader)
			.matchHeader('accept', 'application/json')
			.reply(200, [ANA]);

		const result = await runCustomerNode({ parameters: getParameters() });

		expect(result.status).toBe('success');
		expect(result.json).toEqual([
			[
				{
					codigo: 'C0001',
					nome: 'Ana Souza',
					cpf: '52998224725',
					dataNascimento: '1990-01-31',
					email: 'ana@exemplo.com.br',
					telefone: '+5511987654321',
					estadoCivil: 'CASADA',
					enderecoLogradouro: 'Rua das Flores',
					enderecoNumero: '100',
					enderecoCep: '01310100',
					enderecoEstado: 'SP',
					ativo: true,
					crm: '123456',
				},
			],
		]);
		expect(result.outputs[0][0].pairedItem).toEqual({ item: 0 });
	});

	it('keeps values as received when asked, still validating them', async () => {
		nock(API).get('/api/clientes').query({ cpf: '52998224725' }).reply(200, [ANA]);

		const result = await runCustomerNode({
			parameters: getParameters({ options: { keepValuesAsReceived: true } }),
		});

		expect(result.json[0][0]).toMatchObject({
			cpf: '529.982.247-25',
			dataNascimento: '31/01/1990',
			telefone: '(11) 98765-4321',
			ativo: 'TRUE',
		});
	});

	it('looks up an alphanumeric CNPJ typed masked and in lowercase, sending it upper-cased without mask', async () => {
		nock(API)
			.get('/api/clientes')
			.query({ cnpj: '12ABC34501DE35' })
			.reply(200, [{ nome: 'Empresa Nova', cnpj: '12.ABC.345/01DE-35' }]);

		const result = await runCustomerNode({
			parameters: getParameters({ lookupField: 'cnpj', lookupValue: '12.abc.345/01de-35' }),
		});

		expect(result.json).toEqual([[{ nome: 'Empresa Nova', cnpj: '12ABC34501DE35' }]]);
	});

	it('looks up by code in a path template and accepts a single object as the answer', async () => {
		nock(API).get('/api/clientes/C%2F01').reply(200, { codigo: 'C/01', nome: 'Bia' });

		const result = await runCustomerNode({
			parameters: getParameters({
				lookupField: 'codigo',
				lookupValue: 'C/01',
				path: '/clientes/{codigo}',
				keyLocation: 'path',
			}),
		});

		expect(result.json).toEqual([[{ codigo: 'C/01', nome: 'Bia' }]]);
	});

	it('looks up by e-mail with POST and a JSON body, as some ERPs search', async () => {
		nock(API)
			.post('/api/clientes/busca', { email: 'ana@exemplo.com.br' })
			.reply(200, { data: [ANA] });

		const result = await runCustomerNode({
			parameters: getParameters({
				lookupField: 'email',
				lookupValue: 'ana@exemplo.com.br',
				path: '/clientes/busca',
				method: 'POST',
				keyLocation: 'body',
			}),
		});

		expect(result.json[0]).toHaveLength(1);
		expect(result.json[0][0].email).toBe('ana@exemplo.com.br');
	});

	it('looks up by phone, sending the national number (DDD + number) whatever mask was typed', async () => {
		nock(API)
			.get('/api/clientes')
			.query({ telefone: '11987654321' })
			.reply(200, { results: [ANA] });

		const result = await runCustomerNode({
			parameters: getParameters({ lookupField: 'telefone', lookupValue: '+55 (11) 98765-4321' }),
		});

		expect(result.json[0][0].codigo).toBe('C0001');
	});

	it('looks up by a custom field under the name the API uses, and finds records under a records path', async () => {
		nock(API)
			.get('/api/medicos')
			.query({ numero_crm: '123456' })
			.reply(200, { payload: { clientes: [ANA] } });

		const result = await runCustomerNode({
			parameters: getParameters({
				lookupField: 'custom',
				customFieldName: 'crm',
				lookupValue: '123456',
				path: '/medicos',
				options: { keyParameterName: 'numero_crm', recordsPath: 'payload.clientes' },
			}),
		});

		expect(result.json[0][0].crm).toBe('123456');
	});

	it('resolves expressions per input item and pairs each customer with its item', async () => {
		nock(API).get('/api/clientes').query({ cpf: '52998224725' }).reply(200, [ANA]);
		nock(API)
			.get('/api/clientes')
			.query({ cpf: '11144477735' })
			.reply(200, [{ codigo: 'C0002', nome: 'Caio', cpf: '111.444.777-35' }]);

		const result = await runCustomerNode({
			parameters: getParameters({ lookupValue: '={{ $json.documento }}' }),
			input: [{ json: { documento: '529.982.247-25' } }, { json: { documento: '11144477735' } }],
		});

		expect(result.json[0].map((customer) => customer.codigo)).toEqual(['C0001', 'C0002']);
		expect(result.outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('emits one item per customer when the lookup matches several', async () => {
		nock(API)
			.get('/api/clientes')
			.query({ email: 'familia@exemplo.com.br' })
			.reply(200, [
				{ codigo: 'C1', nome: 'Pai' },
				{ codigo: 'C2', nome: 'Filha' },
			]);

		const result = await runCustomerNode({
			parameters: getParameters({ lookupField: 'email', lookupValue: 'familia@exemplo.com.br' }),
		});

		expect(result.json[0].map((customer) => customer.codigo)).toEqual(['C1', 'C2']);
	});

	it('finds nothing: an empty array and a 404 give no items and no error', async () => {
		nock(API).get('/api/clientes').query({ cpf: '52998224725' }).reply(200, []);
		nock(API).get('/api/clientes/11144477735').reply(404, { message: 'not found' });

		const byQuery = await runCustomerNode({ parameters: getParameters() });
		const byPath = await runCustomerNode({
			parameters: getParameters({
				lookupValue: '111.444.777-35',
				path: '/clientes/{cpf}',
				keyLocation: 'path',
			}),
		});

		expect(byQuery.status).toBe('success');
		expect(byQuery.json).toEqual([[]]);
		expect(byPath.status).toBe('success');
		expect(byPath.json).toEqual([[]]);
	});

	it('outputs one "not found" item when asked, so the flow can branch', async () => {
		nock(API).get('/api/clientes').query({ cpf: '52998224725' }).reply(200, { data: [] });

		const result = await runCustomerNode({
			parameters: getParameters({ options: { outputNotFound: true } }),
		});

		expect(result.json).toEqual([
			[{ _found: false, lookupField: 'cpf', lookupValue: '52998224725' }],
		]);
	});

	it('reads the envelopes lookup endpoints answer with: one record under a key, or null for "not found"', async () => {
		nock(API)
			.get('/api/clientes')
			.query({ cpf: '52998224725' })
			.reply(200, { sucesso: true, cliente: ANA });
		nock(API)
			.get('/api/clientes')
			.query({ cpf: '52998224725' })
			.reply(200, {
				status: 'success',
				message: 'Nenhum registro encontrado',
				data: { cliente: null, total: 0 },
			});

		const found = await runCustomerNode({ parameters: getParameters() });
		const notFound = await runCustomerNode({
			parameters: getParameters({ options: { outputNotFound: true } }),
		});

		expect(found.json[0]).toHaveLength(1);
		expect(found.json[0][0]).toMatchObject({ codigo: 'C0001', cpf: '52998224725' });
		expect(notFound.json).toEqual([
			[{ _found: false, lookupField: 'cpf', lookupValue: '52998224725' }],
		]);
	});

	it('refuses a malformed CPF before asking the API, naming the item and masking the number', async () => {
		const result = await runCustomerNode({
			parameters: getParameters({ lookupValue: '529.982.247-24' }),
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('Item 0: the CPF to look up is not valid');
		expect(result.error?.message).toContain('check digits');
		expect(JSON.stringify(result.run.data.resultData)).not.toContain('52998224724');
	});

	it('sends the value unchecked when "Send Value As Entered" is on', async () => {
		nock(API).get('/api/clientes').query({ cpf: '529.982.247-24' }).reply(200, []);

		const result = await runCustomerNode({
			parameters: getParameters({
				lookupValue: '529.982.247-24',
				options: { sendValueAsEntered: true },
			}),
		});

		expect(result.status).toBe('success');
	});

	it('flattens nested objects into camelCase keys by default', async () => {
		nock(API)
			.get('/api/clientes')
			.query({ cpf: '52998224725' })
			.reply(200, [
				{
					nome: 'Ana',
					cpf: '52998224725',
					endereco: { cep: '01310-100', cidade: 'São Paulo', uf: 'SP', ponto_referencia: 'Metrô' },
				},
			]);

		const result = await runCustomerNode({ parameters: getParameters() });

		expect(result.json[0][0]).toEqual({
			nome: 'Ana',
			cpf: '52998224725',
			enderecoCep: '01310100',
			enderecoCidade: 'São Paulo',
			enderecoEstado: 'SP',
			enderecoPontoReferencia: 'Metrô',
		});
	});

	it('refuses nested objects with a clear error when the user chooses so', async () => {
		nock(API)
			.get('/api/clientes')
			.query({ cpf: '52998224725' })
			.reply(200, [{ nome: 'Ana', endereco: { cep: '01310-100' } }]);

		const result = await runCustomerNode({
			parameters: getParameters({ options: { nestedObjects: 'refuse' } }),
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/Item 0: record 1 is invalid - .*endereco/);
	});

	it('simplifies to the standard customer fields when asked', async () => {
		nock(API).get('/api/clientes').query({ cpf: '52998224725' }).reply(200, [ANA]);

		const result = await runCustomerNode({
			parameters: getParameters({ options: { simplify: true } }),
		});

		expect(result.json[0][0]).not.toHaveProperty('crm');
		expect(result.json[0][0]).toMatchObject({ codigo: 'C0001', cpf: '52998224725' });
	});

	it('keeps a path placeholder from escaping the base path', async () => {
		const result = await runCustomerNode({
			parameters: getParameters({
				lookupField: 'codigo',
				lookupValue: '..',
				path: '/clientes/{codigo}',
				keyLocation: 'path',
			}),
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Item 0: /);
	});

	it('an API that sends the headers and then stalls in the body times out and is tried again', async () => {
		// A real loopback socket: the stall must happen after the headers, on the wire.
		const requests: string[] = [];
		const server = createServer((req, res) => {
			requests.push(req.url ?? '');
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.write('[{"codigo": "C0001", "nome": ');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		try {
			const result = await runCustomerNode({
				parameters: getParameters({
					options: { maxAttempts: 2, maxWaitSeconds: 0.01, timeoutSeconds: 1 },
				}),
				credential: { ...basicCredential, baseUrl: `http://127.0.0.1:${port}/api` },
			});

			expect(result.status).toBe('error');
			expect(result.error?.message).toBe(
				'Item 0: the customer API did not answer GET /clientes after 2 attempts (last: timed out after 1000 ms)',
			);
			expect(requests).toEqual(['/api/clientes?cpf=52998224725', '/api/clientes?cpf=52998224725']);
		} finally {
			server.closeAllConnections();
			server.close();
		}
	});
});
