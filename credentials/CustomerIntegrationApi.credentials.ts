import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { baseUrlProperties, connectionTestBaseUrl, connectionTestPath } from './baseUrlProperties';

export class CustomerIntegrationApi implements ICredentialType {
	name = 'customerIntegrationApi';

	displayName = 'Customer Integration API';

	icon: Icon = {
		light: 'file:customerIntegration.svg',
		dark: 'file:customerIntegration.dark.svg',
	};

	documentationUrl =
		'https://github.com/customer-integration/n8n-nodes-customer-integration#credentials';

	properties: INodeProperties[] = [
		...baseUrlProperties,
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Connection Test Path',
			name: 'testPath',
			type: 'string',
			default: '/clientes',
			placeholder: '/clientes?limit=1',
			description:
				'Path, relative to the Base URL, that "Test connection" requests with GET. Pick one that needs authentication and answers 2xx, so a wrong username or password is detected.',
		},
	];

	/**
	 * A function rather than the declarative `{ auth: { username: '={{$credentials.username}}' } }`:
	 * n8n evaluates a declarative one's expressions on every request, which profiled at about a tenth
	 * of the CPU of each update.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			auth: {
				username: String(credentials.username ?? ''),
				password: String(credentials.password ?? ''),
			},
		};
	}

	/**
	 * Redirects are not followed: n8n follows a test request's redirect to another origin with the
	 * Authorization header, and one inside the origin may leave the Base URL's path. A redirect is
	 * reported instead, as the node reports it.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: connectionTestBaseUrl,
			url: connectionTestPath,
			method: 'GET',
			disableFollowRedirect: true,
		},
		rules: [301, 302, 303, 307, 308].map((status) => ({
			type: 'responseCode' as const,
			properties: {
				value: status,
				message: `The Base URL redirects (HTTP ${status}); the test does not follow redirects, so the password is not sent elsewhere. Use the address it redirects to as the Base URL.`,
			},
		})),
	};
}
