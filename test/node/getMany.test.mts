import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { setupNock } from '../harness/index.mjs';
import {
	API,
	AUTH,
	CLIENT_ID,
	fastRetries,
	oauthCredential,
	runCustomerNode,
} from './customerNode.mjs';

setupNock();

const CUSTOMERS = Array.from({ length: 250 }, (_, index) => ({
	codigo: `C${String(index + 1).padStart(4, '0')}`,
	nome_cliente: `Cliente ${index + 1}`,
}));
const codes = (json: Array<Record<string, unknown>>) => json.map((customer) => customer.codigo);
const ALL_CODES = codes(CUSTOMERS);

const listParameters = (extra: Record<string, unknown> = {}) => ({
	operation: 'getAll',
	path: '/clientes',
	returnAll: true,
	...extra,
});

function query(uri: string): URLSearchParams {
	return new URL(uri, API).searchParams;
}

describe('Get Many: every pagination style returns every record once, in order', () => {
	it('page number: ?page=N&pageSize=M, stopping on a short page', async () => {
		// Answers every page: with no declared total, the pages asked for past the short one are thrown away.
		const scope = nock(API)
			.get('/api/clientes')
			.query(true)
			.reply((uri) => {
				const params = query(uri);
				const page = Number(params.get('page'));
				const size = Number(params.get('pageSize'));
				return [200, CUSTOMERS.slice((page - 1) * size, page * size)];
			})
			.persist();

		const result = await runCustomerNode({
			parameters: listParameters({
				pagination: 'pageNumber',
				paginationOptions: { pageSize: 100, pageSizeParameter: 'pageSize' },
			}),
		});

		expect(result.status).toBe('success');
		expect(codes(result.json[0])).toEqual(ALL_CODES);
		expect(result.json[0][0]).toEqual({ codigo: 'C0001', nome: 'Cliente 1' });
		expect(scope.isDone()).toBe(true);
	});

	it('offset and limit, with the records wrapped in data', async () => {
		nock(API)
			.get('/api/clientes')
			.query(true)
			.times(3)
			.reply((uri) => {
				const params = query(uri);
				const offset = Number(params.get('offset'));
				const limit = Number(params.get('limit'));
				return [200, { data: CUSTOMERS.slice(offset, offset + limit), total: CUSTOMERS.length }];
			});

		const result = await runCustomerNode({
			parameters: listParameters({ pagination: 'offset', paginationOptions: { pageSize: 100 } }),
		});

		expect(codes(result.json[0])).toEqual(ALL_CODES);
	});

	it('cursor in the body, sent back as a query parameter', async () => {
		nock(API)
			.get('/api/clientes')
			.query(true)
			.times(3)
			.reply((uri) => {
				const start = Number(query(uri).get('cursor') ?? 0);
				const next = start + 100 < CUSTOMERS.length ? String(start + 100) : null;
				return [200, { items: CUSTOMERS.slice(start, start + 100), nextCursor: next }];
			});

		const result = await runCustomerNode({
			parameters: listParameters({ pagination: 'cursor', paginationOptions: { pageSize: 100 } }),
		});

		expect(codes(result.json[0])).toEqual(ALL_CODES);
	});

	it('next URL in the body, relative or absolute, kept inside the base URL', async () => {
		nock(API)
			.get('/api/clientes')
			.query(true)
			.times(3)
			.reply((uri) => {
				const start = Number(query(uri).get('from') ?? 0);
				const following = start + 100;
				const next =
					following >= CUSTOMERS.length
						? null
						: start === 0
							? `/api/clientes?from=${following}`
							: `${API}/api/clientes?from=${following}`;
				return [200, { results: CUSTOMERS.slice(start, following), next }];
			});

		const result = await runCustomerNode({ parameters: listParameters({ pagination: 'nextUrl' }) });

		expect(codes(result.json[0])).toEqual(ALL_CODES);
	});

	it('Link header with rel="next"', async () => {
		nock(API)
			.get('/api/clientes')
			.query(true)
			.times(3)
			.reply((uri) => {
				const start = Number(query(uri).get('start') ?? 0);
				const following = start + 100;
				const headers: Record<string, string> = {};
				if (following < CUSTOMERS.length) {
					headers.Link = `<${API}/api/clientes?start=${following}>; rel="next", <${API}/api/clientes?start=0>; rel="first"`;
				}
				return [200, CUSTOMERS.slice(start, following), headers];
			});

		const result = await runCustomerNode({
			parameters: listParameters({ pagination: 'linkHeader' }),
		});

		expect(codes(result.json[0])).toEqual(ALL_CODES);
	});

	it('none: one request returns the whole list', async () => {
		nock(API).get('/api/clientes').reply(200, CUSTOMERS);

		const result = await runCustomerNode({ parameters: listParameters({ pagination: 'none' }) });

		expect(codes(result.json[0])).toEqual(ALL_CODES);
	});

	it('refuses a next URL on another host before sending the credential there', async () => {
		nock(API)
			.get('/api/clientes')
			.query(true)
			.reply(200, { results: CUSTOMERS.slice(0, 100), next: 'https://evil.example/steal' });

		const result = await runCustomerNode({ parameters: listParameters({ pagination: 'nextUrl' }) });

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/evil\.example|host/);
	});
});

