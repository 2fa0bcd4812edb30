/**
 * Every failure path, run with recognisable secrets: no password, client secret, token issued by the
 * server, or Basic header appears in an output item, an error, the whole serialized run or a log
 * line; no full CPF/CNPJ of the records appears in an error message.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CustomerIntegration } from '../../nodes/CustomerIntegration/CustomerIntegration.node';
import { runNode, serialize, TestCredentialsHelper, type RunResult } from '../harness/index.mjs';
import { runCustomerNode, type CustomerRun } from '../node/customerNode.mjs';
import type { HostileKind } from '../sample-api/hostile.mts';
import type { SampleApi, SampleApiOptions } from '../sample-api/server.mts';
import { startLoopback, type Loopback } from './loopback.mjs';
import { connectedUser, FAST_REQUESTS, listParameters, sampleApis } from './support.mjs';

const USERNAME = 'leak-check-user';
const PASSWORD = 'Leak-Pw-3f9Z-never-shown';
const WRONG_PASSWORD = 'Wrong-Pw-7Hc4-never-shown';
const CLIENT_ID = 'leak-check-client';
const CLIENT_SECRET = 'Leak-Client-Secret-8Qm2-never-shown';
const WRONG_CLIENT_SECRET = 'Wrong-Client-Secret-2Vt6-never-shown';

const base64 = (text: string) => Buffer.from(text).toString('base64');

const startApi = sampleApis();
const withSecrets = (options: SampleApiOptions = {}) =>
	startApi({
		records: 300,
		...options,
		basic: { username: USERNAME, password: PASSWORD },
		oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...options.oauth },
	});

function basic(api: SampleApi, password = PASSWORD): ICredentialDataDecryptedObject {
	return { baseUrl: api.url, username: USERNAME, password };
}

function oauth(api: SampleApi, extra: IDataObject = {}): ICredentialDataDecryptedObject {
	return {
		baseUrl: api.url,
		grantType: 'clientCredentials',
		accessTokenUrl: api.credentials.oauth.tokenUrl,
		clientId: CLIENT_ID,
		clientSecret: CLIENT_SECRET,
		...extra,
	};
}

interface Scenario {
	label: string;
	result: RunResult;
}

const scenarios: Scenario[] = [];
/** Tokens the servers issued, as n8n received and stored them, plus those fetched by hand below. */
const issuedTokens = new Set<string>();
/** Every CPF/CNPJ of the records served, as served and as bare characters. */
const documents = new Set<string>();

async function run(label: string, options: CustomerRun): Promise<RunResult> {
	const result = await runCustomerNode(options);
	record(label, result);
	return result;
}

function record(label: string, result: RunResult): void {
	for (const update of result.credentialUpdates) {
		const tokenData = update.data.oauthTokenData as IDataObject | undefined;
		for (const key of ['access_token', 'refresh_token']) {
			if (typeof tokenData?.[key] === 'string') issuedTokens.add(tokenData[key] as string);
		}
	}
	scenarios.push({ label, result });
}

function collectDocuments(api: SampleApi): void {
	for (const customer of api.state.records) {
		for (const key of ['cpf', 'cnpj']) {
			const value = customer[key];
			if (typeof value !== 'string') continue;
			const bare = value.replace(/[^0-9A-Za-z]/g, '');
			// A placeholder such as 00000000000 identifies nobody (and equals the placeholder phone).
			if (bare.length < 11 || /^(.)\1*$/.test(bare)) continue;
			documents.add(value);
			documents.add(bare);
		}
	}
}

let tlsDir: string;
let evil: Loopback;

beforeAll(async () => {
	tlsDir = mkdtempSync(join(tmpdir(), 'faults-leaks-'));
	evil = await startLoopback();
}, 60_000);

afterAll(async () => {
	rmSync(tlsDir, { recursive: true, force: true });
	await evil.close();
});

