import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { baseUrlProperties } from './baseUrlProperties';

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

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.username}}',
				password: '={{$credentials.password}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '={{$credentials.testPath}}',
			method: 'GET',
		},
	};
}
