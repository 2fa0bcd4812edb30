import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { validationModeProperty } from './actions/common/descriptions';
import * as customer from './actions/customer/Customer.resource';
import { router } from './actions/router';
import { listSearch, loadOptions, resourceMapping } from './methods';

export class CustomerIntegration implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Customer Integration',
		name: 'customerIntegration',
		icon: { light: 'file:customerIntegration.svg', dark: 'file:customerIntegration.dark.svg' },
		group: ['transform'],
		// 1.1: Get picks its customer with one Customer locator (From List, By CPF, …) instead of Look Up By +
		// Value. Workflows saved with 1 keep their version and parameters.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle:
			'={{ $parameter["operation"] === "getAll" ? "Get many customers" : $parameter["operation"] === "update" ? "Update customer" : "Get customer" }}',
		description:
			'Look up, list and update customers (clientes) in your own ERP or CRM API, with validated CPF, CNPJ, CEP, phone and address fields',
		defaults: { name: 'Customer Integration' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Route mode adds a second output for invalid records.
		outputs: `={{ $parameter.validationMode === "route" ? [{ type: "${NodeConnectionTypes.Main}", displayName: "Valid" }, { type: "${NodeConnectionTypes.Main}", displayName: "Invalid" }] : ["${NodeConnectionTypes.Main}"] }}`,
		credentials: [
			{
				name: 'customerIntegrationApi',
				required: true,
				displayOptions: { show: { authentication: ['basicAuth'] } },
			},
			{
				name: 'customerIntegrationOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'Basic Auth', value: 'basicAuth' },
					{ name: 'OAuth2', value: 'oAuth2' },
				],
				default: 'basicAuth',
				// The credential shown depends on it: an expression here would leave none selectable.
				noDataExpression: true,
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Customer', value: 'customer' }],
				default: 'customer',
			},
			...customer.description,
			validationModeProperty,
		],
	};

	methods = { listSearch, loadOptions, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