describe('every failure path, run with recognisable secrets', () => {
	it('runs each failure and sees it fail', async () => {
		// Wrong password.
		const api = await withSecrets();
		collectDocuments(api);
		await run('Basic, wrong password', {
			credential: basic(api, WRONG_PASSWORD),
			parameters: listParameters(),
		});

		// A revoked OAuth client: its stored token stops working and it cannot get another.
		const revoked = await withSecrets({ oauth: { tokenTtlRequests: 2 } });
		const helper = new TestCredentialsHelper();
		const reference = helper.add('customerIntegrationOAuth2Api', oauth(revoked));
		const withStoredToken = async (label: string) => {
			const result = await runNode({
				node: new CustomerIntegration(),
				parameters: {
					authentication: 'oAuth2',
					resource: 'customer',
					...listParameters({ validationMode: 'report' }),
				},
				credentialsHelper: helper,
				nodeCredentials: { customerIntegrationOAuth2Api: reference },
			});
			record(label, result);
		};
		await withStoredToken('OAuth2, before the revocation');
		// The capture is real: what n8n stored is what the server issued.
		const stored = helper.stored(reference.id).data.oauthTokenData as IDataObject;
		expect(issuedTokens.has(String(stored.access_token))).toBe(true);
		revoked.revokeClient();
		await withStoredToken('OAuth2, revoked client');

		// A wrong client secret.
		await run('OAuth2, wrong client secret', {
			auth: 'oauth2',
			credential: oauth(api, { clientSecret: WRONG_CLIENT_SECRET }),
			parameters: listParameters(),
		});

		// A refresh the authorization server refuses (the refresh token was already rotated).
		const refresh = await withSecrets();
		const tokens = await connectedUser(refresh, CLIENT_ID, CLIENT_SECRET, (token) =>
			issuedTokens.add(token),
		);
		refresh.expireTokens();
		await run('OAuth2, failed refresh', {
			auth: 'oauth2',
			credential: oauth(refresh, {
				grantType: 'authorizationCode',
				authUrl: refresh.credentials.oauth.authorizeUrl,
				oauthTokenData: tokens,
			}),
			parameters: listParameters(),
		});

		// 401 and 403.
		const forbidden = await withSecrets({
			faults: { seed: 1, script: [{ respond: { status: 403, body: { message: 'Forbidden.' } } }] },
		});
		await run('Basic, 403', { credential: basic(forbidden), parameters: listParameters() });
		const expired403 = await withSecrets({ oauth: { expiredStatus: 403, tokenTtlRequests: 1 } });
		await run('OAuth2, 403 for an expired token', {
			auth: 'oauth2',
			credential: oauth(expired403),
			parameters: listParameters({ validationMode: 'report' }),
		});
		const unauthorized = await withSecrets({
			faults: {
				seed: 1,
				script: [{ respond: { status: 401 } }, { respond: { status: 401 } }],
			},
		});
		await run('OAuth2, 401 also with a new token', {
			auth: 'oauth2',
			credential: oauth(unauthorized),
			parameters: listParameters(),
		});

		// 5xx until Max Attempts run out, Basic and OAuth2.
		const down = await withSecrets({
			faults: { seed: 1, rate: 1, kinds: ['503', '502', 'reset'], maxConsecutive: Infinity },
		});
		await run('Basic, 5xx give-up', { credential: basic(down), parameters: listParameters() });
		await run('OAuth2, 5xx give-up', {
			auth: 'oauth2',
			credential: oauth(down),
			parameters: listParameters(),
		});

		// TLS with an untrusted CA.
		const tls = await withSecrets({ tls: { dir: tlsDir } });
		await run('Basic, TLS', { credential: basic(tls), parameters: listParameters() });
		await run('OAuth2, TLS', {
			auth: 'oauth2',
			credential: oauth(tls),
			parameters: listParameters(),
		});

		// Hostile payloads.
		const hostile: HostileKind[] = [
			'non-json',
			'html-200',
			'seed-example',
			'non-utf8',
			'wrapper-without-array',
			'deep-nesting',
			'wrong-types',
		];
		for (const kind of hostile) {
			await run(`Basic, hostile ${kind}`, {
				credential: basic(api),
				parameters: listParameters({
					path: `/hostile/${kind}`,
					pagination: 'none',
					options: kind === 'wrapper-without-array' ? { recordsPath: 'data.clientes' } : {},
				}),
			});
		}
		await run('OAuth2, hostile non-json', {
			auth: 'oauth2',
			credential: oauth(api),
			parameters: listParameters({ path: '/hostile/non-json', pagination: 'none' }),
		});

		// Invalid records in strict mode: a listing, a lookup by an invalid CPF, an update.
		await run('Basic, strict listing with invalid records', {
			credential: basic(api),
			parameters: listParameters(),
		});
		const invalid = api.state.invalid.find((note) => note.defect === 'cpf-check-digit');
		const invalidCpf = String(
			api.state.records.find((record) => record.codigo === invalid?.codigo)?.cpf,
		);
		await run('Basic, lookup by an invalid CPF', {
			credential: basic(api),
			parameters: {
				operation: 'get',
				lookupField: 'cpf',
				lookupValue: invalidCpf,
				path: '/clientes',
				options: FAST_REQUESTS,
			},
		});
		await run('Basic, strict update of an invalid record', {
			credential: basic(api),
			parameters: {
				operation: 'update',
				path: '/clientes/{codigo}',
				columns: { mappingMode: 'autoMapInputData', value: null },
				options: FAST_REQUESTS,
			},
			input: [{ json: { codigo: invalid?.codigo ?? '', cpf: invalidCpf } }],
		});

		// Scope refusals: a path to another host, and a next-page link to it.
		await run('Basic, path to another host', {
			credential: basic(api),
			parameters: listParameters({ path: `http://127.0.0.1:${evil.port}/api/clientes` }),
		});
		const pages = await startLoopback(() => ({
			body: JSON.stringify({
				results: [{ codigo: 'C0001', nome: 'ANA' }],
				next: `http://127.0.0.1:${evil.port}/api/clientes?page=2`,
			}),
		}));
		try {
			await run('OAuth2, next link to another host', {
				auth: 'oauth2',
				credential: { ...oauth(api), baseUrl: `${pages.origin}/api` },
				parameters: listParameters({ pagination: 'nextUrl' }),
			});
		} finally {
			await pages.close();
		}
		expect(evil.requests).toHaveLength(0);

		// An API or gateway that echoes the request, Authorization header included, in its error text.
		const echo = await startLoopback((request) => ({
			status: 400,
			body: JSON.stringify({
				message: `malformed request, header Authorization: ${String(request.headers.authorization)}`,
			}),
		}));
		try {
			const echoed = await run('Basic, a 400 that echoes the Authorization header', {
				credential: { ...basic(api), baseUrl: `${echo.origin}/api` },
				parameters: listParameters({ pagination: 'none' }),
			});
			// The API's text is still shown, with the credential cut out.
			expect(String(echoed.error?.description)).toContain(
				'The API said: malformed request, header Authorization: [redacted]',
			);
		} finally {
			await echo.close();
		}

		// An API that names the token, or the password, in prose no pattern recognises.
		const prose = await startLoopback((request) => ({
			status: 400,
			body: JSON.stringify({
				message: `credential ${String(request.headers.authorization).split(' ')[1]} lacks scope customers:read (senha incorreta: ${PASSWORD})`,
			}),
		}));
		try {
			const named = await run('Basic, a 400 that names the credential in prose', {
				credential: { ...basic(api), baseUrl: `${prose.origin}/api` },
				parameters: listParameters({ pagination: 'none' }),
			});
			expect(String(named.error?.description)).toContain('lacks scope customers:read');
		} finally {
			await prose.close();
		}

		// Documents written in ways a digit pattern misses: an alphanumeric CNPJ in lower case in the
		// path (percent-encoded there), a CPF typed as a phone, a CPF as the customer code, a CPF in a
		// path without placeholder.
		const cnpj = '12.abc.345/01de-35';
		const cpf = '529.982.247-25';
		for (const value of [cnpj, cpf]) {
			const bare = value.replace(/[^0-9A-Za-z]/g, '');
			for (const form of [value, bare, value.toUpperCase(), bare.toUpperCase()])
				documents.add(form);
		}
		await run('Basic, 401 to a lookup by an alphanumeric CNPJ in the path', {
			credential: basic(api, WRONG_PASSWORD),
			parameters: {
				operation: 'get',
				lookupField: 'cnpj',
				lookupValue: cnpj,
				path: '/clientes/{cnpj}',
				keyLocation: 'path',
				options: { ...FAST_REQUESTS, sendValueAsEntered: true },
			},
		});
		await run('Basic, lookup by phone given a CPF', {
			credential: basic(api),
			parameters: {
				operation: 'get',
				lookupField: 'telefone',
				lookupValue: cpf,
				path: '/clientes',
				options: FAST_REQUESTS,
			},
		});
		await run('Basic, path without placeholder holding a CPF', {
			credential: basic(api),
			parameters: {
				operation: 'get',
				lookupField: 'cpf',
				lookupValue: cpf,
				path: `/clientes/${cpf.replace(/\D/g, '')}`,
				keyLocation: 'path',
				options: FAST_REQUESTS,
			},
		});
		const codedByCpf = await startLoopback(() => ({
			body: JSON.stringify([
				{ codigo: cpf.replace(/\D/g, ''), nome: 'ANA', email: 'not-an-email' },
			]),
		}));
		try {
			await run('Basic, strict listing of a customer whose code is a CPF', {
				credential: { ...basic(api), baseUrl: `${codedByCpf.origin}/api` },
				parameters: listParameters({ pagination: 'none' }),
			});
		} finally {
			await codedByCpf.close();
		}

		// A failing item among others, with continue on error: error items instead of a failed run.
		const flaky = await withSecrets({
			records: 20,
			faults: { seed: 1, rate: 1, kinds: ['503'], maxConsecutive: Infinity },
		});
		await run('Basic, update with continue on error', {
			credential: basic(flaky),
			parameters: {
				operation: 'update',
				path: '/clientes/{codigo}',
				columns: { mappingMode: 'autoMapInputData', value: null },
				options: FAST_REQUESTS,
			},
			input: [{ json: { codigo: 'C0001', nome: 'X' } }, { json: { codigo: 'C0002', nome: 'Y' } }],
			settings: { onError: 'continueRegularOutput' },
		});

		const outcomes = scenarios.map(({ label, result }) => `${label}: ${outcomeOf(result)}`);
		console.info(outcomes.join('\n'));
		// Every scenario but the one before the revocation failed (or produced error items).
		for (const { label, result } of scenarios) {
			if (label === 'OAuth2, before the revocation') expect(result.status, label).toBe('success');
			else expect(outcomeOf(result), label).not.toBe('success');
		}
		// The capture worked: tokens were issued and n8n stored them, so a leak would be found.
		expect(issuedTokens.size).toBeGreaterThanOrEqual(6);
		expect(documents.size).toBeGreaterThan(100);
	}, 60_000);

	it('no output item, error, serialized run or log line holds a secret', () => {
		expect(scenarios.length).toBeGreaterThan(20);
		const secrets: Record<string, string> = {
			password: PASSWORD,
			'wrong password': WRONG_PASSWORD,
			'client secret': CLIENT_SECRET,
			'wrong client secret': WRONG_CLIENT_SECRET,
			'Basic header': base64(`${USERNAME}:${PASSWORD}`),
			'wrong Basic header': base64(`${USERNAME}:${WRONG_PASSWORD}`),
			'client Basic header': base64(`${CLIENT_ID}:${CLIENT_SECRET}`),
		};
		[...issuedTokens].forEach((token, index) => (secrets[`token ${index + 1}`] = token));

		const leaks: string[] = [];
		for (const { label, result } of scenarios) {
			const places: Record<string, string> = {
				output: JSON.stringify(result.json),
				error: `${result.error?.message ?? ''} ${String(result.error?.description ?? '')}`,
				run: serialize(result.run),
				logs: result.logger.text(),
			};
			for (const [name, secret] of Object.entries(secrets)) {
				for (const [place, text] of Object.entries(places)) {
					if (text.includes(secret)) leaks.push(`${label}: ${name} in ${place}`);
				}
			}
		}
		expect(leaks).toEqual([]);
		// The logs were captured (n8n logs every failed node run), so a leak there would be seen.
		expect(scenarios.every(({ result }) => result.logger.lines.length > 0)).toBe(true);
	});

	it('no error message holds a full CPF or CNPJ of the records', () => {
		// Filled by the first test: run alone, this one must fail rather than check nothing.
		expect(scenarios.length).toBeGreaterThan(20);
		expect(documents.size).toBeGreaterThan(100);
		const leaks: string[] = [];
		for (const { label, result } of scenarios) {
			const messages = [
				result.error?.message ?? '',
				String(result.error?.description ?? ''),
				...errorItemsOf(result).flatMap((item) => [item.json.error, item.json.errorDescription]),
			].join('\n');
			for (const document of documents) {
				if (messages.includes(document)) leaks.push(`${label}: ${document.slice(0, 3)}…`);
			}
		}
		expect(leaks).toEqual([]);
	});
});

function errorItemsOf(result: RunResult): INodeExecutionData[] {
	return result.outputs.flat().filter((item) => typeof item.json.error === 'string');
}

function outcomeOf(result: RunResult): string {
	if (result.status !== 'success') return `error: ${result.error?.message ?? '?'}`;
	const errors = errorItemsOf(result);
	return errors.length > 0 ? `error items: ${String(errors[0].json.error)}` : 'success';
}
