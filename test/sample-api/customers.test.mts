import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { basicFetch } from './client.mts';
import { FIXED_CODES } from './dataset.mts';
import { startSampleApi, type RawCustomer, type SampleApi } from './server.mts';

let api: SampleApi;
let get: ReturnType<typeof basicFetch>;

beforeAll(async () => {
	api = await startSampleApi({ records: 120, seed: 9 });
	get = basicFetch(api);
});

beforeEach(() => api.reset());

afterAll(() => api.close());

async function lookup(path: string): Promise<string[]> {
	const response = await get(path);
	expect(response.status, path).toBe(200);
	const body = (await response.json()) as RawCustomer[];
	expect(Array.isArray(body), path).toBe(true);
	return body.map((record) => String(record.codigo));
}

function send(method: string, path: string, body: unknown): Promise<Response> {
	return get(path, {
		method,
		headers: { 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
}

describe('lookups', () => {
	it('finds a CPF masked or not, and answers [] when none matches', async () => {
		expect(await lookup('/clientes?cpf=52998224725')).toEqual([FIXED_CODES.validPerson]);
		expect(await lookup('/clientes?cpf=529.982.247-25')).toEqual([FIXED_CODES.validPerson]);
		expect(await lookup(`/clientes?cpf=${encodeURIComponent('111.444.777-35')}`)).toEqual([
			FIXED_CODES.nestedAddress,
		]);
		expect(await lookup('/clientes?cpf=12345678909')).toEqual([]);
	});

	it('finds a CNPJ, alphanumeric in any mask or case, numeric masked', async () => {
		expect(await lookup('/clientes?cnpj=12ABC34501DE35')).toEqual([
			FIXED_CODES.alphanumericCnpjCompany,
		]);
		expect(await lookup('/clientes?cnpj=12abc34501de35')).toEqual([
			FIXED_CODES.alphanumericCnpjCompany,
		]);
		expect(await lookup(`/clientes?cnpj=${encodeURIComponent('11.222.333/0001-81')}`)).toEqual([
			FIXED_CODES.numericCnpjCompany,
		]);
	});

	it('finds an e-mail case-insensitively and a phone in any mask', async () => {
		expect(await lookup('/clientes?email=MARIA.SILVA@example.com.br')).toEqual([
			FIXED_CODES.validPerson,
		]);
		expect(await lookup('/clientes?email=jose.pereira@example.org')).toEqual([
			FIXED_CODES.nestedAddress,
		]);
		expect(await lookup('/clientes?telefone=11987654321')).toEqual([FIXED_CODES.validPerson]);
		expect(await lookup(`/clientes?telefone=${encodeURIComponent('+55 (11) 98765-4321')}`)).toEqual(
			[FIXED_CODES.validPerson],
		);
		expect(await lookup('/clientes?telefone=2125550100')).toEqual([FIXED_CODES.numericCnpjCompany]);
	});

	it('filters on any field, exactly, and on nested fields by dotted path', async () => {
		const expected = api.state.records
			.filter((r) => r.endereco_estado === 'SP')
			.map((r) => r.codigo);
		expect(expected.length).toBeGreaterThan(1);
		expect(await lookup('/clientes?endereco_estado=SP')).toEqual(expected);
		expect(await lookup('/clientes?endereco_estado=sp')).toEqual([]);
		expect(await lookup('/clientes?endereco.cidade=CURITIBA&codigo=C0004')).toEqual(['C0004']);
		expect(await lookup('/clientes?codigo=C0003')).toEqual(['C0003']);
	});

	it('returns one object by codigo, or 404', async () => {
		const found = await get('/clientes/C0002');
		expect(found.status).toBe(200);
		expect(await found.json()).toMatchObject({ codigo: 'C0002', cnpj: '12.ABC.345/01DE-35' });
		const missing = await get('/clientes/C9999');
		expect(missing.status).toBe(404);
		expect(await missing.json()).toMatchObject({ error: 'not_found' });
		expect((await get('/clientes/%E0%A4%A')).status).toBe(400);
	});

	it('searches with criteria in a POST body', async () => {
		const response = await send('POST', '/clientes/busca', { cpf: '529.982.247-25' });
		expect(response.status).toBe(200);
		expect(((await response.json()) as RawCustomer[]).map((r) => r.codigo)).toEqual(['C0001']);
		const byNumber = await send('POST', '/clientes/busca', { cpf: 11144477735 });
		expect(((await byNumber.json()) as RawCustomer[]).map((r) => r.codigo)).toEqual(['C0004']);
		const none = await send('POST', '/clientes/busca', { email: 'nobody@example.com' });
		expect(await none.json()).toEqual([]);
		expect((await send('POST', '/clientes/busca', {})).status).toBe(400);
		expect((await send('POST', '/clientes/busca', '{"cpf": ')).status).toBe(400);
	});
});

describe('updates', () => {
	it('PUT replaces the record with the keys as sent', async () => {
		const body = {
			codigo: 'C0001',
			nomeCompleto: 'MARIA A. SILVA',
			cpf: '52998224725',
			dataNascimento: '1985-03-15',
		};
		const response = await send('PUT', '/clientes/C0001', body);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual(body);
		expect(await (await get('/clientes/C0001')).json()).toEqual(body);
		expect(api.state.updates).toBe(1);
		expect(api.state.updateLog[0]).toMatchObject({ method: 'PUT', codigo: 'C0001', body });
		expect(await lookup('/clientes?cpf=529.982.247-25')).toEqual(['C0001']);
	});

	it('PUT without codigo keeps the record addressable', async () => {
		await send('PUT', '/clientes/C0003', { nome: 'HOSPITAL RENOMEADO' });
		expect(await (await get('/clientes/C0003')).json()).toEqual({
			codigo: 'C0003',
			nome: 'HOSPITAL RENOMEADO',
		});
	});

	it('PATCH merges (RFC 7396), nested objects too, and null deletes', async () => {
		const response = await send('PATCH', '/clientes/C0004', {
			email: 'jose@example.org',
			endereco: { numero: '99' },
			rg: null,
		});
		expect(response.status).toBe(200);
		const stored = (await (await get('/clientes/C0004')).json()) as RawCustomer;
		expect(stored.email).toBe('jose@example.org');
		expect(stored.endereco).toMatchObject({ numero: '99', cidade: 'CURITIBA' });
		expect('rg' in stored).toBe(false);
		expect(stored.nome).toBe('JOSÉ CARLOS PEREIRA');
	});

	it('answers 204, an acknowledgement or an empty 200 when asked', async () => {
		const noContent = await send('PATCH', '/clientes/C0001?noContent=1', { ativo: 'FALSE' });
		expect(noContent.status).toBe(204);
		expect(await noContent.text()).toBe('');
		const ack = await send('PATCH', '/clientes/C0001?response=ack', { ativo: 'TRUE' });
		expect(await ack.json()).toMatchObject({ success: true, codigo: 'C0001' });
		const empty = await send('PUT', '/clientes/C0001?response=empty', { nome: 'X' });
		expect(empty.status).toBe(200);
		expect(await empty.text()).toBe('');
		expect(api.state.updates).toBe(3);
	});

	it('uses the updateResponse option as the default', async () => {
		const quiet = await startSampleApi({ records: 10, updateResponse: 'no-content' });
		try {
			const response = await basicFetch(quiet)('/clientes/C0001', {
				method: 'PATCH',
				body: '{"nome":"Y"}',
			});
			expect(response.status).toBe(204);
		} finally {
			await quiet.close();
		}
	});

	it('refuses a codigo change, an unknown customer and a non-object body', async () => {
		expect((await send('PUT', '/clientes/C0001', { codigo: 'C0002' })).status).toBe(409);
		expect((await send('PATCH', '/clientes/C9999', { nome: 'X' })).status).toBe(404);
		expect((await send('PUT', '/clientes/C0001', [1, 2])).status).toBe(400);
		expect((await send('PUT', '/clientes/C0001', '{broken')).status).toBe(400);
		expect(api.state.updates).toBe(0);
	});

	it('reset() brings the records back', async () => {
		await send('PATCH', '/clientes/C0001', { nome: 'CHANGED' });
		api.reset();
		expect(api.state.records[0].nome).toBe('MARIA APARECIDA DA SILVA');
		expect(api.state.updates).toBe(0);
		expect(api.state.requests).toEqual([]);
	});
});

describe('records given by the test', () => {
	it('serves them in codigo order', async () => {
		const small = await startSampleApi({
			records: [
				{ codigo: 'B2', nome: 'second' },
				{ codigo: 'A1', nome: 'first' },
				{ codigo: 'B10', nome: 'third' },
			],
		});
		try {
			const body = (await (await basicFetch(small)('/clientes')).json()) as RawCustomer[];
			expect(body.map((r) => r.nome)).toEqual(['first', 'second', 'third']);
			expect(small.state.invalid).toEqual([]);
		} finally {
			await small.close();
		}
	});
});
