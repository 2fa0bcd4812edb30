import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import nock from 'nock';
import { PackageDirectoryLoader } from 'n8n-core';
import type { ICredentialType, INodeType } from 'n8n-workflow';
import { beforeAll, describe, expect, it } from 'vitest';

import { OAuth2ApiStandIn, runNode, setupNock, TestCredentialsHelper } from '../harness/index.mjs';
import {
	API_ORIGIN,
	BASIC_PASSWORD,
	BASIC_USERNAME,
	basicAuthorization,
	basicCredential,
	CUSTOMER_PATH,
	CUSTOMER_URL,
} from '../fixtures/credentialData.mjs';
import { RequestEcho } from '../fixtures/RequestEcho.node.mjs';

setupNock();

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const packageJson = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { credentials: string[]; nodes: string[] };
};
const NODE_NAME = 'customerIntegration';
const CREDENTIAL_NAMES = ['customerIntegrationApi', 'customerIntegrationOAuth2Api'];

/** The built files n8n loads are what is under test here; without them nothing can be said. */
function assertBuilt(): void {
	const declared = [...packageJson.n8n.credentials, ...packageJson.n8n.nodes];
	const missing = declared.filter((file) => !existsSync(join(packageRoot, file)));
	if (missing.length > 0) {
		throw new Error(`Built files missing (${missing.join(', ')}): run npm run build first`);
	}
}

/** An `icons/<package>/<path>` URL from the loader → the file n8n will serve. */
function iconFile(iconUrl: string): string {
	return join(packageRoot, iconUrl.replace(`icons/${packageJson.name}/`, ''));
}

describe('the built package, loaded by n8n-core’s PackageDirectoryLoader', () => {
	let loader: PackageDirectoryLoader;

	beforeAll(async () => {
		assertBuilt();
		loader = new PackageDirectoryLoader(packageRoot);
		await loader.loadAll();
	});

	it('registers both credential types from package.json#n8n, the OAuth2 one extending oAuth2Api', () => {
		expect(Object.keys(loader.known.credentials).sort()).toEqual(CREDENTIAL_NAMES);
		expect(loader.known.credentials.customerIntegrationApi).toMatchObject({
			className: 'CustomerIntegrationApi',
			sourcePath: 'dist/credentials/CustomerIntegrationApi.credentials.js',
		});
		expect(loader.known.credentials.customerIntegrationOAuth2Api).toMatchObject({
			className: 'CustomerIntegrationOAuth2Api',
			extends: ['oAuth2Api'],
		});
	});

	it('ships the light and dark icons the credentials and the node point to', () => {
		const owners = [
			...CREDENTIAL_NAMES.map((name) => ({
				name,
				iconUrl: loader.credentialTypes[name].type.iconUrl,
			})),
			{ name: NODE_NAME, iconUrl: loader.nodeTypes[NODE_NAME].type.description.iconUrl },
		];
		for (const { name, iconUrl } of owners) {
			expect(iconUrl, name).toMatchObject({ light: expect.any(String), dark: expect.any(String) });
			const { light, dark } = iconUrl as { light: string; dark: string };
			expect(light).not.toBe(dark);
			for (const icon of [light, dark]) {
				expect(
					existsSync(iconFile(icon)),
					`${icon} (npm run build copies icons; tsc alone does not)`,
				).toBe(true);
			}
		}
	});

	it('registers the node, its description valid for n8n, supported by both credentials', () => {
		expect(Object.keys(loader.known.nodes)).toEqual([NODE_NAME]);
		const node = loader.nodeTypes[NODE_NAME].type as INodeType;
		expect(node.description.credentials?.map((credential) => credential.name).sort()).toEqual(
			CREDENTIAL_NAMES,
		);
		for (const name of CREDENTIAL_NAMES) {
			expect(loader.known.credentials[name].supportedNodes).toEqual([NODE_NAME]);
		}
	});

	it('gives the nodes panel the words users search by: codex aliases from the .node.json n8n reads', () => {
		// The editor's node search matches the display name and codex.alias (nothing else), so these are
		// the words that find the node: Portuguese, the documents it checks, the systems it reads.
		const { codex } = loader.nodeTypes[NODE_NAME].type.description;
		expect(codex?.alias).toEqual(
			expect.arrayContaining(['Customer', 'Cliente', 'CPF', 'CNPJ', 'ERP', 'CRM']),
		);
		expect(codex?.categories).toContain('Sales');
	});

	it('the built Basic credential authenticates a request through the engine', async () => {
		const builtTypes = CREDENTIAL_NAMES.map((name) => loader.credentialTypes[name].type);
		const credentialsHelper = new TestCredentialsHelper([
			...(builtTypes as ICredentialType[]),
			new OAuth2ApiStandIn(),
		]);
		nock(API_ORIGIN)
			.get(CUSTOMER_PATH)
			.matchHeader('authorization', basicAuthorization(BASIC_USERNAME, BASIC_PASSWORD))
			.reply(200, { id: 42 });

		const result = await runNode({
			node: new RequestEcho(),
			parameters: { authentication: 'basic', method: 'GET', url: CUSTOMER_URL },
			credentialsHelper,
			credentials: { customerIntegrationApi: basicCredential },
		});

		expect(result.status).toBe('success');
		expect(result.json).toEqual([[{ id: 42 }]]);
	});
});
