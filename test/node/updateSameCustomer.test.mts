import { afterEach, describe, expect, it } from 'vitest';

import type { Loopback, LoopbackReply, LoopbackRequest } from '../faults/loopback.mjs';
import { startLoopback } from '../faults/loopback.mjs';
import { setupNock } from '../harness/index.mjs';
import { basicCredential, runCustomerNode, updateParametersWith } from './customerNode.mjs';

setupNock();

let server: Loopback | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

const stored = (codigo: string) => ({
	codigo,
	nome: `Cliente ${codigo}`,
	cpf: '529.982.247-25',
	email: `antigo.${codigo.toLowerCase()}@exemplo.com.br`,
	telefone: '(11) 98765-4321',
});

/**
 * A loopback customer API with PUT semantics that logs each request in arrival order. A read is held
 * until a second read of the same customer arrives (or, when none comes, for a moment), so two items
 * that read one customer concurrently both get the record as it was before either wrote.
 */
async function customerApi(
	codes: string[],
	/** Instead of holding reads in pairs: how long to take over the n-th read (later ones faster). */
	readDelayMs?: (arrival: number) => number,
) {
	const records = new Map(codes.map((codigo) => [codigo, stored(codigo)]));
	const log: string[] = [];
	const writes: Array<{ codigo: string; nome?: string }> = [];
	let reads = 0;
	const heldReads = new Map<string, Array<() => void>>();
	const handler = async (request: LoopbackRequest): Promise<LoopbackReply> => {
		const codigo = request.url.pathname.split('/').pop() as string;
		log.push(`${request.method} ${codigo}`);
		if (request.method === 'GET' && readDelayMs) {
			const delay = readDelayMs(reads++);
			await new Promise<void>((resolve) => setTimeout(resolve, delay));
			return { body: JSON.stringify(records.get(codigo)) };
		}
		if (request.method === 'GET') {
			await new Promise<void>((resolve) => {
				const held = heldReads.get(codigo) ?? [];
				held.push(resolve);
				heldReads.set(codigo, held);
				const releaseAll = () => {
					for (const release of heldReads.get(codigo) ?? []) release();
					heldReads.delete(codigo);
				};
				if (held.length >= 2) releaseAll();
				else setTimeout(releaseAll, 200);
			});
			return { body: JSON.stringify(records.get(codigo)) };
		}
		const body = JSON.parse(request.body) as ReturnType<typeof stored>;
		const record = request.method === 'PATCH' ? { ...records.get(codigo), ...body } : body;
		records.set(codigo, record);
		writes.push({ codigo, nome: body.nome });
		return { body: JSON.stringify(record) };
	};
	return { handler, records, log, writes };
}

