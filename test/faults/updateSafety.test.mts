/**
 * Update under faults: an invalid record is never sent, one failing record neither stops nor
 * duplicates the others, every output item says whether its update was applied, and a write whose
 * outcome is unknown (a POST that timed out) is not repeated. The sample API's own update log is
 * the proof of what reached the customer system.
 */

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { runCustomerNode, updateParametersWith } from '../node/customerNode.mjs';
import type { FaultPlan } from '../sample-api/faults.mts';
import type { RawCustomer, SampleApi } from '../sample-api/server.mts';
import {
	basicCredentialOf,
	FAST_REQUESTS,
	nodeErrorOf,
	sampleApis,
	SLOW_MS,
	TRANSIENT_FAULTS,
} from './support.mjs';

const startApi = sampleApis();

const code = (n: number) => `C${String(n).padStart(4, '0')}`;

const RECORDS: RawCustomer[] = Array.from({ length: 12 }, (_, index) => ({
	codigo: code(index + 1),
	nome: `CLIENTE ${index + 1}`,
	email: `cliente${index + 1}@example.com.br`,
	telefone: '(11) 98765-4321',
	endereco_estado: 'SP',
}));

/** Broken by one rule each; the node must never send them. */
const INVALID_CHANGES: Record<string, IDataObject> = {
	C0003: { cpf: '529.982.247-24' },
	C0006: { email: 'sem-arroba' },
	C0009: { telefone: '(20) 98765-4321' },
};

function inputItems(): INodeExecutionData[] {
	return RECORDS.map((record, index) => ({
		json: {
			codigo: String(record.codigo),
			nome: `NOVO NOME ${index + 1}`,
			...INVALID_CHANGES[String(record.codigo)],
		},
	}));
}

function updateParameters(extra: INodeParameters = {}): INodeParameters {
	return updateParametersWith(FAST_REQUESTS, extra);
}

/** How many updates the API stored per customer code. */
function storedUpdates(api: SampleApi): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const entry of api.state.updateLog) counts[entry.codigo] = (counts[entry.codigo] ?? 0) + 1;
	return counts;
}

function requestsTo(api: SampleApi, method: string, codigo: string): number {
	return api.state.requests.filter(
		(request) => request.method === method && request.path === `/api/clientes/${codigo}`,
	).length;
}

/** Transient faults on reads and writes, decided before the write takes effect. */
const WRITE_FAULTS: FaultPlan = {
	seed: 99,
	rate: 0.35,
	// 'slow' is left out: a write that times out is stored late and retried, so it lands twice
	// (harmless for PUT/PATCH, see below), which would blur "exactly once" here.
	kinds: TRANSIENT_FAULTS.filter((kind) => kind !== 'slow'),
};

const VALID_CODES = RECORDS.map((record) => String(record.codigo)).filter(
	(codigo) => !(codigo in INVALID_CHANGES),
);

