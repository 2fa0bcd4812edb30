import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';

import { basicAuthorization } from './client.mts';
import { startSampleApi, type SampleApi, type SampleApiOptions } from './server.mts';

const CLIENT = { clientId: 'test-client', clientSecret: 'test-client-secret' };
const REDIRECT = 'http://localhost:5678/rest/oauth2-credential/callback';

let api: SampleApi | undefined;

afterEach(async () => {
	await api?.close();
	api = undefined;
});

async function start(options: SampleApiOptions = {}): Promise<SampleApi> {
	api = await startSampleApi({ records: 20, oauth: CLIENT, ...options });
	return api;
}

function tokenRequest(
	server: SampleApi,
	form: Record<string, string>,
	authorization: string | null = basicAuthorization({
		username: CLIENT.clientId,
		password: CLIENT.clientSecret,
	}),
): Promise<Response> {
	const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
	if (authorization) headers.authorization = authorization;
	return fetch(server.credentials.oauth.tokenUrl, {
		method: 'POST',
		headers,
		body: new URLSearchParams(form),
	});
}

async function token(
	server: SampleApi,
	form: Record<string, string>,
): Promise<Record<string, unknown>> {
	const response = await tokenRequest(server, form);
	expect(response.status).toBe(200);
	expect(response.headers.get('cache-control')).toBe('no-store');
	return (await response.json()) as Record<string, unknown>;
}

function withBearer(
	server: SampleApi,
	accessToken: unknown,
	path = '/clientes/C0001',
): Promise<Response> {
	return fetch(server.url + path, { headers: { authorization: `Bearer ${String(accessToken)}` } });
}

async function authorizationCode(
	server: SampleApi,
	extra: Record<string, string> = {},
): Promise<string> {
	const query = new URLSearchParams({
		client_id: CLIENT.clientId,
		redirect_uri: REDIRECT,
		state: 'xyz',
		response_type: 'code',
		...extra,
	});
	const response = await fetch(`${server.credentials.oauth.authorizeUrl}?${query}`, {
		redirect: 'manual',
	});
	expect(response.status).toBe(302);
	const location = new URL(response.headers.get('location')!);
	expect(location.origin + location.pathname).toBe(REDIRECT);
	expect(location.searchParams.get('state')).toBe('xyz');
	return location.searchParams.get('code')!;
}

describe('Basic Auth', () => {
	it('accepts the configured user and logs the scheme and user only', async () => {
		const server = await start({ basic: { username: 'erp', password: 's3cret-pass' } });
		const ok = await fetch(`${server.url}/clientes/C0001`, {
			headers: { authorization: basicAuthorization({ username: 'erp', password: 's3cret-pass' }) },
		});
		expect(ok.status).toBe(200);
		expect(server.state.requests.at(-1)!.auth).toEqual({ scheme: 'basic', ok: true, user: 'erp' });
		const wrong = await fetch(`${server.url}/clientes/C0001`, {
			headers: { authorization: basicAuthorization({ username: 'erp', password: 'nope' }) },
		});
		expect(wrong.status).toBe(401);
		expect(JSON.stringify(server.state.requests)).not.toContain('s3cret-pass');
	});

	it('answers 401 with Basic and Bearer challenges when no credentials are sent', async () => {
		const server = await start();
		const response = await fetch(`${server.url}/clientes`);
		expect(response.status).toBe(401);
		const challenge = response.headers.get('www-authenticate') ?? '';
		expect(challenge).toMatch(/Basic realm=/);
		expect(challenge).toMatch(/Bearer realm=/);
		expect(server.state.requests.at(-1)!.auth).toEqual({ scheme: 'none' });
	});

	it('defaults to demo / demo-password', async () => {
		const server = await startSampleApi({ records: 5 });
		api = server;
		expect(server.credentials.basic).toEqual({ username: 'demo', password: 'demo-password' });
		const response = await fetch(`${server.url}/clientes`, {
			headers: { authorization: basicAuthorization(server.credentials.basic) },
		});
		expect(response.status).toBe(200);
	});
});