describe('Update: items that edit the same customer', () => {
	it('run in input order, one after the other, whatever the Concurrency: the second reads what the first wrote', async () => {
		const api = await customerApi(['C1', 'C2']);
		server = await startLoopback(api.handler);

		const result = await runCustomerNode({
			parameters: updateParametersWith(
				{ concurrency: 16, readBeforeWrite: true, maxWaitSeconds: 0.01 },
				{ method: 'PUT' },
			),
			input: [
				{ json: { codigo: 'C1', email: 'novo@exemplo.com.br' } },
				{ json: { codigo: 'C2', email: 'outro@exemplo.com.br' } },
				{ json: { codigo: 'C1', telefone: '(21) 99876-5432' } },
			],
			credential: { ...basicCredential, baseUrl: `${server.origin}/api` },
		});

		expect(result.status).toBe('success');
		expect(result.json[0].map((item) => item._update)).toEqual([
			{ applied: true, method: 'PUT', status: 200 },
			{ applied: true, method: 'PUT', status: 200 },
			{ applied: true, method: 'PUT', status: 200 },
		]);
		// Both changes of C1 are in its record: the second item read it after the first wrote.
		expect(api.records.get('C1')).toMatchObject({
			email: 'novo@exemplo.com.br',
			telefone: '(21) 99876-5432',
		});
		expect(api.log.filter((entry) => entry.endsWith('C1'))).toEqual([
			'GET C1',
			'PUT C1',
			'GET C1',
			'PUT C1',
		]);
		// Another customer is not held up by C1's order: it is read alongside C1's first item.
		expect(api.log.slice(0, 2).sort()).toEqual(['GET C1', 'GET C2']);
	});

	it('many items over a few customers: each customer is written in input order, the last item wins', async () => {
		const codes = ['C1', 'C2', 'C3', 'C4'];
		// Later reads answer sooner: a later item of a customer would overtake an earlier one.
		const api = await customerApi(codes, (arrival) => Math.max(0, 120 - 10 * arrival));
		server = await startLoopback(api.handler);
		const input = Array.from({ length: 24 }, (_, index) => ({
			json: { codigo: codes[(index * 7) % 4], nome: `Nome ${index}` },
		}));

		const result = await runCustomerNode({
			parameters: updateParametersWith({ concurrency: 16, maxWaitSeconds: 0.01 }),
			input,
			credential: { ...basicCredential, baseUrl: `${server.origin}/api` },
		});

		expect(result.status).toBe('success');
		expect(result.json[0].map((item) => item.nome)).toEqual(input.map((item) => item.json.nome));
		for (const codigo of codes) {
			const mine = input.filter((item) => item.json.codigo === codigo);
			expect(api.records.get(codigo)?.nome).toBe(mine[mine.length - 1].json.nome);
			expect(
				api.writes.filter((write) => write.codigo === codigo).map((write) => write.nome),
			).toEqual(mine.map((item) => item.json.nome));
		}
	});
});

describe('Update: a failure stops the items of the same customer still waiting for their turn', () => {
	it('the run stops on the first item failing: the next item of that customer reads and writes nothing', async () => {
		const log: string[] = [];
		server = await startLoopback(async (request) => {
			const codigo = request.url.pathname.split('/').pop() as string;
			log.push(`${request.method} ${codigo}`);
			if (request.method === 'GET') return { body: JSON.stringify(stored(codigo)) };
			// The first write of C1 is refused: not retried, the item fails and the node stops.
			return { status: 422, body: JSON.stringify({ message: 'nome too long' }) };
		});

		const result = await runCustomerNode({
			parameters: updateParametersWith({ concurrency: 16, maxWaitSeconds: 0.01 }),
			input: [
				{ json: { codigo: 'C1', nome: 'Primeiro' } },
				{ json: { codigo: 'C1', nome: 'Segundo' } },
			],
			credential: { ...basicCredential, baseUrl: `${server.origin}/api` },
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('Item 0');
		// The second item waited for the first; once the node has failed, it sends nothing.
		expect(log).toEqual(['GET C1', 'PATCH C1']);
	});

	it('the run stops on a failing item: the error names the items whose customers were already written', async () => {
		const log: string[] = [];
		server = await startLoopback(async (request) => {
			const codigo = request.url.pathname.split('/').pop() as string;
			log.push(`${request.method} ${codigo}`);
			if (request.method === 'GET') return { body: JSON.stringify(stored(codigo)) };
			if (codigo === 'C3')
				return { status: 422, body: JSON.stringify({ message: 'nome too long' }) };
			return { body: JSON.stringify({ ...stored(codigo), ...JSON.parse(request.body) }) };
		});

		const result = await runCustomerNode({
			// One at a time: C1 and C2 are written, C3 fails, C4 is never sent.
			parameters: updateParametersWith({ concurrency: 1, maxWaitSeconds: 0.01 }),
			input: ['C1', 'C2', 'C3', 'C4'].map((codigo) => ({
				json: { codigo, nome: `Novo ${codigo}` },
			})),
			credential: { ...basicCredential, baseUrl: `${server.origin}/api` },
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('Item 2');
		// A workflow run again after fixing item 2 would write items 0 and 1 a second time: the error says so.
		expect(result.error?.description).toContain(
			'items 0 and 1 were written before the run stopped',
		);
		expect(log).toEqual(['GET C1', 'PATCH C1', 'GET C2', 'PATCH C2', 'GET C3', 'PATCH C3']);
	});
});
