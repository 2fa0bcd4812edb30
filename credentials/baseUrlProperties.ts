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

/**
 * The Basic credential's connection test sends the password like any request, so it keeps the node's rule
 * (transport/urlScope.ts checkBaseUrl): https, or http only to this machine. Any other Base URL is swapped
 * for a host that cannot resolve, so the test fails before a byte is sent, with the reason in the name.
 * Written without braces in the regex: the legacy expression engine would read them as the expression's end.
 */
export const connectionTestBaseUrl =
	"={{ /^(https:\\/\\/|http:\\/\\/(localhost|127\\.\\d+\\.\\d+\\.\\d+|\\[::1\\])(:\\d+)?(\\/|$))/i.test(('' + $credentials.baseUrl).trim()) ? ('' + $credentials.baseUrl).trim() : 'https://base-url-must-use-https.invalid' }}";

/**
 * The test path, always relative to the Base URL: a pasted full URL (`http://…`) or `//host/…` would make
 * the HTTP client ignore the Base URL and send the password there.
 */
export const connectionTestPath =
	"={{ '/' + ('' + $credentials.testPath).trim().replace(/^[\\/\\\\]+/, '') }}";
