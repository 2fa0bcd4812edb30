import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { setupNock } from '../harness/index.mjs';
import { ANA, API, fastRetries, runCustomerNode, updateParametersWith } from './customerNode.mjs';

setupNock();

/** What Get emitted for ANA: canonical names, normalized values. */
const ANA_FROM_GET = {
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
};

const updateParameters = (extra: Record<string, unknown> = {}) => updateParametersWith({}, extra);

describe('Update: write corrections back', () => {
	it('PATCH sends only the change, in the API own field name and format; output is the answer normalized', async () => {
		nock(API).get('/api/clientes/C0001').reply(200, [ANA]);
		nock(API)
			.patch('/api/clientes/C0001', { telefone: '(11) 91234-5678' })
			.reply(200, { ...ANA, telefone: '(11) 91234-5678' });

		const result = await runCustomerNode({
			parameters: updateParameters(),
			input: [
				{ json: { ...ANA_FROM_GET, telefone: '+55 11 91234-5678', _validation: { valid: true } } },
			],
		});

		expect(result.status).toBe('success');
		expect(result.json[0][0]).toEqual({
			...ANA_FROM_GET,
			telefone: '+5511912345678',
			_update: { applied: true, method: 'PATCH', status: 200 },
		});
		expect(result.outputs[0][0].pairedItem).toEqual({ item: 0 });
	});

	it('PUT sends the complete current record with the change, every other value exactly as the API had it', async () => {
		nock(API).get('/api/clientes/C0001').reply(200, ANA);
		nock(API)
			.put('/api/clientes/C0001', { ...ANA, email: 'ana.souza@exemplo.com.br' })
			.reply(204);

		const result = await runCustomerNode({
			parameters: updateParameters({ method: 'PUT' }),
			input: [{ json: { ...ANA_FROM_GET, email: 'ana.souza@exemplo.com.br' } }],
		});

		expect(result.status).toBe('success');
		// No body in the answer: the output is the record as sent, normalized.
		expect(result.json[0][0]).toMatchObject({
			codigo: 'C0001',
			email: 'ana.souza@exemplo.com.br',
			_update: { applied: true, method: 'PUT', status: 204 },
		});
	});

	it('never sends an invalid record: strict fails the item with the field and rule', async () => {
		const result = await runCustomerNode({
			parameters: updateParameters(),
			input: [{ json: { ...ANA_FROM_GET, cpf: '52998224724' } }],
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			"Item 0: the record is invalid and was not sent - cpf: check digits do not match ('*********24')",
		);
	});

	it('route: an invalid record goes to the second output marked as not sent; the valid one is written', async () => {
		nock(API).get('/api/clientes/C0001').reply(200, [ANA]);
		nock(API).patch('/api/clientes/C0001', { email: 'nova@exemplo.com.br' }).reply(200, {});

		const result = await runCustomerNode({
			parameters: updateParameters({ validationMode: 'route' }),
			input: [
				{ json: { codigo: 'C0001', email: 'nova@exemplo.com.br' } },
				{ json: { codigo: 'C0002', email: 'sem-arroba' } },
			],
		});

		expect(result.json[0]).toHaveLength(1);
		expect(result.json[0][0]._update).toEqual({ applied: true, method: 'PATCH', status: 200 });
		expect(result.json[1]).toHaveLength(1);
		expect(result.json[1][0]).toMatchObject({
			codigo: 'C0002',
			_update: { applied: false, outcome: 'notSent' },
			_validation: { valid: false, issues: [expect.objectContaining({ field: 'email' })] },
		});
		expect(result.outputs[1][0].pairedItem).toEqual({ item: 1 });
	});

	it('with continue on error, one failing record neither stops nor duplicates the others, and each says whether it was applied', async () => {
		for (const code of ['C1', 'C3']) {
			nock(API).get(`/api/clientes/${code}`).reply(200, { codigo: code, nome: 'x' });
			nock(API).patch(`/api/clientes/${code}`).once().reply(200, {});
		}
		nock(API).get('/api/clientes/C2').reply(404);

		const result = await runCustomerNode({
			parameters: updateParameters(),
			input: ['C1', 'C2', 'C3'].map((codigo) => ({ json: { codigo, nome: 'Novo nome' } })),
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.status).toBe('success');
		const updates = result.json[0].map((item) => item._update);
		expect(updates).toEqual([
			{ applied: true, method: 'PATCH', status: 200 },
			{ applied: false, outcome: 'failed' },
			{ applied: true, method: 'PATCH', status: 200 },
		]);
		expect(result.json[0][1].error).toBe(
			'Item 1: no customer found at /clientes/C2 - nothing was sent',
		);
		expect(result.outputs[0].map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
	});

	it('defines the fields in the node with the resource mapper, plus custom fields', async () => {
		nock(API).get('/api/clientes/C0001').reply(200, [ANA]);
		nock(API)
			.patch('/api/clientes/C0001', { endereco_cep: '04538-132', crm: '654321' })
			.reply(200, {});

		const result = await runCustomerNode({
			parameters: updateParameters({
				columns: {
					mappingMode: 'defineBelow',
					value: { codigo: '={{ $json.id }}', enderecoCep: '04538132' },
				},
				options: { customFields: { field: [{ name: 'crm', value: '654321' }] } },
			}),
			input: [{ json: { id: 'C0001' } }],
		});

		expect(result.status).toBe('success');
		expect(result.json[0][0]._update).toMatchObject({ applied: true });
	});

	it('without reading first, sends the fields in the chosen key style', async () => {
		nock(API)
			.patch('/api/clientes/C0001', {
				codigo: 'C0001',
				dataNascimento: '1990-01-31',
				enderecoCep: '01310100',
			})
			.reply(200, {});

		const result = await runCustomerNode({
			parameters: updateParameters({ options: { readBeforeWrite: false, keyStyle: 'camelCase' } }),
			input: [{ json: { codigo: 'C0001', data_nascimento: '31/01/1990', cep: '01310-100' } }],
		});

		expect(result.status).toBe('success');
	});

	it('a POST that times out is reported as outcome unknown and not retried', async () => {
		nock(API).get('/api/clientes/C0001').reply(200, [ANA]);
		nock(API).post('/api/clientes/C0001').delay(2_000).reply(200, {});

		const result = await runCustomerNode({
			parameters: updateParameters({
				method: 'POST',
				options: { ...fastRetries, timeoutSeconds: 1 },
			}),
			input: [{ json: { codigo: 'C0001', nome: 'Ana S.' } }],
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.json[0][0]).toMatchObject({
			error: expect.stringMatching(/^Item 0: outcome unknown - POST \/clientes\/C0001 timed out/),
			_update: { applied: 'unknown', outcome: 'unknown' },
		});
	});

	it('updates many records concurrently, honours 429, and keeps the output in input order', async () => {
		const codes = Array.from({ length: 20 }, (_, index) => `C${index + 1}`);
		let throttled = false;
		nock(API)
			.get(/\/api\/clientes\/C\d+$/)
			.times(20)
			.reply((uri) => [200, { codigo: uri.split('/').pop(), nome: 'x' }]);
		nock(API)
			.patch(/\/api\/clientes\/C\d+$/)
			.times(21)
			.reply(() => {
				if (!throttled) {
					throttled = true;
					return [429, {}, { 'Retry-After': '0' }];
				}
				return [200, {}];
			});

		const result = await runCustomerNode({
			parameters: updateParameters({ options: { ...fastRetries, concurrency: 8 } }),
			input: codes.map((codigo) => ({ json: { codigo, nome: `Nome ${codigo}` } })),
		});

		expect(result.status).toBe('success');
		expect(result.json[0].map((item) => item.codigo)).toEqual(codes);
		expect(result.json[0].every((item) => (item._update as { applied: boolean }).applied)).toBe(
			true,
		);
	});
});

describe('Update: concurrency', () => {
	const codes = Array.from({ length: 12 }, (_, index) => `C${index + 1}`);
	const noRead = { readBeforeWrite: false };

	it('one slow customer holds up one worker, not a batch: the others are all written meanwhile', async () => {
		const written: string[] = [];
		let writtenBeforeSlowAnswer: string[] = [];
		let othersDone: () => void = () => undefined;
		const allOthersWritten = new Promise<void>((resolve) => (othersDone = resolve));
		nock(API)
			.patch(/\/api\/clientes\/C\d+$/)
			.times(codes.length)
			.reply((uri, _body, callback) => {
				const codigo = uri.split('/').pop() as string;
				if (codigo === 'C1') {
					// Answered once every other customer is written (or after 3 s, which fails the test):
					// with fixed batches of Concurrency items, the others would wait for this one.
					const timeout = setTimeout(othersDone, 3_000);
					void allOthersWritten.then(() => {
						clearTimeout(timeout);
						writtenBeforeSlowAnswer = [...written];
						callback(null, [200, {}]);
					});
					return;
				}
				written.push(codigo);
				if (written.length === codes.length - 1) othersDone();
				callback(null, [200, {}]);
			});

		const result = await runCustomerNode({
			parameters: updateParameters({ options: { ...fastRetries, ...noRead, concurrency: 4 } }),
			input: codes.map((codigo) => ({ json: { codigo, nome: `Nome ${codigo}` } })),
		});

		expect(result.status).toBe('success');
		expect(writtenBeforeSlowAnswer.sort()).toEqual(codes.slice(1).sort());
		expect(result.json[0].map((item) => item.codigo)).toEqual(codes);
	});
	it('a 429 with Retry-After pauses every request of the run, not only the refused one', async () => {
		const arrivals: Array<{ codigo: string; status: number }> = [];
		nock(API)
			.patch(/\/api\/clientes\/C\d+$/)
			.times(codes.length + 1)
			.reply((uri, _body, callback) => {
				const codigo = uri.split('/').pop() as string;
				if (codigo === 'C1' && !arrivals.some((arrival) => arrival.status === 429)) {
					arrivals.push({ codigo, status: 429 });
					callback(null, [429, {}, { 'Retry-After': '1' }]);
					return;
				}
				arrivals.push({ codigo, status: 200 });
				// The three requests in flight with the refused one answer 200 ms after it: their workers
				// then take the next customers during the Retry-After. Later requests take 50 ms, so a
				// customer taken after the pause cannot overtake C1's retry, due when the pause ends.
				const delay = ['C2', 'C3', 'C4'].includes(codigo) ? 200 : 50;
				setTimeout(() => callback(null, [200, {}]), delay);
			});

		const result = await runCustomerNode({
			parameters: updateParameters({
				options: { maxAttempts: 3, maxWaitSeconds: 5, ...noRead, concurrency: 4 },
			}),
			input: codes.map((codigo) => ({ json: { codigo, nome: `Nome ${codigo}` } })),
		});

		expect(result.status).toBe('success');
		expect(result.json[0].map((item) => item.codigo)).toEqual(codes);
		expect(result.json[0].every((item) => (item._update as { applied: boolean }).applied)).toBe(
			true,
		);
		// One refusal, then every customer written exactly once: C1 twice, the others once.
		expect(arrivals).toHaveLength(codes.length + 1);
		expect(arrivals.filter((arrival) => arrival.status === 429)).toEqual([
			{ codigo: 'C1', status: 429 },
		]);
		const codesOf = (list: typeof arrivals) => list.map((arrival) => arrival.codigo).sort();
		// First the refused request and the three sent with it.
		expect(codesOf(arrivals.slice(0, 4))).toEqual(['C1', 'C2', 'C3', 'C4']);
		// The workers freed during the Retry-After wait it out too, so C1's retry goes out with the next
		// three customers. Were only the refused request paused, C5-C12 would all be written before it.
		expect(codesOf(arrivals.slice(4, 8))).toEqual(['C1', 'C5', 'C6', 'C7']);
		expect(codesOf(arrivals.slice(8))).toEqual(codes.slice(7).sort());
	});
});

describe('Update: an API that takes fewer requests at once than Concurrency', () => {
	it('learns its limit from the 429s: few refusals, and every customer written within its tries', async () => {
		const codes = Array.from({ length: 24 }, (_, index) => `C${index + 1}`);
		const apiTakes = 3;
		let inFlight = 0;
		let peakAdmitted = 0;
		let refusals = 0;
		nock(API)
			.persist()
			.patch(/\/api\/clientes\/C\d+$/)
			.reply((_uri, _body, callback) => {
				if (inFlight >= apiTakes) {
					refusals++;
					callback(null, [429, {}, { 'Retry-After': '0' }]);
					return;
				}
				inFlight++;
				peakAdmitted = Math.max(peakAdmitted, inFlight);
				setTimeout(() => {
					inFlight--;
					callback(null, [200, {}]);
				}, 30);
			});

		const result = await runCustomerNode({
			// Retries 10 ms apart: a worker that kept colliding with the API's limit would run out of tries.
			parameters: updateParameters({
				options: { ...fastRetries, readBeforeWrite: false, concurrency: 8 },
			}),
			input: codes.map((codigo) => ({ json: { codigo, nome: `Nome ${codigo}` } })),
		});

		expect(result.status).toBe('success');
		expect(result.json[0].map((item) => item.codigo)).toEqual(codes);
		expect(peakAdmitted).toBe(apiTakes);
		// The first bursts find the limit (8 sent, 3 taken: 8 → 6 → 4 → 3); after that only the probes
		// for more collide, one per round of successes at most.
		expect(refusals).toBeGreaterThanOrEqual(8 - apiTakes);
		expect(refusals).toBeLessThanOrEqual(5 + 3 + 1 + Math.ceil(codes.length / apiTakes));
	});
});

describe('Update: error items say why nothing was written', () => {
	it('strict with continue on error: an invalid record is "notSent", not "failed"', async () => {
		const result = await runCustomerNode({
			parameters: updateParameters(),
			input: [{ json: { codigo: 'C0001', email: 'sem-arroba' } }],
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.json[0][0]).toMatchObject({
			error: expect.stringMatching(/^Item 0: the record is invalid and was not sent - email: /),
			_update: { applied: false, outcome: 'notSent' },
		});
	});
});
