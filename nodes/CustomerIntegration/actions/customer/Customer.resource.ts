import type { INodeProperties } from 'n8n-workflow';

import type { CustomerOperation } from '../common/operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

/** The operations by their parameter value ('getAll' is Get Many's: saved workflows use it). */
export const operations = { get, getAll: getMany, update } satisfies Record<string, CustomerOperation>;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customer'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Look up customers by CPF, CNPJ, code, email or phone',
				action: 'Get a customer',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List customers, page by page',
				action: 'Get many customers',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Write corrections back to the customer system',
				action: 'Update a customer',
			},
		],
		default: 'get',
	},
	...get.description,
	...getMany.description,
	...update.description,
];
