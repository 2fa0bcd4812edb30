import type { IRun } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { executeWorkflow } from '../../scripts/n8n-runtime/n8n.mts';
import {
	basicCredential,
	customerNode,
	outputItems,
	prepareE2e,
	TRIGGER,
	workflow,
	type E2e,
} from './support.mts';

const WORKFLOW_ID = 'e2eGetByKey';

/** One Get node per key type, all fed by the trigger, so one `n8n execute` covers them all. */
const LOOKUPS = {
	'By CPF': { lookupField: 'cpf', lookupValue: '529.982.247-25' },
	'By Alphanumeric CNPJ': { lookupField: 'cnpj', lookupValue: '12.abc.345/01de-35' },
	'By Numeric CNPJ': { lookupField: 'cnpj', lookupValue: '11.222.333/0001-81' },
	'By Code': {
		lookupField: 'codigo',
		lookupValue: 'C0004',
		path: '/clientes/{codigo}',
		keyLocation: 'path',
	},
	'By Email': {
		lookupField: 'email',
		lookupValue: 'maria.silva@example.com.br',
		path: '/clientes/busca',
		method: 'POST',
		keyLocation: 'body',
	},
	'By Phone': { lookupField: 'telefone', lookupValue: '+55 (11) 98765-4321' },
} as const;

/** Get 1.1 nodes: the locator's modes, a From List pick by the value the list gives. */
const LOCATED = {
	'Locator By CPF': { __rl: true, mode: 'cpf', value: '529.982.247-25' },
	'Locator From List': { __rl: true, mode: 'list', value: 'cnpj:11222333000181' },
} as const;

let e2e: E2e;
let run: IRun;

beforeAll(async () => {
	const nodes = [
		...Object.entries(LOOKUPS).map(([name, lookup]) =>
			customerNode(name, { operation: 'get', path: '/clientes', ...lookup }),
		),
		// Version 1.1, what a new node gets: the Customer locator instead of Look Up By + Value.
		...Object.entries(LOCATED).map(([name, customer]) => ({
			...customerNode(name, { operation: 'get', path: '/clientes', customer }),
			typeVersion: 1.1,
		})),
	];
	e2e = await prepareE2e({
		api: { records: 20 },
		credentials: (api) => [basicCredential(api)],
		workflows: workflow(
			WORKFLOW_ID,
			'E2E: Get by every key type',
			nodes,
			nodes.map((each) => [TRIGGER, each.name]),
		),
	});
	run = await executeWorkflow(e2e.env, WORKFLOW_ID);
});

afterAll(async () => {
	await e2e?.close();
});

/** C0001 as the API stores it (masked CPF, dd/mm/yyyy, masked phones) after Get. */
const MARIA = {
	codigo: 'C0001',
	nome: 'MARIA APARECIDA DA SILVA',
	cpf: '52998224725',
	dataNascimento: '1985-03-15',
	crm: '123456',
	email: 'maria.silva@example.com.br',
	telefone: '+5511987654321',
	telefone2: '+551134567890',
	estadoCivil: 'CASADO(A)',
	genero: 'F',
	rg: '123456789',
	tipo_prestador: 'PESSOA FÍSICA',
	especialidade: 'DERMATOLOGISTA',
	enderecoLogradouro: 'AVENIDA PAULISTA',
	enderecoNumero: '1578',
	enderecoComplemento: 'CONJ 101',
	enderecoBairro: 'BELA VISTA',
	enderecoCep: '01310200',
	enderecoCidade: 'SÃO PAULO',
	enderecoEstado: 'SP',
	pos_graduacao: 'SIM',
	ativo: true,
};

describe('Get through the real n8n, Basic Auth over HTTPS', () => {
	it('the run succeeds and every lookup node ran once', () => {
		expect(run.status).toBe('success');
		for (const name of [...Object.keys(LOOKUPS), ...Object.keys(LOCATED)]) {
			expect(run.data.resultData.runData[name], name).toHaveLength(1);
		}
	});

	it('by CPF (masked): one flat item, canonical names, normalized values', () => {
		expect(outputItems(run, 'By CPF')).toEqual([MARIA]);
	});

	it('by alphanumeric CNPJ typed masked in lowercase: found, CNPJ canonical upper-case digits', () => {
		expect(outputItems(run, 'By Alphanumeric CNPJ')).toEqual([
			expect.objectContaining({
				codigo: 'C0002',
				cnpj: '12ABC34501DE35',
				telefone: '+558332221100',
				enderecoCep: '58039000',
				enderecoEstado: 'PB',
				ativo: true,
			}),
		]);
	});

	it('by numeric CNPJ: an inactive company, ativo "FALSE" becomes false', () => {
		expect(outputItems(run, 'By Numeric CNPJ')).toEqual([
			expect.objectContaining({
				codigo: 'C0003',
				cnpj: '11222333000181',
				telefone: '+552125550100',
				telefone2: '+552125550101',
				ativo: false,
			}),
		]);
	});

	it('by code in a path template: the nested endereco object is flattened, e-mail kept as stored', () => {
		const [jose] = outputItems(run, 'By Code');
		expect(jose).toMatchObject({
			codigo: 'C0004',
			cpf: '11144477735',
			dataNascimento: '1972-02-29',
			// The local part of an address may be case-sensitive (RFC 5321): the node does not fold it.
			email: 'JOSE.PEREIRA@EXAMPLE.ORG',
			telefone: '+5541998765432',
			enderecoLogradouro: 'RUA DAS FLORES',
			enderecoCep: '80010000',
			enderecoCidade: 'CURITIBA',
			enderecoEstado: 'PR',
		});
		expect(jose).not.toHaveProperty('endereco');
	});

	it('by e-mail with POST and a JSON body, and by phone: the same customer as by CPF', () => {
		expect(outputItems(run, 'By Email')).toEqual([MARIA]);
		expect(outputItems(run, 'By Phone')).toEqual([MARIA]);
	});

	it('version 1.1: the Customer locator by CPF, and a customer picked From List, are found', () => {
		expect(outputItems(run, 'Locator By CPF')).toEqual([MARIA]);
		expect(outputItems(run, 'Locator From List')).toEqual([
			expect.objectContaining({ codigo: 'C0003', cnpj: '11222333000181' }),
		]);
	});

	it('the API received each key unmasked, and Basic Auth on every request', () => {
		const requests = e2e.api.state.requests.map((request) => ({
			method: request.method,
			url: request.path + request.query,
			status: request.status,
		}));
		expect(requests).toEqual(
			expect.arrayContaining([
				{ method: 'GET', url: '/api/clientes?cpf=52998224725', status: 200 },
				{ method: 'GET', url: '/api/clientes?cnpj=12ABC34501DE35', status: 200 },
				{ method: 'GET', url: '/api/clientes?cnpj=11222333000181', status: 200 },
				{ method: 'GET', url: '/api/clientes/C0004', status: 200 },
				{ method: 'POST', url: '/api/clientes/busca', status: 200 },
				{ method: 'GET', url: '/api/clientes?telefone=11987654321', status: 200 },
			]),
		);
		// The two version 1.1 nodes ask again by CPF and by the picked CNPJ.
		expect(
			requests.filter((request) => request.url === '/api/clientes?cpf=52998224725'),
		).toHaveLength(2);
		expect(
			requests.filter((request) => request.url === '/api/clientes?cnpj=11222333000181'),
		).toHaveLength(2);
		expect(requests).toHaveLength(8);
		for (const request of e2e.api.state.requests) {
			expect(request.auth).toEqual({ scheme: 'basic', ok: true, user: 'demo' });
		}
	});
});
