import nock from 'nock';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { runNode, serialize, setupNock } from '../harness/index.mjs';
import {
	API_ORIGIN,
	AUTH_ORIGIN,
	basicAuthorization,
	CLIENT_ID,
	CLIENT_SECRET,
	clientCredentialsCredential,
	CUSTOMER_PATH,
	CUSTOMER_URL,
	TOKEN_PATH,
	tokenResponse,
} from '../fixtures/credentialData.mjs';
import { RequestEcho } from '../fixtures/RequestEcho.node.mjs';

setupNock();

const CLIENT_CREDENTIALS_GRANT = {
	grant_type: 'client_credentials',
	scope: 'customers:read customers:write',
};

const runWithOAuth2 = async (credential: ICredentialDataDecryptedObject) =>
	await runNode({
		node: new RequestEcho(),
		parameters: { authentication: 'oAuth2', method: 'GET', url: CUSTOMER_URL },
		credentials: { customerIntegrationOAuth2Api: credential },
	});

const accessTokensSaved = (result: Awaited<ReturnType<typeof runWithOAuth2>>) =>
	result.credentialUpdates.map(
		(update) => (update.data.oauthTokenData as { access_token: string }).access_token,
	);

describe('Customer Integration OAuth2 credential, client credentials grant', () => {
	it('fetches a token with the client in a Basic header, calls the API with Bearer, saves the token', async () => {
		nock(AUTH_ORIGIN)
			.post(TOKEN_PATH, CLIENT_CREDENTIALS_GRANT)
			.matchHeader('authorization', basicAuthorization(CLIENT_ID, CLIENT_SECRET))
			.reply(200, tokenResponse('tok-1'));
		nock(API_ORIGIN)
			.get(CUSTOMER_PATH)
			.matchHeader('authorization', 'Bearer tok-1')
			.reply(200, { id: 42 });

		const result = await runWithOAuth2(clientCredentialsCredential);

		expect(result.status).toBe('success');
		expect(result.json).toEqual([[{ id: 42 }]]);
		expect(accessTokensSaved(result)).toEqual(['tok-1']);
		const stored = result.credentialsHelper.stored(result.credentialUpdates[0].id);
		expect(stored.data.oauthTokenData).toMatchObject({
			access_token: 'tok-1',
			n8n_expires_at: expect.any(String),
		});
		// Only the token changes; what the user entered is kept as it was.
		expect(stored.data).toMatchObject(clientCredentialsCredential);
	});

	it('sends the client ID and secret in the body when "Send in Body" is chosen', async () => {
		nock(AUTH_ORIGIN, { badheaders: ['authorization'] })
			.post(TOKEN_PATH, {
				...CLIENT_CREDENTIALS_GRANT,
				client_id: CLIENT_ID,
				client_secret: CLIENT_SECRET,
			})
			.reply(200, tokenResponse('tok-body'));
		nock(API_ORIGIN)
			.get(CUSTOMER_PATH)
			.matchHeader('authorization', 'Bearer tok-body')
			.reply(200, { id: 42 });

		const result = await runWithOAuth2({ ...clientCredentialsCredential, authentication: 'body' });

		expect(result.status).toBe('success');
		expect(accessTokensSaved(result)).toEqual(['tok-body']);
	});

	it('reuses a saved token without asking for a new one', async () => {
		nock(API_ORIGIN)
			.get(CUSTOMER_PATH)
			.matchHeader('authorization', 'Bearer saved-token')
			.reply(200, { id: 42 });

		const result = await runWithOAuth2({
			...clientCredentialsCredential,
			oauthTokenData: tokenResponse('saved-token'),
		});

		expect(result.status).toBe('success');
		expect(result.credentialUpdates).toEqual([]);
	});

	it('on 401 fetches a new token, retries once with it and saves it', async () => {
		nock(AUTH_ORIGIN)
			.post(TOKEN_PATH, CLIENT_CREDENTIALS_GRANT)
			.reply(200, tokenResponse('tok-1'))
			.post(TOKEN_PATH, CLIENT_CREDENTIALS_GRANT)
			.reply(200, tokenResponse('tok-2'));
		nock(API_ORIGIN)
			.get(CUSTOMER_PATH)
			.matchHeader('authorization', 'Bearer tok-1')
			.reply(401, { message: 'token expired' })
			.get(CUSTOMER_PATH)
			.matchHeader('authorization', 'Bearer tok-2')
			.reply(200, { id: 42 });

		const result = await runWithOAuth2(clientCredentialsCredential);

		expect(result.status).toBe('success');
		expect(result.json).toEqual([[{ id: 42 }]]);
		expect(accessTokensSaved(result)).toEqual(['tok-1', 'tok-2']);
		const { data } = result.credentialsHelper.stored(result.credentialUpdates[1].id);
		expect(data.oauthTokenData).toMatchObject({ access_token: 'tok-2' });
	});

	it('with Token Expired Status Codes 401 and 403, a 403 also refreshes the token', async () => {
		nock(AUTH_ORIGIN).post(TOKEN_PATH, CLIENT_CREDENTIALS_GRANT).reply(200, tokenResponse('fresh'));
		nock(API_ORIGIN)
			.get(CUSTOMER_PATH)
			.matchHeader('authorization', 'Bearer stale')
			.reply(403, { message: 'token expired' })
			.get(CUSTOMER_PATH)
			.matchHeader('authorization', 'Bearer fresh')
			.reply(200, { id: 42 });

		const result = await runWithOAuth2({
			...clientCredentialsCredential,
			tokenExpiredStatusCode: ['401', '403'],
			oauthTokenData: tokenResponse('stale'),
		});

		expect(result.status).toBe('success');
		expect(accessTokensSaved(result)).toEqual(['fresh']);
	});

	it('with the default (401 only), a 403 does not refresh and fails with a clear error', async () => {
		nock(API_ORIGIN)
			.get(CUSTOMER_PATH)
			.matchHeader('authorization', 'Bearer stale')
			.reply(403, { message: 'Not allowed to read customers' });

		const result = await runWithOAuth2({
			...clientCredentialsCredential,
			oauthTokenData: tokenResponse('stale'),
		});

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({
			name: 'NodeApiError',
			httpCode: '403',
			message: 'Forbidden - perhaps check your credentials?',
			description: 'Not allowed to read customers',
		});
		expect(result.credentialUpdates).toEqual([]);
	});

	it('a token endpoint that rejects the client fails the run without showing the secret', async () => {
		nock(AUTH_ORIGIN)
			.post(TOKEN_PATH)
			.reply(401, { error: 'invalid_client', error_description: 'Client authentication failed' });

		const result = await runWithOAuth2(clientCredentialsCredential);

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(
			/^Failed to acquire OAuth2 access token: Client authentication failed/,
		);
		expect(result.credentialUpdates).toEqual([]);
		const clientPair = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');
		for (const text of [serialize(result.run), result.logger.text()]) {
			expect(text).not.toContain(CLIENT_SECRET);
			expect(text).not.toContain(clientPair);
		}
	});
});
