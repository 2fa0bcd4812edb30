import type { INodeProperties } from 'n8n-workflow';

/** The customer API's address, the same for both credentials: the node only ever sends them there. */
export const baseUrlProperties: INodeProperties[] = [
	{
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://erp.example.com/api',
		description:
			'Root URL of your customer API. Must use https; plain http is only accepted for localhost.',
	},
	{
		displayName: 'Secondary Base URL',
		name: 'secondaryBaseUrl',
		type: 'string',
		default: '',
		placeholder: 'https://erp-backup.example.com/api',
		description:
			'Optional second webservice with the same API, asked when the primary fails (or also when it finds nothing: see the node option Secondary Webservice). Reads only; updates always go to the Base URL.',
	},
];
