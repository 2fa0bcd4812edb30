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
async function customerApi(codes: string[]) {
	const records = new Map(codes.map((codigo) => [codigo, stored(codigo)]));
	const log: string[] = [];
	const heldReads = new Map<string, Array<() => void>>();
	const handler = async (request: LoopbackRequest): Promise<LoopbackReply> => {
		const codigo = request.url.pathname.split('/').pop() as string;
		log.push(`${request.method} ${codigo}`);
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
		records.set(codigo, body);
		return { body: JSON.stringify(body) };
	};
	return { handler, records, log };
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
});
