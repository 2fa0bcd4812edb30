import type { IRun } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { executeWorkflow } from '../../scripts/n8n-runtime/n8n.mts';
import { rawRequest } from '../sample-api/client.mts';
import type { RequestLog } from '../sample-api/server.mts';
import {
	customerNode,
	exportCredential,
	OAUTH_CREDENTIAL,
	oauthCredential,
	outputItems,
	prepareE2e,
	TRIGGER,
	workflow,
	type E2e,
} from './support.mts';

const WORKFLOW_ID = 'e2eListOAuth2';
const LIST_NODE = 'List Customers';
const RECORDS = 250;
const PAGE_SIZE = 20;
const PAGES = Math.ceil(RECORDS / PAGE_SIZE); // 13, the last one short
/** Every access token dies after this many API requests, so it expires three times mid-listing. */
const TOKEN_REQUESTS = 4;

let e2e: E2e;
let firstRun: IRun;
let firstRequests: RequestLog[];
let tokensAfterFirstRun: number;

const listRequests = (requests: RequestLog[]) =>
	requests.filter((request) => request.method === 'GET' && request.path === '/api/clientes');

const tokenIdOf = (request: RequestLog) =>
	request.auth.scheme === 'bearer' ? request.auth.tokenId : undefined;

beforeAll(async () => {
	e2e = await prepareE2e({
		api: { records: RECORDS, oauth: { tokenTtlRequests: TOKEN_REQUESTS } },
		credentials: (api) => [oauthCredential(api)],
		workflows: workflow(
			WORKFLOW_ID,
			'E2E: Get Many with OAuth2, token expiring mid-pagination',
			[
				customerNode(
					LIST_NODE,
					{
						operation: 'getAll',
						path: '/clientes',
						returnAll: true,
						pagination: 'pageNumber',
						paginationOptions: { pageSize: PAGE_SIZE, pageSizeParameter: 'pageSize' },
						// The generated dataset has invalid records on purpose: report keeps them all in one list.
						validationMode: 'report',
						// One page at a time: this test follows each refused page to its retry with a new token.
						options: { concurrency: 1 },
					},
					'oauth2',
				),
			],
			[[TRIGGER, LIST_NODE]],
		),
	});
	firstRun = await executeWorkflow(e2e.env, WORKFLOW_ID);
	firstRequests = [...e2e.api.state.requests];
	tokensAfterFirstRun = e2e.api.state.tokensIssued;
});

afterAll(async () => {
	await e2e?.close();
});

describe('Get Many through the real n8n, OAuth2 client credentials, token expiring mid-pagination', () => {
	it('outputs every record exactly once, in the API order', () => {
		const codes = outputItems(firstRun, LIST_NODE).map((item) => item.codigo);
		expect(codes).toHaveLength(RECORDS);
		expect(new Set(codes).size).toBe(RECORDS);
		expect(codes).toEqual(e2e.api.state.records.map((record) => record.codigo));
	});

	it('validated every record: the invalid ones the dataset knows of, and only those', () => {
		const items = outputItems(firstRun, LIST_NODE);
		const invalidCodes = items
			.filter((item) => (item._validation as { valid: boolean }).valid === false)
			.map((item) => item.codigo);
		const expected = [...new Set(e2e.api.state.invalid.map((note) => note.codigo))];
		expect(invalidCodes.sort()).toEqual(expected.sort());
	});

	it('the token really expired mid-listing, and each refused page was fetched again with a new token', () => {
		const requests = listRequests(firstRequests);
		const refused = requests.filter((request) => request.status === 401);
		expect(refused.length).toBeGreaterThanOrEqual(2);
		for (const request of refused) {
			expect(request.auth).toMatchObject({ scheme: 'bearer', ok: false, problem: 'expired' });
			const retry = requests[requests.indexOf(request) + 1];
			expect(retry.query).toBe(request.query);
			expect(retry.status).toBe(200);
			expect(tokenIdOf(retry)).not.toBe(tokenIdOf(request));
		}
		// One token at the start, one per expiry: n8n refreshed on 401 and did not fetch tokens needlessly.
		expect(tokensAfterFirstRun).toBe(refused.length + 1);
	});

	it('no page lost or duplicated: pages 1..13 each answered 200 exactly once', () => {
		const answered = listRequests(firstRequests)
			.filter((request) => request.status === 200)
			.map((request) => new URLSearchParams(request.query).get('page'));
		expect(answered).toEqual(Array.from({ length: PAGES }, (_, index) => String(index + 1)));
	});

	it("saved the refreshed token in n8n's credential store: the stored token is the last one issued", async () => {
		const stored = await exportCredential(e2e.env, OAUTH_CREDENTIAL.id);
		const tokenData = stored.data.oauthTokenData as { access_token?: string } | undefined;
		expect(tokenData?.access_token).toEqual(expect.any(String));

		const lastUsed = tokenIdOf(listRequests(firstRequests).at(-1)!);
		const probe = await rawRequest(`${e2e.api.url}/clientes?page=1&pageSize=1`, {
			ca: e2e.api.ca,
			headers: { authorization: `Bearer ${tokenData!.access_token!}` },
		});
		const probeLog = e2e.api.state.requests.at(-1)!;
		expect(probe.status).toBe(200);
		expect(tokenIdOf(probeLog)).toBe(lastUsed);
		// The client secret stays where it was put, next to the token.
		expect(stored.data.clientSecret).toBe(e2e.api.credentials.oauth.clientSecret);
	});

	it('a second run starts with the stored token instead of asking for a new one', async () => {
		const before = e2e.api.state.requests.length;
		const secondRun = await executeWorkflow(e2e.env, WORKFLOW_ID);
		expect(outputItems(secondRun, LIST_NODE)).toHaveLength(RECORDS);
		const [first] = listRequests(e2e.api.state.requests.slice(before));
		expect(tokenIdOf(first)).toBe(tokenIdOf(listRequests(firstRequests).at(-1)!));
	});
});
