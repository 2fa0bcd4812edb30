/**
 * Answers a real customer API has been seen to send, through the node and n8n's engine: each gives a
 * clear node error (what is wrong, where) or the right items, never a crash. Also TLS with a CA the
 * n8n host does not trust.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RunResult } from '../harness/index.mjs';
import { runCustomerNode } from '../node/customerNode.mjs';
import type { HostileKind } from '../sample-api/hostile.mts';
import type { SampleApi } from '../sample-api/server.mts';
import { startLoopback } from './loopback.mjs';
import {
	basicCredentialOf,
	listParameters,
	nodeErrorOf,
	oauthCredentialOf,
	sampleApis,
} from './support.mjs';

const startApi = sampleApis();
let api: SampleApi;

beforeAll(async () => {
	api = await startApi({ records: 10 });
});

async function listHostile(
	kind: HostileKind,
	extra: {
		query?: string;
		validationMode?: string;
		options?: INodeParameters;
		limit?: number;
	} = {},
): Promise<RunResult> {
	return await runCustomerNode({
		credential: basicCredentialOf(api),
		parameters: listParameters({
			path: `/hostile/${kind}${extra.query ?? ''}`,
			pagination: 'none',
			validationMode: extra.validationMode ?? 'strict',
			...(extra.limit !== undefined && { returnAll: false, limit: extra.limit }),
			options: extra.options ?? {},
		}),
	});
}

interface Issue {
	field: string;
	rule: string;
	message: string;
}

function issuesOf(item: IDataObject): Issue[] {
	return (item._validation as { issues: Issue[] }).issues;
}

/** A message for a person: one line of text, no stack trace, no JavaScript internals. */
function expectReadable(text: string): void {
	expect(text).not.toMatch(/\n\s+at\s/);
	expect(text).not.toMatch(/TypeError|RangeError|SyntaxError|Unexpected token|undefined/);
}

describe('broken answers give a clear error that says what is wrong', () => {
	it('non-JSON text: where the JSON breaks', async () => {
		const error = nodeErrorOf(await listHostile('non-json'));

		expect(error.name).toBe('NodeApiError');
		expect(error.itemIndex).toBe(0);
		expect(error.message).toBe(
			"Item 0: the customer API did not answer valid JSON - The API answered with invalid JSON at line 1, column 1: found 'O' where a value (string, number, object, array, true, false or null) was expected.",
		);
		expect(error.description).toMatch(/^Request: GET \/hostile\/non-json\. The endpoint must/);
		expectReadable(error.message);
	});

	it('an HTML error page with status 200: says it is a page, not JSON', async () => {
		const error = nodeErrorOf(await listHostile('html-200'));

		expect(error.name).toBe('NodeApiError');
		expect(error.itemIndex).toBe(0);
		expect(error.message).toMatch(/^Item 0: .*answered with an HTML or XML page .*not JSON/);
		expect(error.message).toMatch(/Check the URL, the path and the authentication/);
		expectReadable(error.message);
	});

	it("the seed's own example payload: line, column and the typographic quote", async () => {
		const error = nodeErrorOf(await listHostile('seed-example'));

		expect(error.name).toBe('NodeApiError');
		expect(error.itemIndex).toBe(0);
		expect(error.message).toMatch(/^Item 0: .*invalid JSON at line 1, column \d+/);
		expect(error.message).toMatch(/typographic quote ” at line 1, column 27/);
		expect(error.message).toMatch(/straight double quotes/);
		expectReadable(error.message);
	});

	it('invalid UTF-8: says so and how to declare another charset', async () => {
		const error = nodeErrorOf(await listHostile('non-utf8'));

		expect(error.name).toBe('NodeApiError');
		expect(error.itemIndex).toBe(0);
		expect(error.message).toBe(
			'Item 0: the customer API answered with bytes that are not valid UTF-8',
		);
		expect(error.description).toMatch(/charset=ISO-8859-1/);
	});

	it('a wrapper without the array at the Records Path: names the path and what is there', async () => {
		const error = nodeErrorOf(
			await listHostile('wrapper-without-array', { options: { recordsPath: 'data.clientes' } }),
		);

		expect(error.name).toBe('NodeApiError');
		expect(error.itemIndex).toBe(0);
		expect(error.message).toMatch(/^Item 0: /);
		expect(error.message).toMatch(/'data\.clientes' was not found in the response/);
		expect(error.message).toMatch(
			/'clientes' is missing at data, which holds an object with keys 'cliente', 'total'/,
		);
		expect(error.description).toMatch(/Records Path/);
	});

	it('a record nested 50 levels deep: a depth error naming the customer, no crash', async () => {
		const error = nodeErrorOf(await listHostile('deep-nesting'));

		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toMatch(
			/^Item 0: customer C0001 is invalid - Field 'endereco\.nivel4\.nivel5\.nivel6\.nivel7\.…' is nested more than 32 levels deep/,
		);
		expectReadable(error.message);

		const report = await listHostile('deep-nesting', { validationMode: 'report' });
		expect(report.status).toBe('success');
		expect(issuesOf(report.json[0][0])).toEqual([
			expect.objectContaining({ field: 'endereco', rule: 'shape' }),
		]);
	});

	it('a record nested 20 levels deep is flattened to one key', async () => {
		const result = await listHostile('deep-nesting', { query: '?depth=20' });

		expect(result.status).toBe('success');
		const keys = Object.keys(result.json[0][0]);
		const deepest = keys.find((key) => key.startsWith('enderecoNivel4'));
		expect(deepest).toMatch(/^enderecoNivel4Nivel5.*Nivel20Cep$/);
		// Not a canonical field, so kept as received.
		expect(result.json[0][0][deepest!]).toBe('01310-200');
	});
});

