import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { CUSTOMER_FIELDS } from '../validation/fields';

const MATCHABLE = new Set(['codigo', 'cpf', 'cnpj', 'email']);

/** The standard customer fields; names are the canonical ones, mapped to the API's own names on write. */
export async function getCustomerFields(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	return {
		fields: CUSTOMER_FIELDS.map((field) => ({
			id: field.name,
			displayName: field.displayName,
			required: false,
			defaultMatch: false,
			canBeUsedToMatch: MATCHABLE.has(field.name),
			display: true,
			type: field.kind === 'boolean' ? 'boolean' : 'string',
		})),
	};
}