describe('OAuth2 client credentials', () => {
	it('issues a token with client auth in the Basic header or in the body', async () => {
		const server = await start();
		const viaHeader = await token(server, { grant_type: 'client_credentials', scope: 'customers' });
		expect(viaHeader).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'customers' });
		expect(viaHeader.refresh_token).toBeUndefined();
		const viaBody = await tokenRequest(
			server,
			{
				grant_type: 'client_credentials',
				client_id: CLIENT.clientId,
				client_secret: CLIENT.clientSecret,
			},
			null,
		);
		expect(viaBody.status).toBe(200);
		expect(server.state.tokensIssued).toBe(2);

		const response = await withBearer(server, viaHeader.access_token);
		expect(response.status).toBe(200);
		const logged = server.state.requests.at(-1)!.auth;
		expect(logged).toMatchObject({ scheme: 'bearer', ok: true });
		expect((logged as { tokenId: string }).tokenId).toMatch(/^at-\d+$/);
		const inQuery = await fetch(`${server.url}/clientes?access_token=${String(viaHeader.access_token)}`);
		expect(inQuery.status).toBe(401);
		expect(server.state.requests.at(-1)!.query).toBe('?access_token=***');
		expect(JSON.stringify(server.state)).not.toContain(String(viaHeader.access_token));
	});

	it('answers RFC 6749 errors', async () => {
		const server = await start();
		const badSecret = await tokenRequest(
			server,
			{ grant_type: 'client_credentials' },
			basicAuthorization({ username: CLIENT.clientId, password: 'wrong' }),
		);
		expect(badSecret.status).toBe(401);
		expect(badSecret.headers.get('www-authenticate')).toMatch(/^Basic/);
		expect(await badSecret.json()).toMatchObject({ error: 'invalid_client' });

		const unsupported = await tokenRequest(server, { grant_type: 'password' });
		expect(unsupported.status).toBe(400);
		expect(await unsupported.json()).toMatchObject({ error: 'unsupported_grant_type' });

		const missing = await tokenRequest(server, {});
		expect(await missing.json()).toMatchObject({ error: 'invalid_request' });

		const twoMethods = await tokenRequest(server, {
			grant_type: 'client_credentials',
			client_secret: CLIENT.clientSecret,
		});
		expect(twoMethods.status).toBe(400);
		expect(await twoMethods.json()).toMatchObject({ error: 'invalid_request' });
		expect(server.state.tokensIssued).toBe(0);
	});

	it('expires a token after tokenTtlRequests API requests', async () => {
		const server = await start({ oauth: { ...CLIENT, tokenTtlRequests: 2 } });
		const { access_token: accessToken } = await token(server, { grant_type: 'client_credentials' });
		expect((await withBearer(server, accessToken)).status).toBe(200);
		expect((await withBearer(server, accessToken)).status).toBe(200);
		const expired = await withBearer(server, accessToken);
		expect(expired.status).toBe(401);
		expect(expired.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
		expect(server.state.requests.at(-1)!.auth).toMatchObject({
			scheme: 'bearer',
			ok: false,
			problem: 'expired',
		});
		const { access_token: fresh } = await token(server, { grant_type: 'client_credentials' });
		expect((await withBearer(server, fresh)).status).toBe(200);
	});

	it('expires a token after tokenTtlSeconds', async () => {
		const server = await start({ oauth: { ...CLIENT, tokenTtlSeconds: 0.3 } });
		const { access_token: accessToken, expires_in: expiresIn } = await token(server, {
			grant_type: 'client_credentials',
		});
		expect(expiresIn).toBe(1);
		expect((await withBearer(server, accessToken)).status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect((await withBearer(server, accessToken)).status).toBe(401);
	});

	it('answers 403 for an expired token when expiredStatus is 403', async () => {
		const server = await start({ oauth: { ...CLIENT, expiredStatus: 403 } });
		const { access_token: accessToken } = await token(server, { grant_type: 'client_credentials' });
		server.expireTokens();
		expect((await withBearer(server, accessToken)).status).toBe(403);
		expect((await withBearer(server, 'not-a-token')).status).toBe(401);
	});
});