/** Every value of an output item is a scalar or a list of scalars: what n8n stores and shows without recursion trouble. */
function expectFlat(item: IDataObject): void {
	for (const [key, value] of Object.entries(item)) {
		if (key === '_validation') continue;
		const scalars = Array.isArray(value) ? value : [value];
		for (const scalar of scalars)
			expect(scalar === null || typeof scalar !== 'object', key).toBe(true);
	}
}

describe('records n8n could not store come out flat, the part too deep replaced by a marker', () => {
	it.each([
		['report', 'valid'],
		['route', 'invalid'],
	] as const)(
		'100,000 levels deep, %s mode: one flat item with a marker and a depth issue, the engine intact',
		async (validationMode, output) => {
			const result = await listHostile('deep-nesting', { query: '?depth=100000', validationMode });

			expect(result.status).toBe('success');
			const items = output === 'valid' ? result.json[0] : result.json[1];
			expect(items).toHaveLength(1);
			const [item] = items;
			expectFlat(item);
			expect(item.codigo).toBe('C0001');
			expect(item.nome).toBe('MARIA APARECIDA DA SILVA');
			expect(Object.values(item)).toContain('[not read: nested more than 32 levels deep]');
			expect(issuesOf(item)).toEqual([
				expect.objectContaining({ field: 'endereco', rule: 'shape' }),
			]);
			expect(JSON.stringify(result.json).length).toBeLessThan(5_000);
		},
	);

	it('a list nested 100,000 levels deep inside a field is replaced too, with an issue naming the field', async () => {
		const deepList = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
		const loopback = await startLoopback(() => ({
			body: `[{"codigo":"C0001","nome":"Ana","tags":${deepList}},{"codigo":"C0002","nome":"Bia","tags":[["a"]]}]`,
		}));
		try {
			const result = await runCustomerNode({
				credential: { baseUrl: `${loopback.origin}/api`, username: 'u', password: 'p' },
				parameters: listParameters({ pagination: 'none', validationMode: 'report' }),
			});
			expect(result.status).toBe('success');
			const [first, second] = result.json[0];
			expectFlat(first);
			expect(first.tags).toBe('[not read: nested more than 32 levels deep]');
			expect(issuesOf(first)).toEqual([expect.objectContaining({ field: 'tags', rule: 'shape' })]);
			// A shallow list is a value like any other.
			expect(second.tags).toEqual([['a']]);
			expect(issuesOf(second)).toEqual([]);
		} finally {
			await loopback.close();
		}
	});

	it('Nested Objects: Refuse gives the refused record flat too, with the refusal as its issue', async () => {
		const result = await listHostile('deep-nesting', {
			query: '?depth=6',
			validationMode: 'report',
			options: { nestedObjects: 'refuse' },
		});
		expect(result.status).toBe('success');
		const [item] = result.json[0];
		expectFlat(item);
		expect(issuesOf(item)).toEqual([expect.objectContaining({ field: 'endereco', rule: 'shape' })]);
	});
});

