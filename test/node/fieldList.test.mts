import nock from 'nock';
import type { INodeParameters, ResourceMapperField } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CustomerIntegration } from '../../nodes/CustomerIntegration/CustomerIntegration.node';
import { callLoadOptions, callResourceMapping, setupNock } from '../harness/index.mjs';
import { startSampleApi, type SampleApi } from '../sample-api/server.mts';
import {
	API,
	basicCredential,
	basicHeader,
	PASSWORD,
	runCustomerNode,
	updateParametersWith,
} from './customerNode.mjs';

// Update → Define Below: the editor calls methods.resourceMapping.getCustomerFields through n8n-core's
// LoadOptionsContext, with the node's parameters and its real credential.
setupNock();

let api: SampleApi;
beforeAll(async () => {
	api = await startSampleApi({ records: 20, tls: false });
});
afterAll(async () => {
	await api.close();
});

const sampleCredential = () => ({
	baseUrl: api.url,
	username: api.credentials.basic.username,
	password: api.credentials.basic.password,
});

async function fieldsFor(
	parameters: INodeParameters,
	credential = basicCredential,
): Promise<{ fields: ResourceMapperField[]; byId: Map<string, ResourceMapperField> }> {
	const result = await callResourceMapping(
		{
			node: new CustomerIntegration(),
			parameters: {
				authentication: 'basicAuth',
				resource: 'customer',
				...updateParametersWith({}, { columns: { mappingMode: 'defineBelow', value: null } }),
				...parameters,
			},
			credentials: { customerIntegrationApi: credential },
			path: 'parameters.columns',
		},
		'getCustomerFields',
	);
	return { fields: result.fields, byId: new Map(result.fields.map((field) => [field.id, field])) };
}

