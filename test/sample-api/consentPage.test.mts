/**
 * The sample API's authorization endpoint with its consent page on (oauth.consentPage), as a browser meets
 * it: the Allow / Deny form, the redirect back with a code or with access_denied, and the pages for a
 * redirect URL that is not registered or a client that is unknown.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { basicAuthorization } from './client.mts';
import { startSampleApi, type SampleApi } from './server.mts';

const CLIENT = { clientId: 'test-client', clientSecret: 'test-client-secret' };
const REDIRECT = 'http://localhost:5678/rest/oauth2-credential/callback';

let api: SampleApi | undefined;

afterEach(async () => {
	await api?.close();
	api = undefined;
});

async function start(redirectUris?: string[]): Promise<SampleApi> {
	api = await startSampleApi({
		records: 5,
		oauth: { ...CLIENT, consentPage: true, redirectUris },
	});
	return api;
}

function authorizationQuery(extra: Record<string, string> = {}): URLSearchParams {
	return new URLSearchParams({
		client_id: CLIENT.clientId,
		redirect_uri: REDIRECT,
		response_type: 'code',
		state: 'state-from-n8n',
		scope: 'customers',
		...extra,
	});
}

/** The hidden fields of the consent form, as the browser would send them back. */
function formFields(html: string): URLSearchParams {
	const fields = new URLSearchParams();
	for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
		fields.append(
			match[1],
			match[2].replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))),
		);
	}
	return fields;
}

async function consent(server: SampleApi, query: URLSearchParams): Promise<string> {
	const response = await fetch(`${server.credentials.oauth.authorizeUrl}?${query}`, {
		redirect: 'manual',
	});
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toContain('text/html');
	return await response.text();
}

function decide(server: SampleApi, fields: URLSearchParams, decision: string): Promise<Response> {
	const body = new URLSearchParams(fields);
	body.set('decision', decision);
	return fetch(server.credentials.oauth.authorizeUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body,
		redirect: 'manual',
	});
}

describe('consent page', () => {
	it('asks first: a page with Allow and Deny that carries the request along, and no code yet', async () => {
		const server = await start([REDIRECT]);
		const html = await consent(server, authorizationQuery());
		expect(html).toContain('Allow access to your customer data?');
		expect(html).toMatch(/<button[^>]*value="allow"[^>]*>Allow<\/button>/);
		expect(html).toMatch(/<button[^>]*value="deny"[^>]*>Deny<\/button>/);
		expect(Object.fromEntries(formFields(html))).toEqual(Object.fromEntries(authorizationQuery()));
		expect(html).not.toContain('code=');
	});

	it('Allow: back to the redirect URL with a code (and the state) that the token endpoint exchanges', async () => {
		const server = await start([REDIRECT]);
		const fields = formFields(await consent(server, authorizationQuery()));
		const response = await decide(server, fields, 'allow');
		expect(response.status).toBe(302);
		const location = new URL(response.headers.get('location')!);
		expect(location.origin + location.pathname).toBe(REDIRECT);
		expect(location.searchParams.get('state')).toBe('state-from-n8n');
		const code = location.searchParams.get('code');
		expect(code).toBeTruthy();
		const token = await fetch(server.credentials.oauth.tokenUrl, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				authorization: basicAuthorization({
					username: CLIENT.clientId,
					password: CLIENT.clientSecret,
				}),
			},
			body: new URLSearchParams({
				grant_type: 'authorization_code',
				code: code!,
				redirect_uri: REDIRECT,
			}),
		});
		expect(token.status).toBe(200);
		expect(await token.json()).toMatchObject({ token_type: 'Bearer', scope: 'customers' });
	});

	it('Deny: back to the redirect URL with access_denied and a description that says what to do, no code', async () => {
		const server = await start([REDIRECT]);
		const fields = formFields(await consent(server, authorizationQuery()));
		const response = await decide(server, fields, 'deny');
		expect(response.status).toBe(302);
		const location = new URL(response.headers.get('location')!);
		expect(location.searchParams.get('error')).toBe('access_denied');
		expect(location.searchParams.get('error_description')).toBe(
			'Access was denied on the consent page of the sample customer API. Connect again and choose Allow to grant it.',
		);
		expect(location.searchParams.get('state')).toBe('state-from-n8n');
		expect(location.searchParams.has('code')).toBe(false);
		expect(server.state.tokensIssued).toBe(0);
	});

	it('a redirect URL that is not registered: an error page naming both URLs, never a redirect', async () => {
		const server = await start([REDIRECT]);
		const wrong = 'http://localhost:5999/rest/oauth2-credential/callback';
		for (const response of [
			await fetch(
				`${server.credentials.oauth.authorizeUrl}?${authorizationQuery({ redirect_uri: wrong })}`,
				{
					redirect: 'manual',
				},
			),
			// A forged form post is checked the same way.
			await decide(server, authorizationQuery({ redirect_uri: wrong }), 'allow'),
		]) {
			expect(response.status).toBe(400);
			expect(response.headers.get('location')).toBeNull();
			const html = await response.text();
			expect(html).toContain('This redirect URL is not registered');
			expect(html).toContain(wrong);
			expect(html).toContain(REDIRECT);
			expect(html).toContain('OAuth Redirect URL');
		}
	});

	it('an unknown client or a missing choice: an error page, not JSON', async () => {
		const server = await start();
		const unknown = await fetch(
			`${server.credentials.oauth.authorizeUrl}?${authorizationQuery({ client_id: 'other' })}`,
			{ redirect: 'manual' },
		);
		expect(unknown.status).toBe(400);
		expect(await unknown.text()).toContain('<h1>Unknown application</h1>');
		const noChoice = await decide(server, authorizationQuery(), '');
		expect(noChoice.status).toBe(400);
		expect(await noChoice.text()).toContain('Choose Allow or Deny');
	});

	it('escapes what the request carries into the page', async () => {
		const server = await start();
		const html = await consent(
			server,
			authorizationQuery({ state: '"><script>alert(1)</script>' }),
		);
		expect(html).not.toContain('<script>');
		expect(formFields(html).get('state')).toBe('"><script>alert(1)</script>');
	});

	it('registered redirect URLs can change while running (setRedirectUris)', async () => {
		const server = await start(['http://localhost:1/elsewhere']);
		const before = await fetch(`${server.credentials.oauth.authorizeUrl}?${authorizationQuery()}`, {
			redirect: 'manual',
		});
		expect(before.status).toBe(400);
		server.setRedirectUris([REDIRECT]);
		await consent(server, authorizationQuery());
	});
});

describe('without the consent page (the default)', () => {
	it('POST /oauth/authorize is not a route', async () => {
		api = await startSampleApi({ records: 5, oauth: CLIENT });
		const response = await decide(api, authorizationQuery(), 'allow');
		expect(response.status).toBe(405);
	});
});
