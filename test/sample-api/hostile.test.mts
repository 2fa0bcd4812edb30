import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { basicAuthorization, rawRequest, type RawResponse } from './client.mts';
import { HOSTILE_KINDS, SEED_EXAMPLE_PAYLOAD } from './hostile.mts';
import { startSampleApi, type SampleApi } from './server.mts';

let api: SampleApi;

beforeAll(async () => {
	api = await startSampleApi({ records: 10 });
});

afterAll(() => api.close());

function hostile(kind: string, query = ''): Promise<RawResponse> {
	return rawRequest(`${api.url}/hostile/${kind}${query}`, {
		headers: { authorization: basicAuthorization(api.credentials.basic) },
	});
}

function text(response: RawResponse): string {
	return response.body.toString('utf8');
}

function depthOf(value: unknown): number {
	if (typeof value !== 'object' || value === null) return 0;
	const children = Array.isArray(value) ? value : Object.values(value);
	return 1 + Math.max(0, ...children.map(depthOf));
}

function containsArray(value: unknown): boolean {
	if (Array.isArray(value)) return true;
	if (typeof value !== 'object' || value === null) return false;
	return Object.values(value).some(containsArray);
}

describe('hostile payloads', () => {
	it('lists its kinds and needs authentication like every /api route', async () => {
		const list = await hostile('');
		expect(JSON.parse(text(list))).toEqual({ kinds: [...HOSTILE_KINDS] });
		const anonymous = await rawRequest(`${api.url}/hostile/null`);
		expect(anonymous.status).toBe(401);
		expect((await hostile('no-such-kind')).status).toBe(404);
	});

	it('non-json: plain text labelled as JSON', async () => {
		const response = await hostile('non-json');
		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toMatch(/application\/json/);
		expect(() => JSON.parse(text(response))).toThrow();
	});

	it('html-200: an HTML error page with status 200', async () => {
		const response = await hostile('html-200');
		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toMatch(/text\/html/);
		expect(text(response)).toMatch(/^<!DOCTYPE html>/);
	});

	it('seed-example: the seed payload verbatim, which is not JSON', async () => {
		const body = text(await hostile('seed-example'));
		expect(body).toBe(SEED_EXAMPLE_PAYLOAD);
		expect(body).toContain('“cpf”: “00000000000”');
		expect(body).toContain('“endereco_bairro” “BAIRRO ENDEREÇO”');
		expect(() => JSON.parse(body)).toThrow();
	});

	it.runIf(existsSync('/work/shared/seed'))(
		'seed-example matches the seed file where it exists',
		() => {
			const seedText = readdirSync('/work/shared/seed')
				.filter((name) => name.endsWith('.txt'))
				.map((name) => readFileSync(`/work/shared/seed/${name}`, 'utf8'))
				.join('\n');
			expect(seedText).toContain(SEED_EXAMPLE_PAYLOAD);
		},
	);

	it('bare-object, null, empty and a wrapper without an array', async () => {
		const bare = JSON.parse(text(await hostile('bare-object')));
		expect(Array.isArray(bare)).toBe(false);
		expect(bare).toMatchObject({ codigo: 'C0001' });
		expect(JSON.parse(text(await hostile('null')))).toBeNull();
		const empty = await hostile('empty');
		expect(empty.status).toBe(200);
		expect(empty.headers['content-length']).toBe('0');
		expect(empty.body).toHaveLength(0);
		const wrapper = JSON.parse(text(await hostile('wrapper-without-array')));
		expect(typeof wrapper).toBe('object');
		expect(containsArray(wrapper)).toBe(false);
	});

	it('deep-nesting: 50 levels, or as many as asked', async () => {
		expect(depthOf(JSON.parse(text(await hostile('deep-nesting'))))).toBe(50);
		expect(depthOf(JSON.parse(text(await hostile('deep-nesting', '?depth=8'))))).toBe(8);
	});

	it('many-keys: 10,000 keys in one record', async () => {
		const [record] = JSON.parse(text(await hostile('many-keys'))) as Array<Record<string, unknown>>;
		expect(Object.keys(record)).toHaveLength(10_000);
		expect(record.codigo).toBe('C0001');
	});

	it('duplicate-keys: the same key twice in the text; JSON.parse keeps the last', async () => {
		const body = text(await hostile('duplicate-keys'));
		expect(body.match(/"cpf":/g)).toHaveLength(2);
		const [record] = JSON.parse(body) as Array<Record<string, unknown>>;
		expect(record.cpf).toBe('529.982.247-25');
	});

	it('huge: a valid array of the asked size, with an exact Content-Length', async () => {
		const small = await hostile('huge', '?mb=1');
		expect(Number(small.headers['content-length'])).toBe(small.body.length);
		expect(small.body.length).toBeGreaterThanOrEqual(1024 * 1024);
		const records = JSON.parse(text(small)) as Array<{ codigo: string }>;
		expect(new Set(records.map((r) => r.codigo)).size).toBe(records.length);
	});

	it('huge: streams 50 MB by default', async () => {
		// Counted as it arrives, not buffered: the test holds no more of it than the server does.
		const { length, declared, last } = await new Promise<{
			length: number;
			declared: number;
			last: number;
		}>((resolve, reject) => {
			const req = request(
				`${api.url}/hostile/huge`,
				{ headers: { authorization: basicAuthorization(api.credentials.basic) } },
				(res) => {
					let received = 0;
					let lastByte = 0;
					res.on('data', (chunk: Buffer) => {
						received += chunk.length;
						lastByte = chunk[chunk.length - 1];
					});
					res.on('end', () =>
						resolve({
							length: received,
							declared: Number(res.headers['content-length']),
							last: lastByte,
						}),
					);
					res.on('error', reject);
				},
			);
			req.on('error', reject);
			req.end();
		});
		expect(length).toBe(declared);
		expect(length).toBeGreaterThanOrEqual(50 * 1024 * 1024);
		expect(length).toBeLessThan(51 * 1024 * 1024);
		expect(String.fromCharCode(last)).toBe(']');
	});

	it('non-utf8: Latin-1 bytes that are not valid UTF-8', async () => {
		const response = await hostile('non-utf8');
		expect(response.headers['content-type']).toMatch(/charset=utf-8/);
		expect(() => new TextDecoder('utf-8', { fatal: true }).decode(response.body)).toThrow();
		expect(JSON.parse(response.body.toString('latin1'))[0].nome).toBe('JOÃO DA CONCEIÇÃO');
	});

	it('wrong-types: numbers for documents, arrays for phones', async () => {
		const [first, second] = JSON.parse(text(await hostile('wrong-types'))) as Array<
			Record<string, unknown>
		>;
		expect(typeof first.cpf).toBe('number');
		expect(Array.isArray(first.telefone)).toBe(true);
		expect(typeof first.endereco_cep).toBe('number');
		expect(typeof second.cnpj).toBe('number');
		expect(String(second.cpf)).toHaveLength(10);
	});

	it('bom: a byte order mark before the JSON', async () => {
		const response = await hostile('bom');
		expect([...response.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(() => JSON.parse(text(response))).toThrow();
		expect(JSON.parse(text(response).slice(1))[0].codigo).toBe('C0001');
	});
});
