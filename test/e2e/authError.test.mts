import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { executeWorkflowRaw, type ExecutionResult } from '../../scripts/n8n-runtime/n8n.mts';
import {
	basicCredential,
	customerNode,
	prepareE2e,
	TRIGGER,
	workflow,
	type E2e,
} from './support.mts';

const WORKFLOW_ID = 'e2eWrongPassword';
const GET_NODE = 'Get Customer';
const WRONG_PASSWORD = 'Wrong-Pass-e2e-7Qx!';
const CPF = '52998224725';

let e2e: E2e;
let result: ExecutionResult;

beforeAll(async () => {
	e2e = await prepareE2e({
		api: { records: 20 },
		credentials: (api) => [basicCredential(api, WRONG_PASSWORD)],
		workflows: workflow(
			WORKFLOW_ID,
			'E2E: wrong password',
			[
				customerNode(GET_NODE, {
					operation: 'get',
					lookupField: 'cpf',
					lookupValue: '529.982.247-25',
					path: '/clientes',
				}),
			],
			[[TRIGGER, GET_NODE]],
		),
	});
	result = await executeWorkflowRaw(e2e.env, WORKFLOW_ID);
});

afterAll(async () => {
	await e2e?.close();
});

describe('A wrong password through the real n8n', () => {
	it('fails the execution: exit code 1, status error', () => {
		expect(result.code).toBe(1);
		expect(result.run?.status).toBe('error');
	});

	it('the run data carries a clear error on the node', () => {
		const error = result.run!.data.resultData.error as
			| { message: string; description?: string }
			| undefined;
		expect(error?.message).toBe(
			'Authorization failed - the customer API answered HTTP 401 to GET /clientes',
		);
		expect(error?.description).toMatch(/Check the username and password of the credential/);
		expect(result.run!.data.resultData.lastNodeExecuted).toBe(GET_NODE);
		const nodeError = result.run!.data.resultData.runData[GET_NODE]?.[0]?.error;
		expect(nodeError?.message).toMatch(/^Authorization failed/);
		// Personal data stays out of the message, too.
		expect(`${error?.message} ${error?.description}`).not.toContain(CPF);
	});

	it("did not retry the 401: only n8n-core's own second attempt, both refused", () => {
		// n8n-core sends a request once more after a 401 (its pre-authentication path); the node's own
		// retries (Max Attempts 5) must not apply to an authorization failure.
		expect(e2e.api.state.requests.map((request) => [request.status, request.auth])).toEqual([
			[401, { scheme: 'basic', ok: false }],
			[401, { scheme: 'basic', ok: false }],
		]);
	});

	it('no secret anywhere in what n8n printed (stdout and stderr)', () => {
		const printed = result.stdout + result.stderr;
		expect(printed.length).toBeGreaterThan(0);
		const user = e2e.api.credentials.basic.username;
		const secrets = [
			WRONG_PASSWORD,
			encodeURIComponent(WRONG_PASSWORD),
			Buffer.from(`${user}:${WRONG_PASSWORD}`).toString('base64'),
			Buffer.from(WRONG_PASSWORD).toString('base64'),
		];
		for (const secret of secrets) expect(printed).not.toContain(secret);
		expect(printed).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}/);
	});
});
