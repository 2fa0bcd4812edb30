import { afterEach, describe, expect, it } from 'vitest';

import { basicAuthorization, basicFetch, rawRequest } from './client.mts';
import { plannedFault, TRANSPORT_FAULTS, type FaultPlan } from './faults.mts';
import { SEED_EXAMPLE_PAYLOAD } from './hostile.mts';
import {
	startSampleApi,
	type RawCustomer,
	type SampleApi,
	type SampleApiOptions,
} from './server.mts';

const servers: SampleApi[] = [];

afterEach(async () => {
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: SampleApiOptions): Promise<SampleApi> {
	const server = await startSampleApi({ records: 40, ...options });
	servers.push(server);
	return server;
}

/** Status of each request, or the error code when the connection failed. */
async function outcome(server: SampleApi, path: string, init: RequestInit = {}): Promise<string> {
	try {
		const response = await basicFetch(server)(path, init);
		await response.arrayBuffer();
		return String(response.status);
	} catch {
		return 'network-error';
	}
}

describe('fault plan determinism', () => {
	it('plans the same faults for the same seed, and others for another seed', () => {
		const plan: FaultPlan = { seed: 123, rate: 0.3 };
		const first = Array.from({ length: 200 }, (_, i) => plannedFault(plan, i + 1));
		const again = Array.from({ length: 200 }, (_, i) => plannedFault({ ...plan }, i + 1));
		const other = Array.from({ length: 200 }, (_, i) =>
			plannedFault({ ...plan, seed: 124 }, i + 1),
		);
		expect(again).toEqual(first);
		expect(other).not.toEqual(first);
		const share = first.filter(Boolean).length / first.length;
		expect(share).toBeGreaterThan(0.2);
		expect(share).toBeLessThan(0.4);
		expect(new Set(first.filter(Boolean))).toEqual(new Set(TRANSPORT_FAULTS));
	});

	it('faults the same requests of two servers given the same plan and requests', async () => {
		const plan: FaultPlan = { seed: 7, rate: 0.4, kinds: ['429', '500', '503', 'reset'] };
		const runs: string[][] = [];
		for (let run = 0; run < 2; run++) {
			const server = await start({ faults: plan });
			const statuses: string[] = [];
			for (let i = 0; i < 25; i++)
				statuses.push(await outcome(server, `/clientes?page=${(i % 4) + 1}&pageSize=10`));
			runs.push(statuses);
			expect(server.state.faults.length).toBeGreaterThan(3);
		}
		expect(runs[1]).toEqual(runs[0]);
	});

	it('restarts the same sequence after reset()', async () => {
		const server = await start({ faults: { seed: 3, rate: 0.5, kinds: ['500'] } });
		const first: string[] = [];
		for (let i = 0; i < 10; i++) first.push(await outcome(server, `/clientes/C000${(i % 5) + 1}`));
		server.reset();
		const second: string[] = [];
		for (let i = 0; i < 10; i++) second.push(await outcome(server, `/clientes/C000${(i % 5) + 1}`));
		expect(second).toEqual(first);
		expect(first).toContain('500');
	});
});

describe('fault kinds', () => {
	it('answers each status kind with its status and headers', async () => {
		const server = await start({
			faults: {
				seed: 1,
				retryAfterSeconds: 3,
				script: [
					{ respond: '429' },
					{ respond: '429-retry-after' },
					{ respond: '429-retry-after-date' },
					{ respond: '500' },
					{ respond: '502' },
					{ respond: '503' },
					{ respond: '504' },
				],
			},
		});
		const get = basicFetch(server);
		const responses = [];
		for (let i = 0; i < 8; i++) responses.push(await get('/clientes/C0001'));
		expect(responses.map((r) => r.status)).toEqual([429, 429, 429, 500, 502, 503, 504, 200]);
		expect(responses[0].headers.get('retry-after')).toBeNull();
		expect(responses[1].headers.get('retry-after')).toBe('3');
		const date = Date.parse(responses[2].headers.get('retry-after')!);
		expect(date).toBeGreaterThan(Date.now());
		expect(responses[4].headers.get('content-type')).toMatch(/text\/html/);
		expect(server.state.requests.map((r) => r.fault)).toEqual([
			'429',
			'429-retry-after',
			'429-retry-after-date',
			'500',
			'502',
			'503',
			'504',
			undefined,
		]);
	});

	it('resets the connection without an answer', async () => {
		const server = await start({ faults: { seed: 1, script: [{ respond: 'reset' }] } });
		await expect(basicFetch(server)('/clientes/C0001')).rejects.toThrow();
		expect(server.state.requests[0]).toMatchObject({ status: 0, aborted: true, fault: 'reset' });
	});

	it('cuts the body mid-way, and the retry gets the full, same page', async () => {
		const server = await start({ faults: { seed: 1, script: [{ respond: 'reset-mid-body' }] } });
		const url = `${server.url}/clientes?page=2&pageSize=10`;
		const headers = { authorization: basicAuthorization(server.credentials.basic) };
		const cut = rawRequest(url, { headers });
		await expect(cut).rejects.toMatchObject({ code: 'ECONNRESET' });
		const retry = await rawRequest(url, { headers });
		const page = JSON.parse(retry.body.toString('utf8')) as RawCustomer[];
		expect(page.map((r) => r.codigo)).toEqual(
			server.state.records.slice(10, 20).map((r) => r.codigo),
		);
		expect(server.state.requests[0]).toMatchObject({ status: 200, aborted: true });
	});

	it('delays a slow request and then answers normally', async () => {
		const server = await start({ faults: { seed: 1, slowMs: 30, script: [{ respond: 'slow' }] } });
		expect(await outcome(server, '/clientes/C0001')).toBe('200');
		expect(server.state.requests[0].fault).toBe('slow');
	});

	it('serves a hostile payload instead of the route when the plan says so', async () => {
		const server = await start({ faults: { seed: 1, rate: 1, kinds: ['hostile:seed-example'] } });
		const response = await basicFetch(server)('/clientes?cpf=52998224725');
		expect(await response.text()).toBe(SEED_EXAMPLE_PAYLOAD);
	});

	it('answers a scripted custom reply, matched by path', async () => {
		const server = await start({
			faults: {
				seed: 1,
				script: [
					{
						match: (path) => path === '/api/clientes/C0002',
						respond: { status: 418, body: { error: 'teapot' } },
					},
				],
			},
		});
		expect(await outcome(server, '/clientes/C0001')).toBe('200');
		const response = await basicFetch(server)('/clientes/C0002');
		expect(response.status).toBe(418);
		expect(await response.json()).toEqual({ error: 'teapot' });
		expect(await outcome(server, '/clientes/C0002')).toBe('200');
	});

	it('faults only the requests `only` selects', async () => {
		const server = await start({
			faults: {
				seed: 1,
				rate: 1,
				kinds: ['503'],
				only: (request) => request.path.endsWith('/C0002'),
			},
		});
		expect(await outcome(server, '/clientes/C0001')).toBe('200');
		expect(await outcome(server, '/clientes/C0002')).toBe('503');
	});

	it('lets a request through after maxConsecutive faults in a row', async () => {
		const server = await start({ faults: { seed: 1, rate: 1, kinds: ['500'], maxConsecutive: 2 } });
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push(await outcome(server, '/clientes/C0001'));
		expect(statuses).toEqual(['500', '500', '200']);
	});

	it('is switched off with setFaults(undefined)', async () => {
		const server = await start({
			faults: { seed: 1, rate: 1, kinds: ['500'], maxConsecutive: Infinity },
		});
		expect(await outcome(server, '/clientes/C0001')).toBe('500');
		server.setFaults(undefined);
		expect(await outcome(server, '/clientes/C0001')).toBe('200');
	});
});

describe('faults and writes', () => {
	const patch = {
		method: 'PATCH',
		headers: { 'content-type': 'application/json' },
		body: '{"nome":"NOVO NOME"}',
	};

	it('happen before the update by default: nothing is stored', async () => {
		const server = await start({
			faults: { seed: 1, script: [{ respond: '500' }, { respond: 'reset-mid-body' }] },
		});
		expect(await outcome(server, '/clientes/C0001', patch)).toBe('500');
		expect(await outcome(server, '/clientes/C0001', patch)).toBe('network-error');
		expect(server.state.updates).toBe(0);
		expect(server.state.records[0].nome).toBe('MARIA APARECIDA DA SILVA');
	});

	it('happen after the update with writes: "after": stored, but the answer is lost', async () => {
		const server = await start({
			faults: { seed: 1, writes: 'after', script: [{ respond: '503' }] },
		});
		expect(await outcome(server, '/clientes/C0001', patch)).toBe('503');
		expect(server.state.updates).toBe(1);
		expect(server.state.records[0].nome).toBe('NOVO NOME');
	});
});

describe('a retrying client under random faults', () => {
	it('gets every record once, in order: faults never skip or repeat a page', async () => {
		const server = await start({
			records: 333,
			faults: {
				seed: 1000,
				rate: 0.35,
				slowMs: 5,
			},
		});
		const headers = { authorization: basicAuthorization(server.credentials.basic) };
		const seen: string[] = [];
		let attempts = 0;
		let pages = 0;
		for (let page = 1; ; page++) {
			let records: RawCustomer[] | undefined;
			for (let attempt = 0; attempt < 3 && !records; attempt++) {
				attempts++;
				try {
					const response = await rawRequest(`${server.url}/clientes?page=${page}&pageSize=25`, {
						headers,
					});
					if (response.status === 200)
						records = JSON.parse(response.body.toString('utf8')) as RawCustomer[];
				} catch {
					// connection reset or body cut: retry the same page
				}
			}
			expect(records, `page ${page}`).toBeDefined();
			pages++;
			seen.push(...records!.map((r) => String(r.codigo)));
			if (records!.length < 25) break;
		}
		expect(seen).toEqual(server.state.records.map((r) => r.codigo));
		const failures = server.state.faults.filter((fault) => fault.kind !== 'slow').length;
		expect(failures).toBeGreaterThanOrEqual(4);
		expect(attempts).toBe(pages + failures);
	});
});
