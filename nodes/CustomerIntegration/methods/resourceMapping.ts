import type {
	ILoadOptionsFunctions,
	ResourceMapperField,
	ResourceMapperFields,
} from 'n8n-workflow';

import {
	describeSampleFields,
	FALLBACK_NOTICE_ID,
	type SampleField,
} from '../mapping/sampleFields';
import { CUSTOMER_FIELDS } from '../validation/fields';
import { editorMessageOf, readSampleRecords, samplePathOf } from './sampleRecords';

const MATCHABLE = new Set(['codigo', 'cpf', 'cnpj', 'email']);

/** Enough records to meet the fields some customers leave out, few enough to stay instant. */
const SAMPLE_SIZE = 50;

/**
 * Update's fields, from the API itself: the fields of the customers its list answers (Field List Path, or
 * the Update path up to its `{identifier}`), named as the node outputs them. The known customer fields are
 * marked "validated": they are checked before anything is sent and written back in the API's own names.
 * When the API cannot be read, the standard customer fields, and a line saying why.
 */
export async function getCustomerFields(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	const listPath = samplePathOf(this, 'fieldListPath');
	let sample: SampleField[];
	try {
		const records = await readSampleRecords(this, listPath);
		sample = describeSampleFields(records.slice(0, SAMPLE_SIZE));
	} catch (error) {
		return standardFields(`the API could not be read (GET ${listPath}: ${editorMessageOf(error)})`);
	}
	if (sample.length === 0) {
		return standardFields(`GET ${listPath} answered no customer to read the fields from`);
	}
	return { fields: sample.map(fieldOf) };
}

function fieldOf(field: SampleField): ResourceMapperField {
	const { key, canonical } = field;
	return {
		id: key,
		displayName: canonical ? `${canonical.displayName} (${key}, validated)` : key,
		required: false,
		defaultMatch: false,
		canBeUsedToMatch: MATCHABLE.has(key),
		display: true,
		type: field.type,
	};
}

function standardFields(reason: string): ResourceMapperFields {
	return {
		fields: [
			{
				id: FALLBACK_NOTICE_ID,
				displayName: `Standard fields only: ${reason}`,
				required: false,
				defaultMatch: false,
				canBeUsedToMatch: false,
				display: true,
				readOnly: true,
				type: 'string',
			},
			...CUSTOMER_FIELDS.map(
				(field): ResourceMapperField => ({
					id: field.name,
					displayName: field.displayName,
					required: false,
					defaultMatch: false,
					canBeUsedToMatch: MATCHABLE.has(field.name),
					display: true,
					type: field.kind === 'boolean' ? 'boolean' : 'string',
				}),
			),
		],
	};
}