describe('Get Many: limits and filters', () => {
	it('stops at the limit without asking for pages it does not need', async () => {
		nock(API)
			.get('/api/clientes')
			.query(true)
			.reply((uri) => {
				const params = query(uri);
				expect(params.get('page')).toBe('1');
				return [200, CUSTOMERS.slice(0, Number(params.get('limit')))];
			});

		const result = await runCustomerNode({
			parameters: listParameters({ returnAll: false, limit: 30, pagination: 'pageNumber' }),
		});

		expect(codes(result.json[0])).toEqual(ALL_CODES.slice(0, 30));
	});

	it('sends filters as query parameters', async () => {
		nock(API)
			.get('/api/clientes')
			.query({ endereco_estado: 'SP', ativo: 'TRUE' })
			.reply(200, CUSTOMERS.slice(0, 2));

		const result = await runCustomerNode({
			parameters: listParameters({
				pagination: 'none',
				filters: {
					filter: [
						{ name: 'endereco_estado', value: 'SP' },
						{ name: 'ativo', value: 'TRUE' },
					],
				},
			}),
		});

		expect(codes(result.json[0])).toEqual(['C0001', 'C0002']);
	});
});

describe('Get Many: a flaky API', () => {
	it('retries 429 (honouring Retry-After) and 503 on the same page: no page lost or repeated', async () => {
		let calls = 0;
		nock(API)
			.get('/api/clientes')
			.query(true)
			.times(5)
			.reply((uri) => {
				calls++;
				if (calls === 2) return [429, { message: 'slow down' }, { 'Retry-After': '0' }];
				if (calls === 3) return [503, 'Service Unavailable'];
				const page = Number(query(uri).get('page'));
				return [200, CUSTOMERS.slice((page - 1) * 100, page * 100)];
			});

		const result = await runCustomerNode({
			// One page at a time: the exact sequence of requests is the point here (the window: getManyPages.test.mts).
			parameters: listParameters({
				pagination: 'pageNumber',
				options: { ...fastRetries, concurrency: 1 },
			}),
		});

		expect(codes(result.json[0])).toEqual(ALL_CODES);
		expect(calls).toBe(5);
	});

	it('gives up after Max Attempts, saying how many attempts were made and the last status', async () => {
		nock(API).get('/api/clientes').query(true).times(3).reply(502, 'Bad Gateway');

		const result = await runCustomerNode({
			parameters: listParameters({ options: { ...fastRetries, maxAttempts: 3 } }),
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('after 3 attempts (last: HTTP 502)');
	});

	it('OAuth2: a token that expires mid-pagination is refreshed by n8n and the page retried; the new token is saved', async () => {
		const tokens = ['tok-1', 'tok-2'];
		nock(AUTH)
			.post('/oauth/token')
			.times(2)
			.reply(() => [200, { access_token: tokens.shift(), token_type: 'Bearer', expires_in: 60 }]);
		const seen: string[] = [];
		nock(API)
			.get('/api/clientes')
			.query(true)
			.times(4)
			.reply(function (uri) {
				const authorization = String(this.req.headers.authorization);
				const page = Number(query(uri).get('page'));
				seen.push(`${page}:${authorization}`);
				if (page === 2 && authorization === 'Bearer tok-1')
					return [401, { error: 'token expired' }];
				return [200, CUSTOMERS.slice((page - 1) * 100, page * 100)];
			});

		const result = await runCustomerNode({
			auth: 'oauth2',
			// One page at a time: the exact sequence of requests is the point here (the window: getManyPages.test.mts).
			parameters: listParameters({ pagination: 'pageNumber', options: { concurrency: 1 } }),
		});

		expect(result.status).toBe('success');
		expect(codes(result.json[0])).toEqual(ALL_CODES);
		expect(seen).toEqual(['1:Bearer tok-1', '2:Bearer tok-1', '2:Bearer tok-2', '3:Bearer tok-2']);
		expect(
			result.credentialUpdates.map(
				(update) => (update.data.oauthTokenData as { access_token: string }).access_token,
			),
		).toEqual(['tok-1', 'tok-2']);
	});

	it('OAuth2: refreshes on 403 when the credential lists 403 as a token-expired status', async () => {
		nock(AUTH)
			.post('/oauth/token')
			.times(2)
			.reply(200, () => ({
				access_token: `tok-${Date.now()}-${Math.random()}`,
				token_type: 'Bearer',
			}));
		let first = true;
		nock(API)
			.get('/api/clientes')
			.times(2)
			.reply(() => {
				if (first) {
					first = false;
					return [403, { error: 'expired' }];
				}
				return [200, CUSTOMERS.slice(0, 3)];
			});

		const result = await runCustomerNode({
			auth: 'oauth2',
			credential: { ...oauthCredential, tokenExpiredStatusCode: ['401', '403'] },
			parameters: listParameters({ pagination: 'none' }),
		});

		expect(result.status).toBe('success');
		expect(codes(result.json[0])).toEqual(['C0001', 'C0002', 'C0003']);
		expect(result.credentialUpdates).toHaveLength(2);
	});

	it('OAuth2: a revoked client gives an error that points at the credential, with no secret in it', async () => {
		nock(AUTH).post('/oauth/token').reply(401, { error: 'invalid_client' });

		const result = await runCustomerNode({
			auth: 'oauth2',
			parameters: listParameters({ pagination: 'none' }),
		});

		expect(result.status).toBe('error');
		const everything = JSON.stringify(result.run);
		expect(everything).not.toContain(oauthCredential.clientSecret as string);
		expect(everything).not.toContain(CLIENT_ID + ':');
		expect(result.error?.message).toMatch(/token|credential/i);
	});
});

describe('Get Many: an answer that holds no customers', () => {
	it('an object with no list and no customer field ({"status":"ok"}) fails the item, saying what came back', async () => {
		nock(API).get('/api/clientes').query(true).reply(200, { status: 'ok' });

		const result = await runCustomerNode({ parameters: listParameters({ pagination: 'none' }) });

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain(
			"Item 0: The API answered an object with keys 'status'",
		);
		expect(result.error?.message).toContain('not a customer');
	});

	it('a lone object with a customer field is still one customer', async () => {
		nock(API).get('/api/clientes').query(true).reply(200, { codigo: 'C0001', status: 'ok' });

		const result = await runCustomerNode({ parameters: listParameters({ pagination: 'none' }) });

		expect(result.status).toBe('success');
		expect(codes(result.json[0])).toEqual(['C0001']);
	});

	it('an empty envelope is no customers', async () => {
		nock(API).get('/api/clientes').query(true).reply(200, { data: [], status: 'ok' });

		const result = await runCustomerNode({ parameters: listParameters({ pagination: 'none' }) });

		expect(result.status).toBe('success');
		expect(result.json[0]).toEqual([]);
	});
});
