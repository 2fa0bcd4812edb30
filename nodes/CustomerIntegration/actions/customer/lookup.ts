import type {
	IDisplayOptions,
	IExecuteFunctions,
	INodeParameterResourceLocator,
	INodeProperties,
} from 'n8n-workflow';

import { checkCnpj } from '../../validation/brazil/cnpj';
import { checkCpf } from '../../validation/brazil/cpf';

/** Version 1: Look Up By + Value (+ Field Name). Saved workflows of version 1 keep these. */
const V1 = { '@version': [1] };

/** Version 1.1 on: one Customer resource locator (From List, By CPF, By CNPJ, …). */
const V1_1 = { '@version': [{ _cnd: { gte: 1.1 } }] };

/** Field Name of a custom lookup: one parameter, shown by each version's own switch. */
function customFieldName(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Field Name',
		name: 'customFieldName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'crm',
		description: 'Name of the field, as the API expects it in the query, path or body',
		displayOptions: { show },
	};
}

/** The field a From List value names, before the value itself: `cpf:52998224725`. */
const LIST_VALUE = /^(cpf|cnpj|codigo):(.+)$/;

const customerLocator: INodeProperties = {
	displayName: 'Customer',
	name: 'customer',
	type: 'resourceLocator',
	default: { mode: 'cpf', value: '' },
	required: true,
	description:
		'The customer to look up: pick one from the API, or give a CPF, CNPJ, code, email or phone',
	displayOptions: { show: V1_1 },
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a customer...',
			typeOptions: { searchListMethod: 'searchCustomers', searchable: true },
		},
		{
			displayName: 'By CPF',
			name: 'cpf',
			type: 'string',
			placeholder: 'e.g. 529.982.247-25',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '\\s*\\d{3}\\.?\\d{3}\\.?\\d{3}-?\\d{2}\\s*',
						errorMessage: 'A CPF has 11 digits, e.g. 529.982.247-25 or 52998224725',
					},
				},
			],
		},
		{
			displayName: 'By CNPJ',
			name: 'cnpj',
			type: 'string',
			placeholder: 'e.g. 11.222.333/0001-81',
			validation: [
				{
					type: 'regex',
					properties: {
						regex:
							'\\s*[0-9A-Za-z]{2}\\.?[0-9A-Za-z]{3}\\.?[0-9A-Za-z]{3}/?[0-9A-Za-z]{4}-?\\d{2}\\s*',
						errorMessage:
							'A CNPJ has 14 characters (12 letters or digits, then 2 digits), e.g. 11.222.333/0001-81',
					},
				},
			],
		},
		{
			displayName: 'By Code',
			name: 'codigo',
			type: 'string',
			placeholder: 'e.g. C0001',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '\\s*\\S.*',
						errorMessage: 'Enter the customer code of your system',
					},
				},
			],
		},
		{
			displayName: 'By Email',
			name: 'email',
			type: 'string',
			placeholder: 'e.g. maria.silva@example.com.br',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '\\s*(mailto:)?[^@\\s]+@[^@\\s]+\\.[^@\\s]+\\s*',
						errorMessage: 'Enter an email address, e.g. maria.silva@example.com.br',
					},
				},
			],
			// A pasted mailto: link gives its address.
			extractValue: { type: 'regex', regex: '^\\s*(?:mailto:)?(.*?)\\s*$' },
		},
		{
			displayName: 'By Phone',
			name: 'telefone',
			type: 'string',
			placeholder: 'e.g. (11) 98765-4321',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '\\s*(tel:)?\\+?[\\d\\s().-]{8,20}\\s*',
						errorMessage: 'Enter a phone number with its area code (DDD), e.g. (11) 98765-4321',
					},
				},
			],
			// A pasted tel: link gives its number.
			extractValue: { type: 'regex', regex: '^\\s*(?:tel:)?(.*?)\\s*$' },
		},
		{
			displayName: 'By Other Field',
			name: 'custom',
			type: 'string',
			placeholder: 'The value of the field named below',
		},
	],
};

export const lookupProperties: INodeProperties[] = [
	{
		displayName: 'Look Up By',
		name: 'lookupField',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'CNPJ', value: 'cnpj' },
			{ name: 'Code', value: 'codigo', description: 'The customer code in your system' },
			{ name: 'CPF', value: 'cpf' },
			{
				name: 'Custom Field',
				value: 'custom',
				description: 'Any other field the API can search by',
			},
			{ name: 'Email', value: 'email' },
			{ name: 'Phone', value: 'telefone' },
		],
		default: 'cpf',
		description: 'Which customer field identifies the customer to look up',
		displayOptions: { show: V1 },
	},
	customFieldName({ ...V1, lookupField: ['custom'] }),
	{
		displayName: 'Value',
		name: 'lookupValue',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 529.982.247-25',
		description:
			'The CPF, CNPJ, code, email or phone to look up. CPF, CNPJ and phone may be masked: they are sent as digits.',
		displayOptions: { show: V1 },
	},
	customerLocator,
	// n8n reads a locator's mode by its path, as for any nested value.
	customFieldName({ ...V1_1, 'customer.mode': ['custom'] }),
];

/** What one item looks up: the field (cpf, cnpj, codigo, email, telefone or 'custom') and the value given. */
export interface LookupKey {
	lookupField: string;
	/** The field's name as the API knows it: the Field Name of a custom field. */
	fieldName: string;
	/** As the item gave it; checked and normalized by the caller. */
	entered: unknown;
}

/**
 * The one place that reads an item's lookup, whatever the node's version: Look Up By + Value (1), or the
 * Customer locator (1.1), whose From List value names its field (`cpf:…`).
 */
export function readLookup(fn: IExecuteFunctions, itemIndex: number): LookupKey {
	if (fn.getNode().typeVersion < 1.1) {
		const lookupField = fn.getNodeParameter('lookupField', itemIndex) as string;
		return {
			lookupField,
			fieldName: fieldNameOf(fn, itemIndex, lookupField),
			entered: fn.getNodeParameter('lookupValue', itemIndex),
		};
	}
	const locator = fn.getNodeParameter('customer', itemIndex) as INodeParameterResourceLocator;
	const entered = fn.getNodeParameter('customer', itemIndex, undefined, { extractValue: true });
	if (locator.mode !== 'list') {
		return {
			lookupField: locator.mode,
			fieldName: fieldNameOf(fn, itemIndex, locator.mode),
			entered,
		};
	}
	const text = String(entered ?? '').trim();
	const named = LIST_VALUE.exec(text);
	if (named) return { lookupField: named[1], fieldName: named[1], entered: named[2] };
	// An expression in From List gives a bare value: a valid CPF or CNPJ is one, anything else a code.
	const lookupField = checkCpf(text).ok ? 'cpf' : checkCnpj(text).ok ? 'cnpj' : 'codigo';
	return { lookupField, fieldName: lookupField, entered: text };
}

function fieldNameOf(fn: IExecuteFunctions, itemIndex: number, lookupField: string): string {
	return lookupField === 'custom'
		? String(fn.getNodeParameter('customFieldName', itemIndex)).trim()
		: lookupField;
}

/** The From List value of a customer: its field and value, so the lookup asks the API by that field. */
export function listValueOf(field: 'cpf' | 'cnpj' | 'codigo', value: string): string {
	return `${field}:${value}`;
}
