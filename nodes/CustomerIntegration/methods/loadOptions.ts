import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { describeSampleFields } from '../mapping/sampleFields';
import { CUSTOMER_FIELDS } from '../validation/fields';
import { editorMessageOf, readSampleRecords, samplePathOf } from './sampleRecords';

/** Enough records to meet the fields some customers leave out. */
const SAMPLE_SIZE = 50;

/**
 * Required Fields: the fields of the API's own customers, as the node outputs them (the list of the
 * operation's Path, or its Field List Path / List Search Path), standard ones first; the standard fields,
 * each saying why, when the API cannot be read.
 */
export async function getRecordFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const operation = String(this.getNodeParameter('operation', '') ?? '');
	const path = samplePathOf(this, operation === 'update' ? 'fieldListPath' : 'listSearchPath');
	const options = (this.getNodeParameter('options', {}) ?? {}) as IDataObject;
	let reason: string;
	try {
		const records = await readSampleRecords(this, path, {
			recordsPath: String(options.recordsPath ?? '').trim(),
		});
		const fields = describeSampleFields(records.slice(0, SAMPLE_SIZE));
		if (fields.length > 0) {
			const known = fields.filter((field) => field.canonical);
			const own = fields.filter((field) => !field.canonical);
			return [
				...known.map((field) => ({
					name: field.canonical?.displayName ?? field.key,
					value: field.key,
					description: `${field.key}, a standard field (validated)`,
				})),
				...own.map((field) => ({
					name: field.key,
					value: field.key,
					description: "A field of this API's customers",
				})),
			];
		}
		reason = `GET ${path} answered no customer to read the fields from`;
	} catch (error) {
		reason = `the API could not be read (GET ${path}: ${editorMessageOf(error)})`;
	}
	return CUSTOMER_FIELDS.map((field) => ({
		name: field.displayName,
		value: field.name,
		description: `Standard field; ${reason}`,
	})).sort((a, b) => a.name.localeCompare(b.name));
}
