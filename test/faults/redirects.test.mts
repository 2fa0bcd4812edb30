/**
 * Redirects, every kind × every method × where they lead. The credential and the customer's data stay
 * inside the Base URL's scope: a redirect that leaves it (another origin, or the same origin outside the
 * base path) is an error naming where it led, and nothing is sent there. A write is never re-sent on a
 * redirect, and is never reported applied: 307/308 say "send it again elsewhere" (so it was not applied),
 * 301/302/303 may answer a write the server already handled (outcome unknown). A read redirected inside
 * the scope is followed, each hop checked again.
 */

import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { RunResult } from '../harness/index.mjs';
import { runCustomerNode, updateParametersWith } from '../node/customerNode.mjs';
import { startLoopback, type Loopback, type LoopbackRequest } from './loopback.mjs';
import { FAST_REQUESTS, listParameters, nodeErrorOf } from './support.mjs';

const STATUSES = [301, 302, 303, 307, 308] as const;
const CUSTOMER = { codigo: 'C1', nome: 'ANA SOUZA', email: 'ana@example.com.br' };

let api: Loopback;
let other: Loopback;
interface Redirect {
	method: string;
	path: string;
	status: number;
	location: () => string;
}
/** Where the API sends the request under test: set per test. */
let redirect: Redirect;
/** A second redirect, for chains. */
let nextHop: Redirect | undefined;

beforeAll(async () => {
	other = await startLoopback(() => ({ body: JSON.stringify(CUSTOMER) }));
	api = await startLoopback((request: LoopbackRequest) => {
		const path = request.url.pathname;
		if (path === '/oauth/token') {
			return {
				body: JSON.stringify({
					access_token: 'Access-Token-77',
					token_type: 'bearer',
					expires_in: 3600,
				}),
			};
		}
		for (const rule of [redirect, nextHop]) {
			if (rule && request.method === rule.method && path === rule.path) {
				return { status: rule.status, headers: { location: rule.location() }, body: '' };
			}
		}
		if (path.endsWith('/clientes')) return { body: JSON.stringify([CUSTOMER]) };
		return { body: JSON.stringify(CUSTOMER) };
	});
});

afterAll(async () => {
	await Promise.all([api.close(), other.close()]);
});

beforeEach(() => {
	api.requests.length = 0;
	other.requests.length = 0;
	nextHop = undefined;
});

const credential = () => ({
	baseUrl: `${api.origin}/api`,
	username: 'u',
	password: 'Redirect-Pw-9',
});

/** Where a redirect leads; `path` is the path the in-scope and same-origin targets get. */
const TARGETS = {
	'another origin': (path: string) => `${other.origin}/api${path}`,
	'the same origin outside the base path': (path: string) => `${api.origin}/admin${path}`,
	'inside the base path': (path: string) => `/api/v2${path}`,
} as const;
type Target = keyof typeof TARGETS;

const getParameters: INodeParameters = {
	operation: 'get',
	lookupField: 'codigo',
	lookupValue: 'C1',
	path: '/clientes/{codigo}',
	keyLocation: 'path',
	options: FAST_REQUESTS,
};

const READS: Record<string, { path: string; parameters: INodeParameters }> = {
	Get: { path: '/clientes/C1', parameters: getParameters },
	'Get Many': { path: '/clientes', parameters: listParameters({ pagination: 'none' }) },
};

function requestsOutsideScope(): LoopbackRequest[] {
	return [
		...other.requests,
		...api.requests.filter((request) => !request.url.pathname.startsWith('/api/')),
	];
}

describe('a read redirected', () => {
	for (const [operation, read] of Object.entries(READS)) {
		for (const status of STATUSES) {
			for (const target of Object.keys(TARGETS) as Target[]) {
				it(`${operation}, ${status} to ${target}`, async () => {
					redirect = {
						method: 'GET',
						path: `/api${read.path}`,
						status,
						location: () => TARGETS[target](read.path),
					};

					const result = await runCustomerNode({
						credential: credential(),
						parameters: read.parameters,
					});

					if (target === 'inside the base path') {
						expect(result.status).toBe('success');
						expect(result.json[0]).toEqual([expect.objectContaining({ codigo: 'C1' })]);
						expect(api.requests.map((request) => request.url.pathname)).toEqual([
							`/api${read.path}`,
							`/api/v2${read.path}`,
						]);
						// Followed inside the scope, the hop is authenticated like the first request.
						expect(api.requests[1].headers.authorization).toMatch(/^Basic /);
						return;
					}
					const error = nodeErrorOf(result);
					const origin = target === 'another origin' ? other.origin : api.origin;
					expect(error.message).toContain(`redirected GET ${read.path} to ${origin}`);
					expect(error.message).not.toContain('Authorization');
					expect(requestsOutsideScope()).toEqual([]);
					expect(api.requests).toHaveLength(1);
				});
			}
		}
	}

	it('a chain of in-scope redirects ends at the hop limit, without leaving the scope', async () => {
		redirect = {
			method: 'GET',
			path: '/api/clientes/C1',
			status: 302,
			location: () => '/api/clientes/C1',
		};

		const result = await runCustomerNode({ credential: credential(), parameters: getParameters });

		expect(nodeErrorOf(result).message).toMatch(
			/^Item 0: the customer API redirected GET \/clientes\/C1 more than 5 times/,
		);
		expect(api.requests).toHaveLength(6);
		expect(requestsOutsideScope()).toEqual([]);
	});

	it('an in-scope hop that then leaves the scope is refused at that hop', async () => {
		redirect = {
			method: 'GET',
			path: '/api/clientes/C1',
			status: 302,
			location: () => '/api/v2/clientes/C1',
		};
		nextHop = {
			method: 'GET',
			path: '/api/v2/clientes/C1',
			status: 307,
			location: () => `${other.origin}/api/clientes/C1`,
		};

		const result = await runCustomerNode({ credential: credential(), parameters: getParameters });

		expect(nodeErrorOf(result).message).toContain(`redirected GET /clientes/C1 to ${other.origin}`);
		expect(api.requests.map((request) => request.url.pathname)).toEqual([
			'/api/clientes/C1',
			'/api/v2/clientes/C1',
		]);
		expect(other.requests).toEqual([]);
	});
});