describe('invalid records are never sent', () => {
	it('route mode: valid records written once each, invalid ones on the second output as not sent', async () => {
		const api = await startApi({ records: RECORDS, faults: WRITE_FAULTS });

		const result = await runCustomerNode({
			credential: basicCredentialOf(api),
			parameters: updateParameters({ validationMode: 'route' }),
			input: inputItems(),
		});

		expect(result.status).toBe('success');
		expect(api.state.faults.length).toBeGreaterThanOrEqual(3);
		expect(storedUpdates(api)).toEqual(Object.fromEntries(VALID_CODES.map((c) => [c, 1])));
		for (const codigo of Object.keys(INVALID_CHANGES)) {
			// Not even read: validation runs before any request.
			expect(requestsTo(api, 'GET', codigo) + requestsTo(api, 'PATCH', codigo)).toBe(0);
		}
		const [written, notSent] = result.json;
		expect(written.map((item) => item.codigo)).toEqual(VALID_CODES);
		for (const item of written) {
			expect(item._update).toEqual({ applied: true, method: 'PATCH', status: 200 });
		}
		expect(notSent.map((item) => item.codigo)).toEqual(Object.keys(INVALID_CHANGES));
		for (const item of notSent) {
			expect(item._update).toEqual({ applied: false, outcome: 'notSent' });
			expect((item._validation as { issues: unknown[] }).issues).toHaveLength(1);
		}
		// The stored change is the edit, in the API's own field name.
		expect(api.state.updateLog.find((entry) => entry.codigo === 'C0001')?.body).toEqual({
			nome: 'NOVO NOME 1',
		});
		console.info(
			`update, route: ${api.state.requests.length} requests, ${api.state.faults.length} faults injected, ${api.state.updates} updates stored`,
		);
	});

	it('strict mode with continue on error: invalid items become error items, the rest are written', async () => {
		const api = await startApi({ records: RECORDS, faults: WRITE_FAULTS });

		const result = await runCustomerNode({
			credential: basicCredentialOf(api),
			parameters: updateParameters(),
			input: inputItems(),
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.status).toBe('success');
		expect(storedUpdates(api)).toEqual(Object.fromEntries(VALID_CODES.map((c) => [c, 1])));
		const items = result.json[0];
		expect(items).toHaveLength(RECORDS.length);
		expect(result.outputs[0].map((item) => item.pairedItem)).toEqual(
			RECORDS.map((_, index) => ({ item: index })),
		);
		expect(items[2]).toEqual({
			error:
				"Item 2: the record is invalid and was not sent - cpf: check digits do not match ('***.***.***-24')",
			errorDescription:
				'Invalid records are never sent to the customer API. Fix the fields named above.',
			_update: { applied: false, outcome: 'notSent' },
		});
		expect(items[5].error).toMatch(/^Item 5: the record is invalid and was not sent - email: /);
		expect(items[8].error).toMatch(/^Item 8: the record is invalid and was not sent - telefone: /);
		for (const index of [0, 1, 3, 4, 6, 7, 9, 10, 11]) {
			expect(items[index]._update).toEqual({ applied: true, method: 'PATCH', status: 200 });
		}
	});
	it('a field given twice, under two of its names, is checked under both: a bad second value is not sent either', async () => {
		const api = await startApi({ records: RECORDS });

		const result = await runCustomerNode({
			credential: basicCredentialOf(api),
			parameters: updateParameters(),
			input: [
				// `CPF` and `nr_cpf` are names of the CPF field; mapping keeps them beside `cpf`.
				{ json: { codigo: 'C0001', cpf: '529.982.247-25', CPF: 'not-a-cpf', nr_cpf: '123' } },
				{ json: { codigo: 'C0002', telefone: '(11) 98765-4321', fone: '(11) 3456-7890' } },
			],
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.status).toBe('success');
		expect(requestsTo(api, 'GET', 'C0001') + requestsTo(api, 'PATCH', 'C0001')).toBe(0);
		const [first, second] = result.json[0];
		expect(first.error).toMatch(
			/^Item 0: the record is invalid and was not sent - CPF: .*; nr_cpf: /,
		);
		expect(first._update).toEqual({ applied: false, outcome: 'notSent' });
		// A valid second name is written, in the format the API uses for its phones.
		expect(second._update).toEqual({ applied: true, method: 'PATCH', status: 200 });
		expect(api.state.updateLog.find((entry) => entry.codigo === 'C0002')?.body).toMatchObject({
			fone: '(11) 3456-7890',
		});
	});
});

describe('one failing record neither stops nor duplicates the others', () => {
	it('a PATCH rejected with 500 fails only its own item; every other record is written exactly once', async () => {
		const api = await startApi({
			records: RECORDS,
			faults: {
				...WRITE_FAULTS,
				script: [
					{
						match: (path, request) => request.method === 'PATCH' && path === '/api/clientes/C0005',
						respond: '500',
					},
				],
			},
		});
		const input = RECORDS.map((record) => ({
			json: { codigo: String(record.codigo), nome: 'NOVO' },
		}));

		const result = await runCustomerNode({
			credential: basicCredentialOf(api),
			// No 'slow' fault here: a Timeout of 1 s only measured how loaded the machine was.
			parameters: updateParameters({ options: { ...FAST_REQUESTS, timeoutSeconds: 30 } }),
			input,
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.status).toBe('success');
		// Which items failed, and why, before counting the writes: a miss then names its cause.
		expect(
			result.json[0].filter((item) => item.error !== undefined).map((item) => item.error),
		).toEqual(['Item 4: the customer API rejected PATCH /clientes/C0005 with HTTP 500']);
		const expected = Object.fromEntries(
			RECORDS.map((record) => [record.codigo, 1]).filter(([codigo]) => codigo !== 'C0005'),
		);
		expect(storedUpdates(api)).toEqual(expected);
		expect(requestsTo(api, 'PATCH', 'C0005')).toBe(1);
		const items = result.json[0];
		expect(items).toHaveLength(RECORDS.length);
		expect(items[4]).toMatchObject({
			error: 'Item 4: the customer API rejected PATCH /clientes/C0005 with HTTP 500',
			_update: { applied: false, outcome: 'failed' },
		});
		const applied = items.filter((item) => (item._update as IDataObject).applied === true);
		expect(applied.map((item) => item.codigo)).toEqual(Object.keys(expected));
		console.info(
			`update, one failing: ${api.state.requests.length} requests, ${api.state.faults.length} faults injected, ${api.state.updates} updates stored`,
		);
	});
});

describe('timeouts of writes', () => {
	const slowFirst = (method: string): FaultPlan => ({
		seed: 1,
		slowMs: SLOW_MS,
		script: [{ match: (_path, request) => request.method === method, respond: 'slow' }],
	});

	it('a POST that timed out is "outcome unknown" and is not sent again', async () => {
		const api = await startApi({ records: RECORDS, faults: slowFirst('POST') });

		const result = await runCustomerNode({
			credential: basicCredentialOf(api),
			parameters: updateParameters({ method: 'POST' }),
			input: [{ json: { codigo: 'C0001', nome: 'NOVO NOME' } }],
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.json[0]).toEqual([
			{
				error:
					'Item 0: outcome unknown - POST /clientes/C0001 timed out after 1000 ms and was not retried',
				errorDescription: expect.stringMatching(/may or may not have applied this change/),
				_update: { applied: 'unknown', outcome: 'unknown' },
			},
		]);
		expect(requestsTo(api, 'POST', 'C0001')).toBe(1);
	});

	it('without continue on error the same POST fails the run with that message', async () => {
		const api = await startApi({ records: RECORDS, faults: slowFirst('POST') });

		const result = await runCustomerNode({
			credential: basicCredentialOf(api),
			parameters: updateParameters({ method: 'POST' }),
			input: [{ json: { codigo: 'C0001', nome: 'NOVO NOME' } }],
		});

		const error = nodeErrorOf(result);
		// Named NodeApiError for n8n; the message (and, with continue on error, _update) says the outcome is unknown.
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe(
			'Item 0: outcome unknown - POST /clientes/C0001 timed out after 1000 ms and was not retried',
		);
		expect(requestsTo(api, 'POST', 'C0001')).toBe(1);
	});

	it('a POST answered 503 is not repeated either; a POST answered 429 is (the API refused it unread)', async () => {
		const api = await startApi({
			records: RECORDS,
			faults: {
				seed: 1,
				script: [
					{ match: (path, r) => r.method === 'POST' && path.endsWith('/C0001'), respond: '503' },
					{ match: (path, r) => r.method === 'POST' && path.endsWith('/C0002'), respond: '429' },
				],
			},
		});

		const result = await runCustomerNode({
			credential: basicCredentialOf(api),
			parameters: updateParameters({ method: 'POST' }),
			input: [
				{ json: { codigo: 'C0001', nome: 'NOVO 1' } },
				{ json: { codigo: 'C0002', nome: 'NOVO 2' } },
			],
			settings: { onError: 'continueRegularOutput' },
		});

		expect(requestsTo(api, 'POST', 'C0001')).toBe(1);
		expect(result.json[0][0]).toMatchObject({
			error: 'Item 0: the customer API rejected POST /clientes/C0001 with HTTP 503',
			_update: { applied: false, outcome: 'failed' },
		});
		expect(requestsTo(api, 'POST', 'C0002')).toBe(2);
		expect(result.json[0][1]._update).toEqual({ applied: true, method: 'POST', status: 200 });
		expect(storedUpdates(api)).toEqual({ C0002: 1 });
	});

	for (const method of ['PUT', 'PATCH'] as const) {
		it(`a ${method} that timed out IS retried (sending the same change twice is harmless)`, async () => {
			const api = await startApi({ records: RECORDS, faults: slowFirst(method) });

			const result = await runCustomerNode({
				credential: basicCredentialOf(api),
				parameters: updateParameters({ method }),
				input: [{ json: { codigo: 'C0001', nome: 'NOVO NOME' } }],
			});

			expect(result.status).toBe('success');
			expect(result.json[0][0]).toMatchObject({
				codigo: 'C0001',
				nome: 'NOVO NOME',
				_update: { applied: true, method, status: 200 },
			});
			expect(requestsTo(api, method, 'C0001')).toBe(2);
			expect(api.state.updateLog.map((entry) => entry.method)).toEqual([method]);
			expect(api.state.records[0].nome).toBe('NOVO NOME');
		});
	}
});
