/**
 * OAuth2 Authorization Code connected the way a user connects it: the real n8n editor (started by
 * scripts/n8n-runtime/n8n.mts) in Debian's Chromium, "Connect" on the credential, the sample API's
 * own consent page in n8n's popup. Checked in the order a user may meet them: a redirect URL the
 * authorization server does not know, consent refused, consent given (token saved, a Get run with it).
 * Screenshots of each go to docs/.
 *
 * Heavy (n8n in a browser, about 2 minutes) and needs /usr/bin/chromium, so it is not part of `npm test`,
 * `npm run test:e2e` or CI: run it with `npm run test:browser`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
	DEMO_OWNER,
	freePort,
	importCredentials,
	importWorkflows,
	REPO_ROOT,
	startN8n,
	type RunningN8n,
} from '../../scripts/n8n-runtime/n8n.mts';
import {
	CHROMIUM,
	dismissPopups,
	launchChromium,
	logIn,
} from '../../scripts/lib/editorBrowser.mts';
import {
	customerNode,
	exportCredential,
	startE2e,
	workflow,
	TRIGGER,
	type E2e,
} from '../e2e/support.mts';

const DOCS = join(REPO_ROOT, 'docs');
const CREDENTIAL = {
	id: 'browserAuthCodeCred',
	name: 'Sample API (OAuth2 Authorization Code)',
	type: 'customerIntegrationOAuth2Api',
} as const;
const WORKFLOW_ID = 'browserAuthCodeGet';
const GET_NODE = 'Get Customer by CPF';

let e2e: E2e;
let n8n: RunningN8n | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
let callbackUrl: string;

function credentialData(api: E2e['api']): object {
	// The host name the API's certificate is issued for, as a user would type it.
	const origin = `https://localhost:${new URL(api.origin).port}`;
	return {
		...CREDENTIAL,
		data: {
			baseUrl: `${origin}/api`,
			grantType: 'authorizationCode',
			authUrl: `${origin}/oauth/authorize`,
			accessTokenUrl: `${origin}/oauth/token`,
			clientId: api.credentials.oauth.clientId,
			clientSecret: api.credentials.oauth.clientSecret,
			scope: 'customers',
			authQueryParameters: '',
			authentication: 'header',
			tokenExpiredStatusCode: ['401'],
		},
	};
}

function getWorkflow(): object {
	const get = customerNode(
		GET_NODE,
		{ operation: 'get', lookupField: 'cpf', lookupValue: '529.982.247-25', path: '/clientes' },
		'oauth2',
	);
	get.credentials = { [CREDENTIAL.type]: { id: CREDENTIAL.id, name: CREDENTIAL.name } };
	return workflow(
		WORKFLOW_ID,
		'Browser: Get with Authorization Code',
		[get],
		[[TRIGGER, GET_NODE]],
	);
}

async function openCredential(): Promise<ReturnType<Page['locator']>> {
	await page.goto(`${n8n!.url}/home/credentials/${CREDENTIAL.id}`);
	const dialog = page.locator('[data-test-id="credential-edit-dialog"]').first();
	await dialog.waitFor({ timeout: 30_000 });
	await page.waitForTimeout(500);
	return dialog;
}

/** Clicks the credential's Connect button and resolves with the popup n8n opens for the authorization server. */
async function connect(): Promise<Page> {
	const dialog = await openCredential();
	const [popup] = await Promise.all([
		page.waitForEvent('popup', { timeout: 30_000 }),
		// n8n 2.41 names it "Connect" in the banner "Connect your account to use this credential".
		dialog.getByRole('button', { name: 'Connect', exact: true }).click(),
	]);
	// The popup opens on about:blank and is then sent to the Authorization URL.
	await popup.waitForURL((url) => url.protocol === 'https:');
	await popup.locator('main').waitFor();
	return popup;
}

async function shot(target: Page, name: string): Promise<void> {
	await target.screenshot({ path: join(DOCS, name), animations: 'disabled' });
}

beforeAll(async () => {
	if (!existsSync(CHROMIUM)) {
		throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
	}
	e2e = await startE2e({ records: 20, oauth: { consentPage: true } });
	try {
		await importCredentials(e2e.env, [credentialData(e2e.api)]);
		await importWorkflows(e2e.env, getWorkflow());
		const port = await freePort();
		callbackUrl = `http://localhost:${port}/rest/oauth2-credential/callback`;
		n8n = await startN8n(e2e.userFolder, port, {
			owner: DEMO_OWNER,
			env: { NODE_EXTRA_CA_CERTS: e2e.api.caPath },
		});
		browser = await launchChromium();
		// The browser meets the sample API's consent page over HTTPS from a local CA it does not know; n8n itself
		// trusts that CA (NODE_EXTRA_CA_CERTS) for the token exchange and the API calls.
		context = await browser.newContext({
			viewport: { width: 1280, height: 860 },
			ignoreHTTPSErrors: true,
		});
		page = await context.newPage();
		page.setDefaultTimeout(30_000);
		await logIn(page, n8n.url, DEMO_OWNER);
		await dismissPopups(page);
	} catch (error) {
		await browser?.close();
		await n8n?.stop();
		await e2e.close();
		throw error;
	}
});

