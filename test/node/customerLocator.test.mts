import { readFileSync } from 'node:fs';

import nock from 'nock';
import type { INode, INodeParameters, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { CustomerIntegration } from '../../nodes/CustomerIntegration/CustomerIntegration.node';
import { callListSearch, setupNock } from '../harness/index.mjs';
import { startSampleApi, type SampleApi } from '../sample-api/server.mts';
import { API, basicCredential, PASSWORD, runCustomerNode } from './customerNode.mjs';

// Get 1.1 picks its customer with one resource locator; version 1 workflows keep Look Up By + Value.
setupNock();

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

const locate = (mode: string, value: string, extra: INodeParameters = {}): INodeParameters => ({
	operation: 'get',
	customer: { __rl: true, mode, value },
	path: '/clientes',
	method: 'GET',
	keyLocation: 'query',
	...extra,
});

/** The query of the lookups the sample API received. */
const lookupQueries = () =>
	api.state.requests.filter((request) => request.path === '/api/clientes').map((r) => r.query);

describe('Get 1.1: the Customer locator, run through the engine', () => {
	it.each([
		['cpf', '529.982.247-25', '?cpf=52998224725', 'C0001'],
		['cnpj', '12.abc.345/01de-35', '?cnpj=12ABC34501DE35', 'C0002'],
		['codigo', 'C0003', '?codigo=C0003', 'C0003'],
		['email', 'mailto:maria.silva@example.com.br', '?email=maria.silva%40example.com.br', 'C0001'],
		['telefone', 'tel:(11) 98765-4321', '?telefone=11987654321', 'C0001'],
	])('By %s %s asks %s and finds %s', async (mode, value, query, codigo) => {
		const result = await runCustomerNode({
			credential: credential(),
			typeVersion: 1.1,
			parameters: locate(mode, value),
		});

		expect(result.error).toBeUndefined();
		expect(lookupQueries()).toEqual([query]);
		expect(result.json[0].map((item) => item.codigo)).toEqual([codigo]);
	});

	it('By Other Field sends the Field Name given beside it', async () => {
		const result = await runCustomerNode({
			credential: credential(),
			typeVersion: 1.1,
			parameters: locate('custom', '123456', { customFieldName: 'crm' }),
		});

		expect(lookupQueries()).toEqual(['?crm=123456']);
		expect(result.json[0].map((item) => item.codigo)).toEqual(['C0001']);
	});

	it('From List: the picked value names its field; a bare value from an expression is a CPF, a CNPJ or a code', async () => {
		const picked = await runCustomerNode({
			credential: credential(),
			typeVersion: 1.1,
			parameters: locate('list', 'cnpj:11222333000181'),
		});
		expect(picked.json[0].map((item) => item.codigo)).toEqual(['C0003']);

		api.reset();
		const input = [{ json: { ref: '111.444.777-35' } }, { json: { ref: 'C0002' } }];
		const bare = await runCustomerNode({
			credential: credential(),
			typeVersion: 1.1,
			input,
			parameters: locate('list', '={{ $json.ref }}'),
		});
		expect(lookupQueries()).toEqual(['?cpf=11144477735', '?codigo=C0002']);
		expect(bare.json[0].map((item) => item.codigo)).toEqual(['C0004', 'C0002']);
	});

	it('a CPF that fails its check digits fails the item, naming it, the field and no full CPF, before any request', async () => {
		const result = await runCustomerNode({
			credential: credential(),
			typeVersion: 1.1,
			parameters: locate('cpf', '529.982.247-24'),
		});

		expect(result.error?.message).toMatch(/^Item 0: the CPF to look up is not valid/);
		expect(JSON.stringify(result.run.data.resultData)).not.toContain('52998224724');
		expect(lookupQueries()).toEqual([]);
	});

	it('an expression per item works in any mode, as Value did', async () => {
		const result = await runCustomerNode({
			credential: credential(),
			typeVersion: 1.1,
			input: [{ json: { doc: '52998224725' } }, { json: { doc: '11144477735' } }],
			parameters: locate('cpf', '={{ $json.doc }}'),
		});

		expect(result.json[0].map((item) => item.codigo)).toEqual(['C0001', 'C0004']);
	});
});

describe('version 1 workflows keep running unchanged', () => {
	it('the demo workflow saved with version 1 (Look Up By + Value) runs as it always did', async () => {
		const demo = JSON.parse(
			readFileSync(new URL('../../demo/workflows/lookup-by-cpf.json', import.meta.url), 'utf8'),
		) as { nodes: INode[] };
		const saved = demo.nodes.find((node) => node.type.endsWith('.customerIntegration'));
		expect(saved?.typeVersion).toBe(1);
		expect(saved?.parameters).toMatchObject({ lookupField: 'cpf', lookupValue: '529.982.247-25' });

		const result = await runCustomerNode({
			credential: credential(),
			typeVersion: saved?.typeVersion,
			parameters: saved?.parameters as INodeParameters,
		});

		expect(result.error).toBeUndefined();
		expect(lookupQueries()).toEqual(['?cpf=52998224725']);
		expect(result.json[0][0]).toMatchObject({ nome: 'MARIA APARECIDA DA SILVA', codigo: 'C0001' });
	});

	it('version 1 with a custom field, and a new node defaulting to 1.1 with By CPF', async () => {
		const v1 = await runCustomerNode({
			credential: credential(),
			typeVersion: 1,
			parameters: {
				operation: 'get',
				lookupField: 'custom',
				customFieldName: 'crm',
				lookupValue: '654321',
			},
		});
		expect(v1.json[0].map((item) => item.codigo)).toEqual(['C0004']);

		const description = new CustomerIntegration().description;
		expect(description.defaultVersion).toBe(1.1);
		const locator = description.properties.find((property) => property.name === 'customer');
		expect(locator?.default).toEqual({ mode: 'cpf', value: '' });
	});
});

/** The issues n8n's editor shows for the node's parameters (NodeHelpers.getNodeParametersIssues). */
function editorIssues(parameters: INodeParameters, typeVersion = 1.1): Record<string, string[]> {
	const description: INodeTypeDescription = new CustomerIntegration().description;
	const node: INode = {
		id: 'n',
		name: 'Customer Integration',
		type: 'n8n-nodes-customer-integration.customerIntegration',
		typeVersion,
		position: [0, 0],
		parameters: {
			authentication: 'basicAuth',
			resource: 'customer',
			path: '/clientes',
			...parameters,
		},
	};
	const values = NodeHelpers.getNodeParameters(
		description.properties,
		node.parameters,
		true,
		false,
		node,
		description,
	);
	node.parameters = values ?? {};
	const issues = NodeHelpers.getNodeParametersIssues(description.properties, node, description);
	return (issues?.parameters ?? {}) as Record<string, string[]>;
}

describe('the editor checks each mode as it is typed (the validation n8n runs on the locator)', () => {
	it.each([
		['cpf', '529.982.247-25'],
		['cpf', '52998224725'],
		['cnpj', '11.222.333/0001-81'],
		['cnpj', '12ABC34501DE35'],
		['codigo', 'C0001'],
		['email', 'maria.silva@example.com.br'],
		['telefone', '(11) 98765-4321'],
		['telefone', '+55 11 98765-4321'],
		['cpf', '={{ $json.cpf }}'],
	])('%s %s passes', (mode, value) => {
		expect(editorIssues({ operation: 'get', customer: { __rl: true, mode, value } })).toEqual({});
	});

	it.each([
		['cpf', '529.982.247', 'A CPF has 11 digits'],
		['cpf', 'Maria', 'A CPF has 11 digits'],
		['cnpj', '11.222.333/0001', 'A CNPJ has 14 characters'],
		['email', 'maria.silva', 'Enter an email address'],
		['telefone', '98765', 'Enter a phone number with its area code'],
	])('%s %s is flagged', (mode, value, message) => {
		const issues = editorIssues({ operation: 'get', customer: { __rl: true, mode, value } });
		expect(issues.customer?.join(' ')).toContain(message);
	});

	it('shows the Field Name for By Other Field only, and Look Up By only in version 1', () => {
		const description = new CustomerIntegration().description;
		const shown = (parameters: INodeParameters, typeVersion: number) => {
			const node = { typeVersion } as INode;
			const values = NodeHelpers.getNodeParameters(
				description.properties,
				{ resource: 'customer', operation: 'get', ...parameters },
				true,
				false,
				node,
				description,
			);
			return Object.keys(values ?? {});
		};
		expect(shown({ customer: { __rl: true, mode: 'custom', value: 'x' } }, 1.1)).toContain(
			'customFieldName',
		);
		expect(shown({ customer: { __rl: true, mode: 'cpf', value: 'x' } }, 1.1)).not.toContain(
			'customFieldName',
		);
		expect(shown({}, 1.1)).not.toContain('lookupField');
		expect(shown({}, 1)).toEqual(expect.arrayContaining(['lookupField', 'lookupValue']));
		expect(shown({}, 1)).not.toContain('customer');
	});
});

describe('From List: methods.listSearch.searchCustomers, as the editor calls it', () => {
	const search = async (filter?: string, extra: INodeParameters = {}, cred = credential()) =>
		await callListSearch(
			{
				node: new CustomerIntegration(),
				typeVersion: 1.1,
				parameters: {
					authentication: 'basicAuth',
					resource: 'customer',
					...locate('list', ''),
					...extra,
				},
				credentials: { customerIntegrationApi: cred },
				path: 'parameters.customer',
			},
			'searchCustomers',
			filter,
		);

	it('lists the first page through the credential: name and masked document, never a full one', async () => {
		const { results } = await search();

		expect(results.length).toBe(20);
		expect(results[0]).toEqual({
			name: 'MARIA APARECIDA DA SILVA · ***.***.***-25',
			value: 'cpf:52998224725',
		});
		expect(results[1]).toEqual({
			name: 'CLÍNICA ABC SAÚDE LTDA · **.***.***/****-35',
			value: 'cnpj:12ABC34501DE35',
		});
		// The seed's placeholder CPF is no document: that customer is picked by its code.
		expect(results.find((result) => result.value === 'codigo:C0005')?.name).toBe(
			'JOÃO DA SILVA · code C0005',
		);
		for (const { name } of results) expect(name).not.toMatch(/\d{11}|\d{3}\.\d{3}\.\d{3}-\d{2}/);
		expect(lookupQueries()).toEqual(['']);
	});

	it('narrows by name without case or accents, and by document however it is typed', async () => {
		expect((await search('joao da')).results.map((result) => result.value)).toEqual([
			'codigo:C0005',
		]);
		expect((await search('529.982')).results.map((result) => result.value)).toEqual([
			'cpf:52998224725',
		]);
		expect((await search('clinica')).results.map((result) => result.value)).toEqual([
			'cnpj:12ABC34501DE35',
		]);
	});

	it('lets the API search with List Search Parameter, on the List Search Path', async () => {
		nock(API)
			.get('/api/v2/busca')
			.query({ q: 'ana' })
			.reply(200, { data: [{ codigo: 'X9', nome: 'Ana Souza', cpf: '529.982.247-25' }] });

		const { results } = await search(
			'ana',
			{ options: { listSearchParameter: 'q', listSearchPath: '/v2/busca' } },
			basicCredential,
		);

		expect(results).toEqual([{ name: 'Ana Souza · ***.***.***-25', value: 'cpf:52998224725' }]);
	});

	it('says why it cannot list, without the credential', async () => {
		nock(API)
			.get('/api/clientes')
			.times(2)
			.reply(401, { error: `wrong password ${PASSWORD}` });

		const failure = await search(undefined, {}, basicCredential).catch((error: Error) => error);

		expect(failure).toBeInstanceOf(Error);
		expect((failure as Error).message).toMatch(/^Could not list customers: .*401/);
		expect(JSON.stringify(failure)).not.toContain(PASSWORD);
	});

	it('a picked customer is then found by Get', async () => {
		const { results } = await search('hospital');
		api.reset();

		const result = await runCustomerNode({
			credential: credential(),
			typeVersion: 1.1,
			parameters: locate('list', results[0].value as string),
		});

		expect(lookupQueries()).toEqual(['?cnpj=11222333000181']);
		expect(result.json[0][0]).toMatchObject({ codigo: 'C0003', nome: 'HOSPITAL EXEMPLO S.A.' });
	});
});
