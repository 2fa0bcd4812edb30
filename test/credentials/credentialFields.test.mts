import nock from 'nock';
import type { IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { CustomerIntegrationApi } from '../../credentials/CustomerIntegrationApi.credentials.js';
import { CustomerIntegrationOAuth2Api } from '../../credentials/CustomerIntegrationOAuth2Api.credentials.js';
import { OAuth2ApiStandIn, runNode, setupNock, TestCredentialsHelper } from '../harness/index.mjs';
import {
	API_ORIGIN,
	authorizationCodeCredential,
	clientCredentialsCredential,
	CUSTOMER_PATH,
	CUSTOMER_URL,
	tokenResponse,
} from '../fixtures/credentialData.mjs';
import { RequestEcho } from '../fixtures/RequestEcho.node.mjs';

setupNock();

// getDecrypted only reads additionalData to resolve expressions, which these credentials lack.
const noAdditionalData = {} as IWorkflowExecuteAdditionalData;

describe('what n8n hands to the request helpers', () => {
	it('an OAuth2 credential with only the user-entered fields gets client credentials, header auth and 401', async () => {
		const helper = new TestCredentialsHelper();
		const reference = helper.add('customerIntegrationOAuth2Api', clientCredentialsCredential);

		const data = await helper.getDecrypted(
			noAdditionalData,
			reference,
			'customerIntegrationOAuth2Api',
			'trigger',
		);

		expect(helper.getParentTypes('customerIntegrationOAuth2Api')).toEqual(['oAuth2Api']);
		expect(data).toMatchObject({
			...clientCredentialsCredential,
			grantType: 'clientCredentials',
			authentication: 'header',
			authQueryParameters: '',
			tokenExpiredStatusCode: ['401'],
		});
		// The authorization URL only belongs to the authorization code grant.
		expect(data).not.toHaveProperty('authUrl');
	});

	it('the Basic credential holds exactly its declared fields, the connection-test path defaulting to "/clientes"', async () => {
		const helper = new TestCredentialsHelper();
		const reference = helper.add('customerIntegrationApi', {
			baseUrl: `${API_ORIGIN}/api`,
			username: 'u',
			password: 'p',
		});

		const data = await helper.getDecrypted(
			noAdditionalData,
			reference,
			'customerIntegrationApi',
			'trigger',
		);

		expect(data).toEqual({
			baseUrl: `${API_ORIGIN}/api`,
			secondaryBaseUrl: '',
			username: 'u',
			password: 'p',
			testPath: '/clientes',
		});
	});
});

describe('why the OAuth2 credential redeclares tokenExpiredStatusCode', () => {
	class WithoutStatusCodes extends CustomerIntegrationOAuth2Api {
		properties = new CustomerIntegrationOAuth2Api().properties.filter(
			(property) => property.name !== 'tokenExpiredStatusCode',
		);
	}

	it('without it, a saved 403 setting is dropped (oAuth2Api marks it doNotInherit) and 403 never refreshes', async () => {
		const credentialsHelper = new TestCredentialsHelper([
			new CustomerIntegrationApi(),
			new WithoutStatusCodes(),
			new OAuth2ApiStandIn(),
		]);
		nock(API_ORIGIN).get(CUSTOMER_PATH).reply(403, { message: 'token expired' });

		const result = await runNode({
			node: new RequestEcho(),
			parameters: { authentication: 'oAuth2', method: 'GET', url: CUSTOMER_URL },
			credentialsHelper,
			credentials: {
				customerIntegrationOAuth2Api: {
					...clientCredentialsCredential,
					tokenExpiredStatusCode: ['401', '403'],
					oauthTokenData: tokenResponse('stale'),
				},
			},
		});

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ httpCode: '403' });
		expect(result.credentialUpdates).toEqual([]);
	});
});

describe('an authorization code credential that was never connected', () => {
	it('fails before any request with n8n’s "Unable to sign without access token"', async () => {
		const result = await runNode({
			node: new RequestEcho(),
			parameters: { authentication: 'oAuth2', method: 'GET', url: CUSTOMER_URL },
			credentials: { customerIntegrationOAuth2Api: authorizationCodeCredential },
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Unable to sign without access token');
		expect(result.credentialUpdates).toEqual([]);
	});
});
