/**
 * `npm start -- --reset` (scripts/lib/demoSetup.mts importDemoData): the demo is imported into a user folder,
 * changed the way the editor changes it (a workflow edited and another archived through n8n's REST API, the
 * Basic credential renamed), then started again without and with the reset.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
	DEMO_OWNER,
	freePort,
	login,
	startN8n,
	type RunningN8n,
} from '../../scripts/n8n-runtime/n8n.mts';
import {
	DEMO_TEMPLATES_DIR,
	DEMO_WORKFLOWS,
	importDemoData,
	type DemoApi,
} from '../../scripts/lib/demoSetup.mts';
import { startChatModelStub, type ChatModelStub } from '../sample-api/chatModel.mts';
import { exportCredential, exportWorkflow, startE2e, type E2e } from './support.mts';

const EDITED = DEMO_WORKFLOWS.lookupByCpf;
const ARCHIVED = DEMO_WORKFLOWS.routeInvalid;
const BASIC_CREDENTIAL_ID = 'demoBasicAuthCred01';
const EDITED_CPF = '111.444.777-35';

let e2e: E2e;
let demoApi: DemoApi;
let chatModel: ChatModelStub;

interface RestWorkflow {
	id: string;
	versionId: string;
	nodes: Array<{ name: string; parameters: Record<string, unknown> }>;
	[key: string]: unknown;
}

async function rest<T>(
	n8n: RunningN8n,
	cookie: string,
	method: string,
	path: string,
	body?: object,
) {
	const response = await fetch(`${n8n.url}/rest${path}`, {
		method,
		headers: {
			cookie,
			'browser-id': 'customer-integration-scripts',
			'content-type': 'application/json',
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
	return (JSON.parse(text) as { data: T }).data;
}

/** What a user does in the editor: edit the lookup CPF, archive a workflow, rename a credential. */
async function editInTheEditor(): Promise<void> {
	const n8n = await startN8n(e2e.userFolder, await freePort(), {
		owner: DEMO_OWNER,
		env: { NODE_EXTRA_CA_CERTS: e2e.api.caPath },
	});
	try {
		const cookie = await login(n8n.url, DEMO_OWNER);
		const workflow = await rest<RestWorkflow>(n8n, cookie, 'GET', `/workflows/${EDITED}`);
		const nodes = workflow.nodes.map((node) =>
			node.name === 'Get Customer by CPF'
				? { ...node, parameters: { ...node.parameters, lookupValue: EDITED_CPF } }
				: node,
		);
		await rest(n8n, cookie, 'PATCH', `/workflows/${EDITED}`, {
			versionId: workflow.versionId,
			name: 'My own lookup',
			nodes,
			connections: workflow.connections,
		});
		await rest(n8n, cookie, 'POST', `/workflows/${ARCHIVED}/archive`, {});
		// As the credential form saves: the data it was given (secrets as n8n's placeholders), one field changed.
		const credential = await rest<{ data: Record<string, unknown> }>(
			n8n,
			cookie,
			'GET',
			`/credentials/${BASIC_CREDENTIAL_ID}?includeData=true`,
		);
		await rest(n8n, cookie, 'PATCH', `/credentials/${BASIC_CREDENTIAL_ID}`, {
			name: 'My renamed credential',
			type: 'customerIntegrationApi',
			data: { ...credential.data, username: 'someone-else' },
		});
	} finally {
		await n8n.stop();
	}
}

async function original(file: string): Promise<{ name: string; nodes: unknown[] }> {
	return JSON.parse(await readFile(join(DEMO_TEMPLATES_DIR, 'workflows', file), 'utf8')) as {
		name: string;
		nodes: unknown[];
	};
}

beforeAll(async () => {
	e2e = await startE2e({ records: 20 });
	const origin = `https://localhost:${new URL(e2e.api.origin).port}`;
	chatModel = await startChatModelStub();
	demoApi = {
		api: e2e.api,
		baseUrl: `${origin}/api`,
		tokenUrl: `${origin}/oauth/token`,
		authorizeUrl: `${origin}/oauth/authorize`,
		chatModel,
		close: async () => undefined,
	};
	await importDemoData(e2e.userFolder, demoApi);
	await editInTheEditor();
});

afterAll(async () => {
	await chatModel?.close();
	await e2e?.close();
});

describe('the demo keeps edits across starts, and --reset restores it', () => {
	it('a second start without --reset keeps what was changed in the editor', async () => {
		await importDemoData(e2e.userFolder, demoApi);
		const edited = await exportWorkflow(e2e.env, EDITED);
		expect(edited.name).toBe('My own lookup');
		expect(
			edited.nodes.find((node) => node.name === 'Get Customer by CPF')?.parameters,
		).toMatchObject({ lookupValue: EDITED_CPF });
		expect((await exportWorkflow(e2e.env, ARCHIVED)).isArchived).toBe(true);
		expect((await exportCredential(e2e.env, BASIC_CREDENTIAL_ID)).name).toBe(
			'My renamed credential',
		);
	});

	it('--reset puts the edited workflow back as demo/ has it, unarchives the archived one, restores the credential', async () => {
		await importDemoData(e2e.userFolder, demoApi, { reset: true });
		const lookup = await original('lookup-by-cpf.json');
		const restored = await exportWorkflow(e2e.env, EDITED);
		expect(restored.name).toBe(lookup.name);
		expect(restored.nodes).toEqual(lookup.nodes);

		const route = await original('route-invalid-records.json');
		const unarchived = await exportWorkflow(e2e.env, ARCHIVED);
		expect(unarchived.isArchived).toBe(false);
		expect(unarchived.nodes).toEqual(route.nodes);

		const credential = await exportCredential(e2e.env, BASIC_CREDENTIAL_ID);
		expect(credential.name).toBe('Sample API (Basic Auth)');
		expect(credential.data).toMatchObject({
			baseUrl: demoApi.baseUrl,
			username: e2e.api.credentials.basic.username,
			password: e2e.api.credentials.basic.password,
		});
	});
});