afterAll(async () => {
	await browser?.close().catch(() => undefined);
	await n8n?.stop();
	await e2e?.close();
});

describe('Authorization Code connected in the real editor, consent on the sample API', () => {
	it("the credential shows n8n's OAuth Redirect URL, the one to register", async () => {
		const dialog = await openCredential();
		await expect.poll(() => dialog.innerText()).toContain(callbackUrl);
		await page.keyboard.press('Escape');
	});

	it('a redirect URL the server does not know: its page says so and names the URL to register', async () => {
		e2e.api.setRedirectUris(['https://n8n.example.com/rest/oauth2-credential/callback']);
		const popup = await connect();
		const text = await popup.locator('main').innerText();
		expect(text).toContain('This redirect URL is not registered');
		expect(text).toContain(callbackUrl);
		expect(text).toContain('OAuth Redirect URL');
		await shot(popup, 'screenshot-oauth2-wrong-redirect.png');
		await popup.close();
		expect(e2e.api.state.tokensIssued).toBe(0);
		await page.keyboard.press('Escape');
	});

	it("Deny on the consent page: n8n's popup shows the refusal and the advice, no token", async () => {
		e2e.api.setRedirectUris([callbackUrl]);
		const popup = await connect();
		await popup.getByRole('button', { name: 'Deny' }).waitFor();
		await shot(popup, 'screenshot-oauth2-consent.png');
		await popup.getByRole('button', { name: 'Deny' }).click();
		await popup.waitForURL((url) => url.pathname === '/rest/oauth2-credential/callback');
		// n8n 2.41's callback page has no code to exchange: its headline is generic, and the server's reason
		// (error, error_description) is under "More details".
		await popup.getByText('Insufficient parameters for OAuth2 callback.').waitFor();
		await popup.getByText('More details').click();
		const text = await popup.locator('body').innerText();
		expect(text).toContain('access_denied');
		expect(text).toContain(
			'Access was denied on the consent page of the sample customer API. Connect again and choose Allow to grant it.',
		);
		expect(text).toContain('Failed to connect');
		await shot(popup, 'screenshot-oauth2-denied.png');
		await popup.close();
		expect(e2e.api.state.tokensIssued).toBe(0);
		await page.keyboard.press('Escape');
	});

	it('Allow: the popup closes, the credential says Account connected', async () => {
		const popup = await connect();
		await popup.getByRole('button', { name: 'Allow' }).click();
		await popup.waitForEvent('close', { timeout: 30_000 });
		const dialog = page.locator('[data-test-id="credential-edit-dialog"]').first();
		await dialog.locator('[data-test-id="oauth-connect-success-banner"]').waitFor();
		expect(await dialog.innerText()).toContain('Account connected');
		expect(e2e.api.state.tokensIssued).toBe(1);
		await page.waitForTimeout(500);
		await shot(page, 'screenshot-credential-oauth2-connected.png');
		await page.keyboard.press('Escape');
	});

	it("a Get run from the editor with that credential finds the customer with the user's token", async () => {
		await page.goto(`${n8n!.url}/workflow/${WORKFLOW_ID}`);
		const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${GET_NODE}"]`).first();
		await node.waitFor();
		await dismissPopups(page);
		await node.dblclick();
		await page.locator('[data-test-id="ndv"]').first().waitFor();
		await page.locator('[data-test-id="node-execute-button"]').first().click();
		await page
			.locator('[data-test-id="ndv-output-panel"], [data-test-id="output-panel"]')
			.first()
			.getByText('MARIA APARECIDA DA SILVA')
			.first()
			.waitFor({ timeout: 60_000 });
		const lookups = e2e.api.state.requests.filter((request) => request.path === '/api/clientes');
		expect(lookups).toEqual([
			expect.objectContaining({
				query: '?cpf=52998224725',
				status: 200,
				auth: expect.objectContaining({ scheme: 'bearer', ok: true }),
			}),
		]);
		// The authorization_code grant issued the only token there is: the Get used the connected account's.
		expect(e2e.api.state.tokensIssued).toBe(1);
	});

	it('the token n8n saved is in its credential store, beside the fields the user typed', async () => {
		// The CLI reads the same database; n8n is stopped first so the two do not share the SQLite file.
		await n8n!.stop();
		const stored = await exportCredential(e2e.env, CREDENTIAL.id);
		expect(stored.data).toMatchObject({
			grantType: 'authorizationCode',
			oauthTokenData: {
				access_token: expect.any(String),
				refresh_token: expect.any(String),
				token_type: 'Bearer',
				scope: 'customers',
			},
		});
	});
});
