import nock from 'nock';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { runNode, serialize, setupNock, TestCredentialsHelper } from '../harness/index.mjs';
import {
	API_ORIGIN,
	AUTH_ORIGIN,
	authorizationCodeCredential,
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

const CREDENTIAL_NAME = 'ERP production';

const runWithOAuth2 = async (credential: ICredentialDataDecryptedObject) =>
	await runNode({
		node: new RequestEcho(),
		parameters: { authentication: 'oAuth2', method: 'GET', url: CUSTOMER_URL },
		credentials: { customerIntegrationOAuth2Api: credential },
	});

/** Runs with a credential stored under a user-visible name, as n8n error messages quote it. */
const runWithNamedCredential = async (credential: ICredentialDataDecryptedObject) => {
	const credentialsHelper = new TestCredentialsHelper();
	const reference = credentialsHelper.add('customerIntegrationOAuth2Api', credential, {
		name: CREDENTIAL_NAME,
	});
	return await runNode({
		node: new RequestEcho(),
		parameters: { authentication: 'oAuth2', method: 'GET', url: CUSTOMER_URL },
		credentialsHelper,
		nodeCredentials: { customerIntegrationOAuth2Api: reference },
	});
};

const connectedUser = {
	...authorizationCodeCredential,
	oauthTokenData: tokenResponse('old-access', { refresh_token: 'refresh-1' }),
};

describe('Customer Integration OAuth2 credential, authorization code grant', () => {
	it('on 401 uses the refresh token, retries with the new access token and saves both tokens', async () => {
		nock(AUTH_ORIGIN)
			.post(TOKEN_PATH, { grant_type: 'refresh_token', refresh_token: 'refresh-1' })
			.matchHeader('authorization', basicAuthorization(CLIENT_ID, CLIENT_SECRET))
			.reply(200, tokenResponse('new-access', { refresh_token: 'refresh-2' }));
		nock(API_ORIGIN)
			.get(CUSTOMER_PATH)
			.matchHeader('authorization', 'Bearer old-access')
			.reply(401, { message: 'token expired' })
			.get(CUSTOMER_PATH)
			.matchHeader('authorization', 'Bearer new-access')
			.reply(200, { id: 42 });

		const result = await runWithOAuth2(connectedUser);

		expect(result.status).toBe('success');
		expect(result.json).toEqual([[{ id: 42 }]]);
		expect(result.credentialUpdates).toHaveLength(1);
		const { data } = result.credentialsHelper.stored(result.credentialUpdates[0].id);
		expect(data.oauthTokenData).toMatchObject({
			access_token: 'new-access',
			refresh_token: 'refresh-2',
		});
	});

	it('keeps the old refresh token when the server does not rotate it', async () => {
		nock(AUTH_ORIGIN)
			.post(TOKEN_PATH, { grant_type: 'refresh_token', refresh_token: 'refresh-1' })
			.reply(200, tokenResponse('new-access'));
		nock(API_ORIGIN)
			.get(CUSTOMER_PATH)
			.reply(401, {})
			.get(CUSTOMER_PATH)
			.matchHeader('authorization', 'Bearer new-access')
			.reply(200, { id: 42 });

		const result = await runWithOAuth2(connectedUser);

		expect(result.status).toBe('success');
		const { data } = result.credentialsHelper.stored(result.credentialUpdates[0].id);
		expect(data.oauthTokenData).toMatchObject({
			access_token: 'new-access',
			refresh_token: 'refresh-1',
		});
	});

	it('a revoked refresh token (invalid_grant) asks the user to reconnect the credential', async () => {
		nock(AUTH_ORIGIN)
			.post(TOKEN_PATH)
			.reply(400, { error: 'invalid_grant', error_description: 'Refresh token revoked' });
		nock(API_ORIGIN).get(CUSTOMER_PATH).reply(401, {});

		const result = await runWithNamedCredential(connectedUser);

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({
			message: `The credential "${CREDENTIAL_NAME}" needs to be reconnected.`,
			description: expect.stringContaining('Open the credential and reconnect it to continue.'),
		});
		expect(result.credentialUpdates).toEqual([]);
	});
});

describe('Customer Integration OAuth2 credential, failed refresh of client credentials', () => {
	it('a token endpoint that no longer accepts the client (invalid_client) fails with n8n’s client-authentication message', async () => {
		nock(AUTH_ORIGIN)
			.post(TOKEN_PATH)
			.reply(401, { error: 'invalid_client', error_description: 'Client secret expired' });
		nock(API_ORIGIN).get(CUSTOMER_PATH).reply(401, {});

		const result = await runWithOAuth2({
			...clientCredentialsCredential,
			oauthTokenData: tokenResponse('old-access'),
		});

		expect(result.status).toBe('error');
		// n8n only special-cases invalid_grant; for invalid_client it reports the OAuth error text,
		// which points the user at the client ID/secret of the credential.
		expect(result.error).toMatchObject({
			name: 'NodeApiError',
			httpCode: 'EAUTH',
			message: expect.stringMatching(/^Client authentication failed/),
		});
		expect(result.credentialUpdates).toEqual([]);
		for (const text of [serialize(result.run), result.logger.text()]) {
			expect(text).not.toContain(CLIENT_SECRET);
			expect(text).not.toContain('old-access');
		}
	});
});
