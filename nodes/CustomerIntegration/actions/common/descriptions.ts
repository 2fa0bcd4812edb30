import type { INodeProperties } from 'n8n-workflow';

export const validationModeProperty: INodeProperties = {
	displayName: 'Validation Mode',
	name: 'validationMode',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Report',
			value: 'report',
			description: 'Output every record, each with a _validation field listing its problems',
		},
		{
			name: 'Route',
			value: 'route',
			description:
				'Valid records go to the first output, invalid ones (with their problems) to the second',
		},
		{
			name: 'Strict',
			value: 'strict',
			description:
				'An invalid record fails its input item (or becomes an error item when the node is set to continue on error)',
		},
	],
	default: 'strict',
	description:
		'What to do with records that break the validation rules (CPF, CNPJ, CEP, phone, UF, dates, email). Invalid records are never sent to the API.',
};

/** Shared by the reads (in recordOptions) and Update, where a record without a required field is not sent. */
export const requiredFieldsOption: INodeProperties = {
	displayName: 'Required Field Names or IDs',
	name: 'requiredFields',
	type: 'multiOptions',
	// The fields of the API's own customers (methods/loadOptions.ts), the standard ones when it cannot be read.
	typeOptions: { loadOptionsMethod: 'getRecordFields', loadOptionsDependsOn: ['path'] },
	default: [],
	description:
		'Fields a record must have to be valid (an Update record without them is not sent). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** Options that shape the records a read returns; shared by Get and Get Many. */
export const recordOptions: INodeProperties[] = [
	{
		displayName: 'Keep Values As Received',
		name: 'keepValuesAsReceived',
		type: 'boolean',
		default: false,
		description:
			'Whether to output values exactly as the API sent them (masks, dd/mm/yyyy dates) instead of normalized (digits only, ISO dates, E.164 phones). Validation runs either way.',
	},
	{
		displayName: 'Nested Objects',
		name: 'nestedObjects',
		type: 'options',
		options: [
			{
				name: 'Flatten',
				value: 'flatten',
				description: 'Turn endereco: {cep} into enderecoCep',
			},
			{
				name: 'Refuse',
				value: 'refuse',
				description: 'Fail with a clear error: the API must return level-one fields',
			},
		],
		default: 'flatten',
	},
	{
		displayName: 'Records Path',
		name: 'recordsPath',
		type: 'string',
		default: '',
		placeholder: 'data.customers',
		description:
			'Dot path to the array of customers in the response. Leave empty to detect it: a top-level array, an array under data, items, results, records, customers or clientes, or one customer under data, cliente, customer or result (null there means not found).',
	},
	requiredFieldsOption,
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description:
			'Whether to return only the standard customer fields (name, code, documents, contact, address) and drop the fields specific to this API',
	},
];

/** The editor's bounds of the request options; settings.ts keeps them for values from expressions too. */
export const REQUEST_OPTION_BOUNDS = {
	maxAttempts: { minValue: 1, maxValue: 20 },
	maxWaitSeconds: { minValue: 0, maxValue: 600 },
	timeoutSeconds: { minValue: 1, maxValue: 600 },
	// Above about 512 MB a body no longer fits in one JavaScript string.
	maxResponseSizeMb: { minValue: 1, maxValue: 500 },
} as const;

/** Options of the HTTP layer; shared by every operation. */
export const requestOptions: INodeProperties[] = [
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { ...REQUEST_OPTION_BOUNDS.maxAttempts },
		default: 5,
		description:
			'How many times to try a request that fails with a temporary error (429, 502, 503, 504, connection reset, timeout) before giving up',
	},
	{
		displayName: 'Max Wait (Seconds)',
		name: 'maxWaitSeconds',
		type: 'number',
		typeOptions: { ...REQUEST_OPTION_BOUNDS.maxWaitSeconds },
		default: 30,
		description:
			'The longest pause between two attempts, also when the API asks for a longer one with Retry-After',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { ...REQUEST_OPTION_BOUNDS.timeoutSeconds },
		default: 30,
		description:
			'The longest one request may take, from sending it to the last byte of the answer (a body that keeps trickling in is cut off too); a request that runs out of time counts as a temporary error',
	},
	{
		displayName: 'Max Response Size (MB)',
		name: 'maxResponseSizeMb',
		type: 'number',
		typeOptions: { ...REQUEST_OPTION_BOUNDS.maxResponseSizeMb },
		default: 100,
		description:
			'The largest answer the node reads, counted after decompression; a larger one is an error (not retried). Ask for smaller pages rather than raising it.',
	},
];

/** The editor's bounds of every operation's Concurrency; the router keeps them for values from expressions too. */
export const CONCURRENCY_BOUNDS = { minValue: 1, maxValue: 50 } as const;

/**
 * Ten lookups at once: many ERP and CRM APIs serve only a handful of requests per client at a time, and
 * ten keeps a lookup per input item about ten times faster than one by one at typical latencies. An API
 * that takes fewer answers 429 or 503 and the node sends fewer at once.
 */
export const READ_CONCURRENCY_DEFAULT = 10;

/** Shared by Get and Get Many: how many requests of the run may be in flight at once. */
export const readConcurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { ...CONCURRENCY_BOUNDS },
	default: READ_CONCURRENCY_DEFAULT,
	description:
		'How many requests to send at the same time (lookups of different items, pages of a listing). Many ERPs accept only a handful at once: when the API answers 429 or 503, the node sends fewer and honours its Retry-After.',
};

/** Reads only: a write goes to the primary webservice, so the two systems never diverge silently. */
export const secondaryWebserviceOption: INodeProperties = {
	displayName: 'Secondary Webservice',
	name: 'secondaryWebservice',
	type: 'options',
	options: [
		{
			name: 'Never',
			value: 'never',
			description: 'Only ask the primary webservice',
		},
		{
			name: 'When the Primary Fails',
			value: 'onError',
			description: 'Ask the secondary when the primary keeps failing (retries spent, 5xx, network)',
		},
		{
			name: 'When the Primary Fails or Finds Nothing',
			value: 'onErrorOrNotFound',
			description: 'Also ask the secondary when the primary has no matching customer',
		},
	],
	default: 'onError',
	description:
		"When to use the credential's Secondary Base URL. Has no effect when the credential has none. Each item says which webservice answered in _webservice.",
};

/** A collection's options in alphabetical order, as n8n lists them (shared options are spread in between). */
export function alphabetical(options: INodeProperties[]): INodeProperties[] {
	return [...options].sort((a, b) => a.displayName.localeCompare(b.displayName));
}