describe('unusual but readable answers give the right items', () => {
	it('a bare object is one record', async () => {
		const result = await listHostile('bare-object');

		expect(result.status).toBe('success');
		expect(result.json[0]).toEqual([
			{
				codigo: 'C0001',
				nome: 'MARIA APARECIDA DA SILVA',
				cpf: '52998224725',
				email: 'maria.silva@example.com.br',
				telefone: '+5511987654321',
				ativo: true,
			},
		]);
	});

	it('null and an empty body are no records, not an error', async () => {
		for (const kind of ['null', 'empty'] as const) {
			const result = await listHostile(kind);
			expect(result.status, kind).toBe('success');
			expect(result.json[0], kind).toEqual([]);
		}
	});

	it('a UTF-8 byte order mark is skipped', async () => {
		const result = await listHostile('bom');

		expect(result.json[0].map((item) => item.codigo)).toEqual(['C0001']);
	});

	it('10,000 keys in one record: one item with every key', async () => {
		const result = await listHostile('many-keys');

		expect(result.status).toBe('success');
		expect(result.json[0]).toHaveLength(1);
		expect(Object.keys(result.json[0][0])).toHaveLength(10_000);
		expect(result.json[0][0].campo_09994).toBe('valor 9994');
	});

	it('duplicate keys: the last value wins, as in JSON.parse, and is validated', async () => {
		const result = await listHostile('duplicate-keys');

		expect(result.status).toBe('success');
		expect(result.json[0][0]).toMatchObject({
			cpf: '52998224725',
			email: 'maria.silva@example.com.br',
		});
	});

	it('values of the wrong type are validation problems, not crashes', async () => {
		const result = await listHostile('wrong-types', { validationMode: 'report' });

		expect(result.status).toBe('success');
		const [first, second] = result.json[0];
		const fields = (item: IDataObject) =>
			issuesOf(item).map((issue) => `${issue.field}:${issue.rule}`);
		expect(fields(first)).toEqual(
			expect.arrayContaining([
				'cpf:type',
				'telefone:type',
				'enderecoCep:type',
				'enderecoEstado:type',
			]),
		);
		expect(fields(second)).toEqual(expect.arrayContaining(['cpf:type', 'cnpj:type']));
		for (const issue of [...issuesOf(first), ...issuesOf(second)]) {
			expect(issue.message.startsWith(`${issue.field}: `)).toBe(true);
		}
		expect(issuesOf(first).find((issue) => issue.field === 'cpf')?.message).toBe(
			'cpf: expected the CPF as text, got a number (leading zeros may have been lost)',
		);

		const strict = nodeErrorOf(await listHostile('wrong-types'));
		expect(strict.message).toMatch(
			/^Item 0: customer 1 is invalid - cpf: expected the CPF as text/,
		);
	});

	it('a Latin-1 body that declares charset=ISO-8859-1 decodes correctly', async () => {
		const latin1 = await startLoopback(() => ({
			headers: { 'content-type': 'application/json; charset=ISO-8859-1' },
			body: Buffer.from(
				JSON.stringify([
					{ codigo: 'C0001', nome: 'JOÃO DA CONCEIÇÃO', endereco_cidade: 'SÃO PAULO' },
				]),
				'latin1',
			),
		}));
		try {
			const result = await runCustomerNode({
				credential: { baseUrl: `${latin1.origin}/api`, username: 'u', password: 'p' },
				parameters: listParameters({ pagination: 'none' }),
			});

			expect(result.json[0]).toEqual([
				{ codigo: 'C0001', nome: 'JOÃO DA CONCEIÇÃO', enderecoCidade: 'SÃO PAULO' },
			]);
		} finally {
			await latin1.close();
		}
	});
});