describe('a lookup sent with POST, redirected', () => {
	const postLookup: INodeParameters = {
		operation: 'get',
		lookupField: 'email',
		lookupValue: 'ana@example.com.br',
		path: '/clientes/busca',
		method: 'POST',
		keyLocation: 'body',
		options: FAST_REQUESTS,
	};

	for (const status of STATUSES) {
		it(`${status} inside the scope: not followed, and says so`, async () => {
			redirect = {
				method: 'POST',
				path: '/api/clientes/busca',
				status,
				location: () => '/api/v2/busca',
			};

			const result = await runCustomerNode({ credential: credential(), parameters: postLookup });

			expect(nodeErrorOf(result).message).toBe(
				`Item 0: the customer API redirected POST /clientes/busca to ${api.origin}/api/v2/busca (HTTP ${status}) - a lookup sent with POST is not followed`,
			);
			expect(api.requests).toHaveLength(1);
		});
	}

	it('to another origin: out of scope, nothing sent there', async () => {
		redirect = {
			method: 'POST',
			path: '/api/clientes/busca',
			status: 307,
			location: () => `${other.origin}/api/clientes/busca`,
		};

		const result = await runCustomerNode({ credential: credential(), parameters: postLookup });

		expect(nodeErrorOf(result).message).toContain(
			`redirected POST /clientes/busca to ${other.origin}`,
		);
		expect(other.requests).toEqual([]);
	});
});

describe('a write redirected', () => {
	for (const method of ['PATCH', 'PUT', 'POST'] as const) {
		for (const status of STATUSES) {
			for (const target of Object.keys(TARGETS) as Target[]) {
				it(`${method}, ${status} to ${target}: not re-sent, not reported applied`, async () => {
					redirect = {
						method,
						path: '/api/clientes/C1',
						status,
						location: () => TARGETS[target]('/clientes/C1'),
					};

					const result: RunResult = await runCustomerNode({
						credential: credential(),
						parameters: updateParametersWith(FAST_REQUESTS, { method }),
						input: [{ json: { codigo: 'C1', nome: 'ANA SOUZA LIMA' } }],
						settings: { onError: 'continueRegularOutput' },
					});

					const [item] = result.json[0];
					expect(item.error).toMatch(
						new RegExp(`^Item 0: the customer API redirected ${method} /clientes/C1 to `),
					);
					expect(item._update).toEqual(
						status === 307 || status === 308
							? { applied: false, outcome: 'failed' }
							: { applied: 'unknown', outcome: 'unknown' },
					);
					const writes = [...api.requests, ...other.requests].filter(
						(request) => request.method !== 'GET',
					);
					expect(writes.map((request) => request.url.pathname)).toEqual(['/api/clientes/C1']);
					expect(requestsOutsideScope()).toEqual([]);
					expect(JSON.stringify(item as IDataObject)).not.toContain('Redirect-Pw-9');
				});
			}
		}
	}
});

describe('with the OAuth2 credential', () => {
	const oauth = () => ({
		baseUrl: `${api.origin}/api`,
		grantType: 'clientCredentials',
		accessTokenUrl: `${api.origin}/oauth/token`,
		clientId: 'client',
		clientSecret: 'Client-Secret-55',
		scope: 'customers',
	});

	it('a read redirected to another origin is refused; the token goes nowhere', async () => {
		redirect = {
			method: 'GET',
			path: '/api/clientes/C1',
			status: 302,
			location: () => `${other.origin}/api/clientes/C1`,
		};

		const result = await runCustomerNode({
			auth: 'oauth2',
			credential: oauth(),
			parameters: getParameters,
		});

		expect(nodeErrorOf(result).message).toContain(`redirected GET /clientes/C1 to ${other.origin}`);
		expect(other.requests).toEqual([]);
	});

	it('a read redirected inside the scope is followed with the token', async () => {
		redirect = {
			method: 'GET',
			path: '/api/clientes/C1',
			status: 308,
			location: () => '/api/v2/clientes/C1',
		};

		const result = await runCustomerNode({
			auth: 'oauth2',
			credential: oauth(),
			parameters: getParameters,
		});

		expect(result.json[0]).toEqual([expect.objectContaining({ codigo: 'C1' })]);
		const hop = api.requests.find((request) => request.url.pathname === '/api/v2/clientes/C1');
		expect(hop?.headers.authorization).toBe('Bearer Access-Token-77');
	});
});
