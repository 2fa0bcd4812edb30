/**
 * The credential goes only to its own base URL. A path typed into the node, a lookup value placed in a
 * path, or a next-page link sent by the API that leads to another host (or out of the base path) is
 * refused before any request: a second loopback server plays the other host and must see nothing.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RunResult } from '../harness/index.mjs';
import { runCustomerNode } from '../node/customerNode.mjs';
import type { SampleApi } from '../sample-api/server.mts';
import { startLoopback, type Loopback } from './loopback.mjs';
import {
	basicCredentialOf,
	FAST_REQUESTS,
	listParameters,
	nodeErrorOf,
	sampleApis,
} from './support.mjs';

const startApi = sampleApis();
let api: SampleApi;
let evil: Loopback;

beforeAll(async () => {
	api = await startApi({ records: 20 });
	evil = await startLoopback(() => ({ body: '[]' }));
});

afterAll(() => evil.close());

function expectRefusedBeforeAnyRequest(
	result: RunResult,
	what: string,
	reason = /refused|could point to another host|contains '@'/,
): void {
	const error = nodeErrorOf(result);
	expect(error.name, what).toBe('NodeOperationError');
	expect(error.itemIndex, what).toBe(0);
	expect(error.message, what).toMatch(reason);
	expect(evil.requests, what).toHaveLength(0);
	expect(api.state.requests, what).toHaveLength(0);
}

describe('a path typed into the node', () => {
	const evilHost = () => `127.0.0.1:${evil.port}`;
	const apiPort = () => new URL(api.url).port;
	const paths: Array<[string, () => string]> = [
		['an absolute URL to another host', () => `http://${evilHost()}/api/clientes`],
		['a protocol-relative //host', () => `//${evilHost()}/api/clientes`],
		['the same server under another host name', () => `http://localhost:${apiPort()}/api/clientes`],
		[
			'user@host after the API host',
			() => `http://127.0.0.1:${apiPort()}@${evilHost()}/api/clientes`,
		],
		['@host as a path', () => `@${evilHost()}/clientes`],
		['.. out of the base path', () => '/../admin/clientes'],
		['%2e%2e out of the base path', () => '/%2e%2e/admin'],
		['an encoded slash with ..', () => '/clientes/..%2f..%2fadmin'],
		['a double-encoded ..', () => '/clientes/%252e%252e/%252e%252e/admin'],
		['a backslash', () => `\\\\${evilHost()}\\api`],
		['a line break hiding a scheme', () => `ht\ntp://${evilHost()}/api`],
	];

	for (const [what, path] of paths) {
		it(`refuses ${what}`, async () => {
			const result = await runCustomerNode({
				credential: basicCredentialOf(api),
				parameters: listParameters({ path: path(), pagination: 'none' }),
			});

			expectRefusedBeforeAnyRequest(result, what);
		});
	}

	it('a lookup value placed into the path cannot climb out of it', async () => {
		const result = await runCustomerNode({
			credential: basicCredentialOf(api),
			parameters: {
				operation: 'get',
				lookupField: 'codigo',
				lookupValue: '..',
				path: '/clientes/{codigo}',
				keyLocation: 'path',
				options: FAST_REQUESTS,
			},
		});

		expectRefusedBeforeAnyRequest(
			result,
			'lookup value ..',
			/^Item 0: The value "\.\." cannot be placed into the URL path/,
		);
	});

	it('an update whose identifier is .. is refused, nothing read or written', async () => {
		const result = await runCustomerNode({
			credential: basicCredentialOf(api),
			parameters: {
				operation: 'update',
				path: '/clientes/{codigo}',
				method: 'PUT',
				columns: { mappingMode: 'autoMapInputData', value: null },
				options: FAST_REQUESTS,
			},
			input: [{ json: { codigo: '..', nome: 'X' } }],
		});

		expectRefusedBeforeAnyRequest(
			result,
			'update codigo ..',
			/^Item 0: The value "\.\." cannot be placed into the URL path/,
		);
		expect(api.state.updates).toBe(0);
	});
});

describe('a next-page link sent by the API', () => {
	let pages: Loopback;
	let nextLink: string;
	let style: 'body' | 'header';

	beforeAll(async () => {
		pages = await startLoopback(() => {
			const records = [
				{ codigo: 'C0001', nome: 'ANA' },
				{ codigo: 'C0002', nome: 'BRUNO' },
			];
			return style === 'body'
				? { body: JSON.stringify({ results: records, next: nextLink }) }
				: { headers: { link: `<${nextLink}>; rel="next"` }, body: JSON.stringify(records) };
		});
	});

	afterAll(() => pages.close());

	const links: Array<[string, () => string]> = [
		['an absolute URL to another host', () => `http://127.0.0.1:${evil.port}/api/clientes?page=2`],
		['a protocol-relative //host', () => `//127.0.0.1:${evil.port}/api/clientes?page=2`],
		['another host name', () => `http://localhost:${evil.port}/api/clientes?page=2`],
		[
			'user@host after the API host',
			() => `http://127.0.0.1:${pages.port}@127.0.0.1:${evil.port}/api/clientes?page=2`,
		],
		['https instead of http', () => `https://127.0.0.1:${pages.port}/api/clientes?page=2`],
		['a path out of the base path', () => '/admin/clientes?page=2'],
		['.. out of the base path', () => '/api/../admin/clientes?page=2'],
	];

	for (const where of ['body', 'header'] as const) {
		for (const [what, link] of links) {
			it(`in the ${where === 'body' ? 'body' : 'Link header'}: refuses ${what}`, async () => {
				style = where;
				nextLink = link();
				pages.requests.length = 0;
				const credential = { baseUrl: `${pages.origin}/api`, username: 'u', password: 'p' };

				const result = await runCustomerNode({
					credential,
					parameters: listParameters({
						pagination: where === 'body' ? 'nextUrl' : 'linkHeader',
					}),
				});

				expectRefusedBeforeAnyRequest(result, what);
				// Only the first page was asked for; the refused link was never followed.
				expect(pages.requests.map((request) => request.url.pathname)).toEqual(['/api/clientes']);
			});
		}
	}
});
