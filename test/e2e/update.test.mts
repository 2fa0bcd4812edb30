import type { IRun } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { executeWorkflow } from '../../scripts/n8n-runtime/n8n.mts';
import type { RawCustomer } from '../sample-api/server.mts';
import {
	basicCredential,
	customerNode,
	outputItems,
	prepareE2e,
	TRIGGER,
	workflow,
	type E2e,
} from './support.mts';

const WORKFLOW_ID = 'e2eUpdateThenGet';
const UPDATE_NODE = 'Update Customer';
const GET_NODE = 'Get Customer';
const CODE = 'C0001';

let e2e: E2e;
let before: RawCustomer;
let after: RawCustomer;
let run: IRun;

const storedRecord = (): RawCustomer => {
	const record = e2e.api.state.records.find((each) => each.codigo === CODE);
	if (!record) throw new Error(`${CODE} is not in the sample API`);
	return structuredClone(record);
};

beforeAll(async () => {
	e2e = await prepareE2e({
		api: { records: 20 },
		credentials: (api) => [basicCredential(api)],
		workflows: workflow(
			WORKFLOW_ID,
			'E2E: Update then Get',
			[
				customerNode(UPDATE_NODE, {
					operation: 'update',
					path: '/clientes/{codigo}',
					method: 'PATCH',
					// Typed the way a user would, in canonical names and normalized formats.
					columns: {
						mappingMode: 'defineBelow',
						value: { codigo: CODE, dataNascimento: '1985-03-20', telefone: '+55 11 91234-5678' },
					},
				}),
				customerNode(GET_NODE, {
					operation: 'get',
					lookupField: 'codigo',
					lookupValue: CODE,
					path: '/clientes/{codigo}',
					keyLocation: 'path',
				}),
			],
			[
				[TRIGGER, UPDATE_NODE],
				[UPDATE_NODE, GET_NODE],
			],
		),
	});
	before = storedRecord();
	run = await executeWorkflow(e2e.env, WORKFLOW_ID);
	after = storedRecord();
});

afterAll(async () => {
	await e2e?.close();
});

describe('Update then Get through the real n8n', () => {
	it("the API's stored record changed in the edited fields only, in the API's own formats", () => {
		const changed = Object.keys({ ...before, ...after }).filter(
			(key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
		);
		expect(changed.sort()).toEqual(['data_nascimen', 'telefone']);
		// C0001 stores dd/mm/yyyy under the truncated key, and a masked phone.
		expect(before).toMatchObject({ data_nascimen: '15/03/1985', telefone: '(11) 98765-4321' });
		expect(after).toMatchObject({ data_nascimen: '20/03/1985', telefone: '(11) 91234-5678' });
	});

	it('sent one PATCH with only the changes, after reading the record', () => {
		expect(e2e.api.state.updateLog).toHaveLength(1);
		expect(e2e.api.state.updateLog[0]).toMatchObject({
			method: 'PATCH',
			codigo: CODE,
			body: { data_nascimen: '20/03/1985', telefone: '(11) 91234-5678' },
		});
		expect(Object.keys(e2e.api.state.updateLog[0].body).sort()).toEqual([
			'data_nascimen',
			'telefone',
		]);
		expect(e2e.api.state.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			`GET /api/clientes/${CODE}`,
			`PATCH /api/clientes/${CODE}`,
			`GET /api/clientes/${CODE}`,
		]);
	});

	it('Update outputs the stored record normalized, marked as applied', () => {
		expect(outputItems(run, UPDATE_NODE)).toEqual([
			expect.objectContaining({
				codigo: CODE,
				dataNascimento: '1985-03-20',
				telefone: '+5511912345678',
				_update: { applied: true, method: 'PATCH', status: 200 },
			}),
		]);
	});

	it('the following Get shows the change, and every other field as before', () => {
		const [customer] = outputItems(run, GET_NODE);
		expect(customer).toMatchObject({
			codigo: CODE,
			dataNascimento: '1985-03-20',
			telefone: '+5511912345678',
		});
		const updateItem = outputItems(run, UPDATE_NODE)[0];
		const { _update: _, ...updatedRecord } = updateItem;
		expect(customer).toEqual(updatedRecord);
		expect(customer).toMatchObject({
			cpf: '52998224725',
			telefone2: '+551134567890',
			enderecoCep: '01310200',
			email: 'maria.silva@example.com.br',
		});
	});
});
