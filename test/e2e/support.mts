/**
 * What every e2e file shares: a fresh n8n user folder with this package installed as a community package,
 * the sample API over HTTPS (trusted through its CA, never by ignoring TLS errors), credentials and
 * workflow JSON as n8n imports them, and a look into n8n's credential store.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IConnections, INode, IRun, IWorkflowBase } from 'n8n-workflow';
import { inject } from 'vitest';

import {
	importCredentials,
	importWorkflows,
	installPackageIntoUserFolder,
	N8nCliError,
	n8nEnv,
	runN8n,
} from '../../scripts/n8n-runtime/n8n.mts';
import { startSampleApi, type SampleApi, type SampleApiOptions } from '../sample-api/server.mts';

/** As users see it once the package is installed: `<package name>.<node name>`. */
export const CUSTOMER_NODE_TYPE = 'n8n-nodes-customer-integration.customerIntegration';
export const TRIGGER = 'Manual Trigger';

export const BASIC_CREDENTIAL = {
	id: 'e2eBasicCred',
	name: 'Sample API (Basic Auth)',
	type: 'customerIntegrationApi',
} as const;

export const OAUTH_CREDENTIAL = {
	id: 'e2eOAuthCred',
	name: 'Sample API (OAuth2)',
	type: 'customerIntegrationOAuth2Api',
} as const;

export interface E2e {
	userFolder: string;
	env: NodeJS.ProcessEnv;
	api: SampleApi;
	close(): Promise<void>;
}

/** A user folder with the package installed, and a sample API over HTTPS that n8n trusts by its CA. */
export async function startE2e(apiOptions: Omit<SampleApiOptions, 'tls'> = {}): Promise<E2e> {
	const userFolder = await mkdtemp(join(tmpdir(), 'customer-e2e-n8n-'));
	const api = await startSampleApi({ ...apiOptions, tls: { dir: inject('certificateDir') } });
	try {
		await installPackageIntoUserFolder(userFolder);
	} catch (error) {
		await api.close();
		throw error;
	}
	const env = n8nEnv(userFolder, { NODE_EXTRA_CA_CERTS: api.caPath });
	return {
		userFolder,
		env,
		api,
		close: async () => {
			await api.close();
			await rm(userFolder, { recursive: true, force: true });
		},
	};
}

export interface E2eSetup {
	api?: Omit<SampleApiOptions, 'tls'>;
	/** The credentials to import, for the API just started. */
	credentials: (api: SampleApi) => object[];
	workflows: IWorkflowBase | IWorkflowBase[];
}

/**
 * startE2e, then the credentials and workflows imported into n8n: what every e2e file does before it runs
 * its workflow. If a step fails, the API and the user folder are closed before the error is rethrown.
 */
export async function prepareE2e(setup: E2eSetup): Promise<E2e> {
	const e2e = await startE2e(setup.api);
	try {
		await importCredentials(e2e.env, setup.credentials(e2e.api));
		await importWorkflows(e2e.env, setup.workflows);
		return e2e;
	} catch (error) {
		await e2e.close();
		throw error;
	}
}

/** Import data for the Basic Auth credential; n8n encrypts `data` on import. */
export function basicCredential(api: SampleApi, password = api.credentials.basic.password): object {
	return {
		...BASIC_CREDENTIAL,
		data: { baseUrl: api.url, username: api.credentials.basic.username, password },
	};
}

/** Import data for the OAuth2 credential, client credentials grant, no token stored yet. */
export function oauthCredential(api: Pick<SampleApi, 'url' | 'credentials'>): object {
	const { clientId, clientSecret, tokenUrl } = api.credentials.oauth;
	return {
		...OAUTH_CREDENTIAL,
		data: {
			baseUrl: api.url,
			grantType: 'clientCredentials',
			accessTokenUrl: tokenUrl,
			clientId,
			clientSecret,
			scope: 'customers',
			authentication: 'header',
			tokenExpiredStatusCode: ['401'],
		},
	};
}

export type Auth = 'basic' | 'oauth2';