describe('Update → Define Below lists the fields of the API’s own customers', () => {
	it('reads the list beside the Update path through the credential: its own fields, the known ones marked', async () => {
		const { fields, byId } = await fieldsFor({}, sampleCredential());

		const listRead = api.state.requests.filter((request) => request.path === '/api/clientes');
		expect(listRead).toHaveLength(1);
		expect(listRead[0].auth).toMatchObject({ scheme: 'basic', ok: true });
		// The API's own fields, which the standard list does not know, are offered as the node outputs them.
		for (const own of ['tipo_prestador', 'especialidade', 'pos_graduacao', 'crm']) {
			expect(byId.get(own), own).toMatchObject({ displayName: own, type: 'string' });
		}
		// Known fields under their canonical names (write-back maps them to the API's names), marked validated.
		expect(byId.get('cpf')).toMatchObject({
			displayName: 'CPF (cpf, validated)',
			canBeUsedToMatch: true,
		});
		expect(byId.get('dataNascimento')?.displayName).toBe('Birth Date (dataNascimento, validated)');
		expect(byId.get('ativo')).toMatchObject({ type: 'boolean' });
		expect(byId.has('data_nascimen')).toBe(false);
		// Fields no sampled customer has are not invented.
		expect(byId.has('celular')).toBe(false);
		expect(fields.some((field) => field.id.startsWith('__'))).toBe(false);
	});

	it('types the API’s own fields by their values: numbers, booleans, lists, objects; text when they disagree', async () => {
		nock(API)
			.get('/api/clientes')
			.matchHeader('authorization', basicHeader)
			.reply(200, [
				{
					codigo: 'C1',
					cpf: 52998224725,
					limiteCredito: 1500.5,
					vip: true,
					tags: ['a'],
					extra: '',
					ref: 1,
				},
				{
					codigo: 'C2',
					cpf: '111.444.777-35',
					limiteCredito: 20,
					vip: false,
					tags: [],
					extra: null,
					ref: 'R-2',
				},
			]);

		const { byId } = await fieldsFor({});

		expect(byId.get('limiteCredito')?.type).toBe('number');
		expect(byId.get('vip')?.type).toBe('boolean');
		expect(byId.get('tags')?.type).toBe('array');
		expect(byId.get('extra')?.type).toBe('string');
		expect(byId.get('ref')?.type).toBe('string');
		// A CPF the API stores as a number is still entered as text (a number would lose leading zeros).
		expect(byId.get('cpf')?.type).toBe('string');
	});

	it('reads the Field List Path option when the list lives elsewhere, through the records path of the answer', async () => {
		nock(API)
			.get('/api/v2/clientes/listar')
			.reply(200, { data: [{ codigo: 'C1', nome: 'Ana', segmento: 'VAREJO' }] });

		const { byId } = await fieldsFor(
			updateParametersWith(
				{ fieldListPath: '/v2/clientes/listar' },
				{ columns: { mappingMode: 'defineBelow', value: null } },
			),
		);

		expect([...byId.keys()]).toEqual(['codigo', 'nome', 'segmento']);
	});

	it('falls back to the standard fields, saying why, when the API refuses the credential (and never shows it)', async () => {
		// n8n asks the credential again once on a 401 (its pre-authentication retry), hence two answers.
		nock(API)
			.get('/api/clientes')
			.times(2)
			.reply(401, { error: `bad password ${PASSWORD}` });

		const { fields } = await fieldsFor({});

		expect(fields[0]).toMatchObject({ id: '__standardFieldsOnly', readOnly: true });
		expect(fields[0].displayName).toMatch(
			/^Standard fields only: the API could not be read \(GET \/clientes: .*401/,
		);
		expect(JSON.stringify(fields)).not.toContain(PASSWORD);
		expect(fields.slice(1).map((field) => field.id)).toEqual(
			expect.arrayContaining(['codigo', 'nome', 'cpf', 'cnpj', 'telefone', 'enderecoCep', 'ativo']),
		);
		expect(fields.slice(1)).toHaveLength(22);
	});

	it('falls back when the API is down or answers no customer', async () => {
		// Port 1 on loopback: nothing listens there, the connection is refused at once.
		const down = await fieldsFor({}, { ...basicCredential, baseUrl: 'http://127.0.0.1:1/api' });
		expect(down.fields[0].displayName).toMatch(/could not be read .*connection refused/);

		nock(API).get('/api/clientes').reply(200, []);
		const empty = await fieldsFor({});
		expect(empty.fields[0].displayName).toBe(
			'Standard fields only: GET /clientes answered no customer to read the fields from',
		);
	});

	it('is never a customer field: a value in the notice line is not sent by Update', async () => {
		// Only reachable by hand-editing a workflow (the line is read-only in the editor).
		nock(API)
			.get('/api/clientes/C0001')
			.reply(200, { codigo: 'C0001', telefone: '(11) 98765-4321' })
			.patch('/api/clientes/C0001', { telefone: '(11) 91234-5678' })
			.reply(200, { codigo: 'C0001', telefone: '(11) 91234-5678' });

		const result = await runCustomerNode({
			parameters: updateParametersWith(
				{},
				{
					columns: {
						mappingMode: 'defineBelow',
						value: { codigo: 'C0001', telefone: '+55 11 91234-5678', __standardFieldsOnly: 'x' },
					},
				},
			),
		});

		expect(result.status).toBe('success');
		expect(result.json[0][0]._update).toMatchObject({ applied: true });
	});
});

describe('Required Fields lists the fields of the API’s own customers (methods.loadOptions.getRecordFields)', () => {
	const requiredFieldOptions = async (parameters: INodeParameters, credential = basicCredential) =>
		await callLoadOptions(
			{
				node: new CustomerIntegration(),
				typeVersion: 1,
				parameters: { authentication: 'basicAuth', resource: 'customer', ...parameters },
				credentials: { customerIntegrationApi: credential },
				path: 'parameters.options.requiredFields',
			},
			'getRecordFields',
		);

	it('Get Many: the standard fields the customers have, then the API’s own, and a required one is enforced', async () => {
		const options = await requiredFieldOptions(
			{ operation: 'getAll', path: '/clientes' },
			sampleCredential(),
		);
		const values = options.map((option) => option.value);
		expect(values.slice(0, 2)).toEqual(['nome', 'codigo']);
		expect(values).toEqual(expect.arrayContaining(['crm', 'tipo_prestador', 'especialidade']));
		expect(options.find((option) => option.value === 'cpf')).toMatchObject({
			name: 'CPF',
			description: 'cpf, a standard field (validated)',
		});
		expect(values).not.toContain('celular');

		// crm is the API's own field; C0007 has it empty: picked from this list, it is enforced.
		const result = await runCustomerNode({
			credential: sampleCredential(),
			parameters: {
				operation: 'getAll',
				path: '/clientes',
				returnAll: true,
				validationMode: 'route',
				options: { requiredFields: ['crm'] },
			},
		});
		const invalid = result.json[1].find((item) => item.codigo === 'C0007');
		expect(invalid?._validation).toMatchObject({
			issues: expect.arrayContaining([expect.objectContaining({ field: 'crm', rule: 'required' })]),
		});
	});

	it('Update reads its Field List Path; the standard fields, saying why, when the API cannot be read', async () => {
		nock(API)
			.get('/api/v2/todos')
			.reply(200, [{ codigo: 'C1', segmento: 'VAREJO' }]);
		const update = await requiredFieldOptions(updateParametersWith({ fieldListPath: '/v2/todos' }));
		expect(update.map((option) => option.value)).toEqual(['codigo', 'segmento']);

		nock(API)
			.get('/api/clientes')
			.times(2)
			.reply(401, { error: `bad password ${PASSWORD}` });
		const fallback = await requiredFieldOptions({ operation: 'get', path: '/clientes/{cpf}' });
		expect(fallback).toHaveLength(22);
		expect(fallback[0].description).toMatch(
			/^Standard field; the API could not be read \(GET \/clientes: .*401/,
		);
		expect(JSON.stringify(fallback)).not.toContain(PASSWORD);
	});
});