describe('a 50 MB answer', () => {
	/** Peak resident memory above the start, sampled while `work` runs. */
	async function peakGrowth<T>(work: () => Promise<T>): Promise<{ value: T; megabytes: number }> {
		const before = process.memoryUsage().rss;
		let peak = before;
		const sampler = setInterval(() => {
			peak = Math.max(peak, process.memoryUsage().rss);
		}, 25);
		try {
			const value = await work();
			peak = Math.max(peak, process.memoryUsage().rss);
			return { value, megabytes: Math.round((peak - before) / 1024 / 1024) };
		} finally {
			clearInterval(sampler);
		}
	}

	it('with a Limit: parsed in one piece, the first records out, memory bounded', async () => {
		const { value: result, megabytes } = await peakGrowth(() =>
			listHostile('huge', { limit: 5, options: { timeoutSeconds: 60 } }),
		);

		console.info(`50 MB body, Limit 5: peak memory growth ${megabytes} MB`);
		expect(result.status).toBe('success');
		expect(result.json[0].map((item) => item.codigo)).toEqual([
			'H00000000',
			'H00000001',
			'H00000002',
			'H00000003',
			'H00000004',
		]);
		expect(megabytes).toBeLessThan(1_024);
	}, 60_000);

	it('with Return All: every record (242,726 of them), without a stack overflow', async () => {
		const { value: result, megabytes } = await peakGrowth(() =>
			listHostile('huge', { options: { timeoutSeconds: 60 } }),
		);

		console.info(`50 MB body, Return All: peak memory growth ${megabytes} MB`);
		expect(result.error?.message).toBeUndefined();
		const items = result.json[0];
		expect(items).toHaveLength(242_726);
		expect(items[0].codigo).toBe('H00000000');
		expect(items[items.length - 1].codigo).toBe(`H${String(items.length - 1).padStart(8, '0')}`);
		expect(megabytes).toBeLessThan(2_048);
	}, 90_000);
});

describe('TLS with a CA the n8n host does not trust', () => {
	let tlsApi: SampleApi;
	let dir: string;

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'faults-tls-'));
		tlsApi = await startApi({ records: 5, tls: { dir } });
	});

	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('says the certificate could not be verified and how to fix it, for Basic and OAuth2', async () => {
		for (const auth of ['basic', 'oauth2'] as const) {
			const result = await runCustomerNode({
				auth,
				credential: auth === 'basic' ? basicCredentialOf(tlsApi) : oauthCredentialOf(tlsApi),
				parameters: listParameters(),
			});

			const error = nodeErrorOf(result);
			expect(error.name, auth).toBe('NodeApiError');
			expect(error.message, auth).toMatch(
				/^The customer API's TLS certificate could not be verified \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)$/,
			);
			expect(error.description, auth).toMatch(/NODE_EXTRA_CA_CERTS=\/path\/to\/ca\.pem/);
			expect(error.description, auth).toMatch(/never skips certificate checks/);
			expectReadable(error.message);
			expectReadable(error.description);
		}
		// The handshake failed: no HTTP request, so no credential, ever reached the server.
		expect(tlsApi.state.requests).toHaveLength(0);
	});
});

describe('errors about a broken answer name the input item and the option as the user sees it', () => {
	it('every error about a broken answer names the input item, as the README promises', async () => {
		const messages: string[] = [];
		for (const kind of ['non-json', 'html-200', 'seed-example', 'non-utf8'] as const) {
			messages.push(nodeErrorOf(await listHostile(kind)).message);
		}

		for (const message of messages) expect(message).toMatch(/^Item 0: /);
	});

	it("the Records Path error calls the option by the name the user sees ('Records Path')", async () => {
		const error = nodeErrorOf(
			await listHostile('wrapper-without-array', { options: { recordsPath: 'data.clientes' } }),
		);

		expect(error.message).toMatch(/Records Path 'data\.clientes'/);
		expect(error.message).not.toMatch(/Items Path/);
	});
});