describe('OAuth2 authorization code and refresh tokens', () => {
	it('redirects back with a code at once and exchanges it once', async () => {
		const server = await start();
		const code = await authorizationCode(server);
		const issued = await token(server, {
			grant_type: 'authorization_code',
			code,
			redirect_uri: REDIRECT,
		});
		expect(issued).toMatchObject({ token_type: 'Bearer' });
		expect(typeof issued.refresh_token).toBe('string');
		expect((await withBearer(server, issued.access_token)).status).toBe(200);

		const again = await tokenRequest(server, {
			grant_type: 'authorization_code',
			code,
			redirect_uri: REDIRECT,
		});
		expect(again.status).toBe(400);
		expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
	});

	it('refuses a code redeemed with another redirect_uri', async () => {
		const server = await start();
		const code = await authorizationCode(server);
		const response = await tokenRequest(server, {
			grant_type: 'authorization_code',
			code,
			redirect_uri: 'http://localhost:9999/elsewhere',
		});
		expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
	});

	it('checks a PKCE S256 verifier', async () => {
		const server = await start();
		const verifier = 'a-verifier-that-is-long-enough-for-pkce-0123456789';
		const challenge = createHash('sha256').update(verifier).digest('base64url');
		const pkce = { code_challenge: challenge, code_challenge_method: 'S256' };
		const bad = await tokenRequest(server, {
			grant_type: 'authorization_code',
			code: await authorizationCode(server, pkce),
			redirect_uri: REDIRECT,
			code_verifier: 'wrong',
		});
		expect(bad.status).toBe(400);
		await token(server, {
			grant_type: 'authorization_code',
			code: await authorizationCode(server, pkce),
			redirect_uri: REDIRECT,
			code_verifier: verifier,
		});
	});

	it('rotates refresh tokens, and a reused one revokes its family', async () => {
		const server = await start();
		const first = await token(server, {
			grant_type: 'authorization_code',
			code: await authorizationCode(server),
			redirect_uri: REDIRECT,
		});
		const second = await token(server, {
			grant_type: 'refresh_token',
			refresh_token: String(first.refresh_token),
		});
		expect(second.refresh_token).not.toBe(first.refresh_token);
		expect(second.access_token).not.toBe(first.access_token);
		expect((await withBearer(server, second.access_token)).status).toBe(200);
		expect(server.state.refreshTokensIssued).toBe(2);

		const reused = await tokenRequest(server, {
			grant_type: 'refresh_token',
			refresh_token: String(first.refresh_token),
		});
		expect(reused.status).toBe(400);
		expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
		const afterReuse = await tokenRequest(server, {
			grant_type: 'refresh_token',
			refresh_token: String(second.refresh_token),
		});
		expect(afterReuse.status).toBe(400);
		expect((await withBearer(server, second.access_token)).status).toBe(401);
	});

	it('refreshes after expiry, as n8n does on a 401', async () => {
		const server = await start({ oauth: { ...CLIENT, tokenTtlRequests: 1 } });
		const first = await token(server, {
			grant_type: 'authorization_code',
			code: await authorizationCode(server),
			redirect_uri: REDIRECT,
		});
		expect((await withBearer(server, first.access_token)).status).toBe(200);
		expect((await withBearer(server, first.access_token)).status).toBe(401);
		const refreshed = await token(server, {
			grant_type: 'refresh_token',
			refresh_token: String(first.refresh_token),
		});
		expect((await withBearer(server, refreshed.access_token)).status).toBe(200);
	});

	it('issues no refresh token when refreshTokens is false', async () => {
		const server = await start({ oauth: { ...CLIENT, refreshTokens: false } });
		const issued = await token(server, {
			grant_type: 'authorization_code',
			code: await authorizationCode(server),
			redirect_uri: REDIRECT,
		});
		expect(issued.refresh_token).toBeUndefined();
	});

	it('redirects unsupported response types back with an error', async () => {
		const server = await start();
		const query = new URLSearchParams({
			client_id: CLIENT.clientId,
			redirect_uri: REDIRECT,
			state: 's',
			response_type: 'token',
		});
		const response = await fetch(`${server.credentials.oauth.authorizeUrl}?${query}`, {
			redirect: 'manual',
		});
		expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe(
			'unsupported_response_type',
		);
		const unknownClient = await fetch(
			`${server.credentials.oauth.authorizeUrl}?client_id=other&redirect_uri=${encodeURIComponent(REDIRECT)}`,
			{ redirect: 'manual' },
		);
		expect(unknownClient.status).toBe(400);
	});
});

describe('revoked client', () => {
	it('is refused by the token endpoint and the authorization endpoint', async () => {
		const server = await start({ oauth: { ...CLIENT, revoked: true } });
		const response = await tokenRequest(server, { grant_type: 'client_credentials' });
		expect(response.status).toBe(401);
		expect(await response.json()).toMatchObject({ error: 'invalid_client' });
		const query = new URLSearchParams({
			client_id: CLIENT.clientId,
			redirect_uri: REDIRECT,
			response_type: 'code',
		});
		const redirect = await fetch(`${server.credentials.oauth.authorizeUrl}?${query}`, {
			redirect: 'manual',
		});
		expect(new URL(redirect.headers.get('location')!).searchParams.get('error')).toBe(
			'unauthorized_client',
		);
	});

	it('loses its tokens when revoked while running', async () => {
		const server = await start();
		const issued = await token(server, {
			grant_type: 'authorization_code',
			code: await authorizationCode(server),
			redirect_uri: REDIRECT,
		});
		server.revokeClient();
		expect((await withBearer(server, issued.access_token)).status).toBe(401);
		const refresh = await tokenRequest(server, {
			grant_type: 'refresh_token',
			refresh_token: String(issued.refresh_token),
		});
		expect(refresh.status).toBe(401);
	});
});