/** A Customer Integration node as the editor saves it. */
export function customerNode(
	name: string,
	parameters: Record<string, unknown>,
	auth: Auth = 'basic',
): INode {
	const credential = auth === 'basic' ? BASIC_CREDENTIAL : OAUTH_CREDENTIAL;
	return {
		id: randomUUID(),
		name,
		type: CUSTOMER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {
			authentication: auth === 'basic' ? 'basicAuth' : 'oAuth2',
			resource: 'customer',
			...parameters,
		},
		credentials: { [credential.type]: { id: credential.id, name: credential.name } },
	} as INode;
}

export function node(
	name: string,
	type: string,
	typeVersion: number,
	parameters: Record<string, unknown> = {},
): INode {
	return { id: randomUUID(), name, type, typeVersion, position: [0, 0], parameters } as INode;
}

/**
 * A workflow that starts with a Manual Trigger. `links` are [from, to] or [from, to, output index]; nodes
 * are laid out left to right in the order given.
 */
export function workflow(
	id: string,
	name: string,
	nodes: INode[],
	links: Array<[string, string] | [string, string, number]>,
): IWorkflowBase {
	if (id.length > 21) throw new Error(`Workflow id ${id} is longer than n8n's 21 characters`);
	const trigger = node(TRIGGER, 'n8n-nodes-base.manualTrigger', 1);
	const all = [trigger, ...nodes].map((each, index) => ({
		...each,
		position: [index * 240, 0] as [number, number],
	}));
	const connections: IConnections = {};
	for (const [from, to, output = 0] of links) {
		const main = (connections[from] ??= { main: [] }).main;
		while (main.length <= output) main.push([]);
		main[output]!.push({ node: to, type: 'main', index: 0 });
	}
	return {
		id,
		name,
		active: false,
		nodes: all,
		connections,
		settings: { executionOrder: 'v1' },
	} as unknown as IWorkflowBase;
}

/** Items a node emitted on one output (0 = first) in its first run. */
export function outputItems(
	run: IRun,
	nodeName: string,
	output = 0,
): Array<Record<string, unknown>> {
	const taskData = run.data.resultData.runData[nodeName]?.[0];
	if (!taskData) throw new Error(`Node "${nodeName}" did not run`);
	return (taskData.data?.main?.[output] ?? []).map((item) => item.json);
}

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** A credential as n8n's store holds it now, decrypted (`n8n export:credentials --decrypted`). */
export async function exportCredential(
	env: NodeJS.ProcessEnv,
	id: string,
): Promise<StoredCredential> {
	const dir = await mkdtemp(join(tmpdir(), 'customer-e2e-export-'));
	try {
		const file = join(dir, 'credentials.json');
		const result = await runN8n(
			['export:credentials', `--id=${id}`, '--decrypted', `--output=${file}`],
			env,
		);
		if (result.code !== 0) {
			throw new N8nCliError(`n8n export:credentials exited with code ${result.code}`, result);
		}
		const exported = JSON.parse(await readFile(file, 'utf8')) as StoredCredential[];
		const credential = exported.find((each) => each.id === id);
		if (!credential) throw new Error(`Credential ${id} is not in n8n's store`);
		return credential;
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

export interface StoredWorkflow {
	id: string;
	name: string;
	isArchived?: boolean;
	nodes: INode[];
	connections: IConnections;
}

/** A workflow as n8n's store holds it now (`n8n export:workflow`). */
export async function exportWorkflow(env: NodeJS.ProcessEnv, id: string): Promise<StoredWorkflow> {
	const dir = await mkdtemp(join(tmpdir(), 'customer-e2e-export-'));
	try {
		const file = join(dir, 'workflows.json');
		const result = await runN8n(['export:workflow', `--id=${id}`, `--output=${file}`], env);
		if (result.code !== 0) {
			throw new N8nCliError(`n8n export:workflow exited with code ${result.code}`, result);
		}
		const exported = JSON.parse(await readFile(file, 'utf8')) as StoredWorkflow[];
		const found = exported.find((each) => each.id === id);
		if (!found) throw new Error(`Workflow ${id} is not in n8n's store`);
		return found;
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
