import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RecordShapeError } from '../../mapping/errors';
import { FIELD_BY_NAME } from '../../validation/fields';
import { flattenRecord } from '../../mapping/flatten';
import { normalizeRecord } from '../../mapping/normalizeRecord';
import type { RepeatedTexts } from '../../mapping/repeatedTexts';
import { maskDocumentsIn } from '../../validation/documentsInText';
import type { ValidationIssue } from '../../validation/validateCustomer';
import { validateCustomer } from '../../validation/validateCustomer';
import type { ExtractOptions } from '../../mapping/extractRecords';
import { extractRecords } from '../../mapping/extractRecords';
import type { ApiResponse } from '../../transport';
import { redactSecrets } from '../../transport/redact';
import { throwAsItemError } from './errors';
import type { RecordSettings } from './settings';

/**
 * Items of one input item, held until the item succeeds: a strict failure must not leave half its records out.
 * `main` is the first output (valid records, Report mode's records, error items); `invalid` is Route mode's second.
 */
export interface ItemOutput {
	main: INodeExecutionData[];
	invalid: INodeExecutionData[];
}

export function newItemOutput(): ItemOutput {
	return { main: [], invalid: [] };
}

export interface CheckedRecord {
	json: IDataObject;
	valid: boolean;
	issues: ValidationIssue[];
}

/** Flatten, rename to canonical fields, validate and normalize one record; shape problems become issues. */
export function checkRecord(
	raw: Record<string, unknown>,
	settings: RecordSettings,
	texts?: RepeatedTexts,
): CheckedRecord {
	let record: Record<string, unknown>;
	try {
		record = normalizeRecord(raw, { nested: settings.nested, texts }).record;
	} catch (error) {
		// normalizeRecord throws only RecordShapeError: a record it cannot flatten is an invalid record. It is
		// still output flat, what is too deep replaced by a marker: n8n could neither store nor show it.
		const shape = error as RecordShapeError;
		return {
			json: flattenRecord(raw, { nested: 'flatten', tooDeep: 'mark' }).flat as IDataObject,
			valid: false,
			issues: [{ field: shape.field ?? '', rule: 'shape', message: shape.message }],
		};
	}
	const result = validateCustomer(record, {
		normalize: settings.normalize,
		required: settings.required,
		owned: true,
	});
	const json = (
		settings.simplify ? pickCanonical(result.normalized) : result.normalized
	) as IDataObject;
	return { json, valid: result.valid, issues: result.issues };
}

/**
 * The per-record step of emitRecords. Held in an object so the benchmark's ablation
 * (bench/engine/packageCode.mts) can swap it for a pass-through and measure what checking costs.
 */
export const recordStep = { check: checkRecord };

function pickCanonical(record: Record<string, unknown>): Record<string, unknown> {
	const picked: Record<string, unknown> = {};
	for (const key of Object.keys(record)) {
		if (FIELD_BY_NAME.has(key)) picked[key] = record[key];
	}
	return picked;
}

export function recordLabel(json: IDataObject, position: number): string {
	const code = typeof json.codigo === 'number' ? String(json.codigo) : json.codigo;
	return typeof code === 'string' && code.trim()
		? `customer ${maskDocumentsIn(code.trim())}`
		: `record ${position + 1}`;
}

export function describeIssues(issues: ValidationIssue[]): string {
	return issues.map((issue) => issue.message).join('; ');
}

export interface EmitOptions {
	/** Fields added to every record's json (where it came from). */
	extra?: IDataObject;
	/** A listing's pool of repeated values, shared by all its pages. */
	texts?: RepeatedTexts;
	/** How many records of the same input item came before these (earlier pages), so messages count from the listing's start. */
	recordsBefore?: number;
	/** The credential's secrets, cut out of the record values a Strict message quotes. */
	secrets?: readonly string[];
}

/**
 * Route one input item's records by validation mode. Strict throws on the first invalid record, naming the
 * item, the record and every broken field.
 */
export function emitRecords(
	fn: IExecuteFunctions,
	records: Array<Record<string, unknown>>,
	itemIndex: number,
	settings: RecordSettings,
	output: ItemOutput,
	{ extra, texts, recordsBefore = 0, secrets }: EmitOptions = {},
): void {
	// One pairedItem for all the records of an input item: 100k listed customers need not hold 100k copies.
	const pairedItem = { item: itemIndex };
	for (let position = 0; position < records.length; position++) {
		const checked = recordStep.check(records[position], settings, texts);
		const json = extra ? { ...checked.json, ...extra } : checked.json;
		if (checked.valid) {
			if (settings.mode === 'report') json._validation = { valid: true, issues: [] };
			output.main.push({ json, pairedItem });
			continue;
		}
		if (settings.mode === 'strict') {
			throw new NodeOperationError(
				fn.getNode(),
				// The message quotes the record's values, and an API can put anything in them.
				redactSecrets(
					`Item ${itemIndex}: ${recordLabel(checked.json, recordsBefore + position)} is invalid - ${describeIssues(checked.issues)}`,
					secrets,
				),
				{
					itemIndex,
					description:
						'Fix the record in the source system, or set Validation Mode to Route or Report to receive invalid records with their problems instead of failing.',
				},
			);
		}
		json._validation = { valid: false, issues: checked.issues as unknown as IDataObject[] };
		(settings.mode === 'route' ? output.invalid : output.main).push({ json, pairedItem });
	}
}

/** Where an input item failed and the node continues on error: one error item in its place. */
export function errorItem(
	error: Error,
	itemIndex: number,
	extra?: IDataObject,
): INodeExecutionData {
	const json: IDataObject = { error: error.message, ...extra };
	const description = (error as { description?: unknown }).description;
	if (typeof description === 'string' && description) json.errorDescription = description;
	return { json, pairedItem: { item: itemIndex } };
}

/** The customers in a read's answer: none for a 404, else the array found in the body. */
export function recordsOf(
	fn: IExecuteFunctions,
	itemIndex: number,
	response: ApiResponse,
	settings: RecordSettings,
	extract?: ExtractOptions,
): Array<Record<string, unknown>> {
	if (response.status === 404) return [];
	return throwAsItemError(fn, itemIndex, () =>
		extractRecords(response.body, settings.recordsPath || undefined, extract),
	);
}
