/**
 * Credential failures through the engine, each with a message that says what to fix: a wrong
 * password, a wrong or revoked OAuth client, a refresh token the server refuses, and an API that
 * answers 403 for an expired token.
 */

import { describe, expect, it } from 'vitest';

import { CustomerIntegration } from '../../nodes/CustomerIntegration/CustomerIntegration.node';
import { runNode, TestCredentialsHelper } from '../harness/index.mjs';
import { runCustomerNode } from '../node/customerNode.mjs';
import {
	basicCredentialOf,
	codesOf,
	connectedUser,
	listParameters,
	nodeErrorOf,
	oauthCredentialOf,
	sampleApis,
} from './support.mjs';

const startApi = sampleApis();

describe('wrong or revoked credentials', () => {
	it('a wrong password: 401, not retried, and what to check', async () => {
		const api = await startApi({ records: 10 });

		const result = await runCustomerNode({
			credential: { ...basicCredentialOf(api), password: 'not-the-password' },
			parameters: listParameters(),
		});

		const error = nodeErrorOf(result);
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe(
			'Authorization failed - the customer API answered HTTP 401 to GET /clientes',
		);
		expect(error.description).toMatch(/username and password/);
		// n8n-core itself sends a request once more after a 401; the node's retries (5) do not apply.
		expect(api.state.requests).toHaveLength(2);
	});

	it('a refresh token the server refuses: reconnect the credential', async () => {
		const api = await startApi({ records: 10 });
		const { clientId, clientSecret, authorizeUrl } = api.credentials.oauth;
		const tokenData = await connectedUser(api, clientId, clientSecret);
		api.expireTokens();

		const result = await runCustomerNode({
			auth: 'oauth2',
			credential: {
				...oauthCredentialOf(api),
				grantType: 'authorizationCode',
				authUrl: authorizeUrl,
				oauthTokenData: tokenData,
			},
			parameters: listParameters(),
		});

		const error = nodeErrorOf(result);
		expect(error.message).toBe(
			'The OAuth2 credential needs to be reconnected - the authorization server refused its refresh token (invalid_grant)',
		);
		expect(error.description).toMatch(/connect it again/);
	});

	it('a wrong client secret names the OAuth error the server gave (invalid_client)', async () => {
		const api = await startApi({ records: 10 });

		const result = await runCustomerNode({
			auth: 'oauth2',
			credential: { ...oauthCredentialOf(api), clientSecret: 'not-the-secret' },
			parameters: listParameters(),
		});

		const error = nodeErrorOf(result);
		expect(error.name).toBe('NodeApiError');
		expect(error.description).toMatch(/Client ID, Client Secret/);
		expect(error.message).toBe(
			'Could not get an OAuth2 access token - the authorization server answered invalid_client',
		);
	});

	it('a client revoked between two runs names the OAuth error too', async () => {
		const api = await startApi({ records: 10 });
		const helper = new TestCredentialsHelper();
		const reference = helper.add('customerIntegrationOAuth2Api', oauthCredentialOf(api));
		const list = () =>
			runNode({
				node: new CustomerIntegration(),
				parameters: {
					authentication: 'oAuth2',
					resource: 'customer',
					...listParameters({ validationMode: 'report' }),
				},
				credentialsHelper: helper,
				nodeCredentials: { customerIntegrationOAuth2Api: reference },
			});
		expect((await list()).status).toBe('success');
		api.revokeClient();

		const error = nodeErrorOf(await list());

		expect(error.message).toBe(
			'Could not get an OAuth2 access token - the authorization server answered invalid_client',
		);
	});
});

describe('an API that answers 403 for an expired token', () => {
	const api403 = () =>
		startApi({ records: 300, oauth: { expiredStatus: 403, tokenTtlRequests: 2 } });

	it('with 403 in Token Expired Status Codes, n8n refreshes and the listing completes', async () => {
		const api = await api403();

		const result = await runCustomerNode({
			auth: 'oauth2',
			credential: { ...oauthCredentialOf(api), tokenExpiredStatusCode: ['401', '403'] },
			parameters: listParameters({ validationMode: 'report' }),
		});

		expect(result.error?.message).toBeUndefined();
		expect(codesOf(result.json[0])).toEqual(api.state.records.map((record) => record.codigo));
		expect(api.state.tokensIssued).toBeGreaterThanOrEqual(2);
	});

	it('without it, a clear 403 that says to add it', async () => {
		const api = await api403();

		const result = await runCustomerNode({
			auth: 'oauth2',
			credential: oauthCredentialOf(api),
			parameters: listParameters({ validationMode: 'report' }),
		});

		const error = nodeErrorOf(result);
		expect(error.message).toBe(
			'Authorization failed - the customer API answered HTTP 403 to GET /clientes',
		);
		expect(error.description).toMatch(/add 403 to "Token Expired Status Codes"/);
	});
});
