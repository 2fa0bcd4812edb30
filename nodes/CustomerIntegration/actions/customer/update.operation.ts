import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { hasOwn } from '../../mapping/flatten';
import { normalizeRecord } from '../../mapping/normalizeRecord';
import { keyMismatchOf } from '../../mapping/sameCustomer';
import { FALLBACK_NOTICE_ID } from '../../mapping/sampleFields';
import { buildWriteBody } from '../../mapping/writeBack';
import type { ApiConnection, ApiResponse } from '../../transport';
import { apiRequest, OutcomeUnknownError } from '../../transport';
import { maskDigitRuns, maskPath } from '../../transport/redact';
import { fillPathTemplate, pathPlaceholders } from '../../transport/urlScope';
import type { ValidationIssue } from '../../validation/validateCustomer';
import { validateCustomer } from '../../validation/validateCustomer';
import {
	alphabetical,
	CONCURRENCY_BOUNDS,
	requestOptions,
	requiredFieldsOption,
} from '../common/descriptions';
import { throwAsItemError } from '../common/errors';
import type { OperationRun } from '../common/operation';
import { refuseReservedName } from '../common/reservedNames';
import type { KeyTurn } from '../common/sameKeyOrder';
import { SameKeyOrder } from '../common/sameKeyOrder';
import type { ItemOutput } from '../common/records';
import { checkRecord, describeIssues, recordsOf } from '../common/records';
import { readRecordSettings } from '../common/settings';

export const defaultConcurrency = 16;

const properties: INodeProperties[] = [
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		required: true,
		default: '/clientes/{codigo}',
		description:
			"Path of the customer, relative to the Base URL of the credential, with the record's identifier in braces: /clientes/{codigo}, /clientes/{cpf}. The identifier is read from the record being written.",
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: [
			{ name: 'PATCH', value: 'PATCH', description: 'Send only the fields that change' },
			{ name: 'POST', value: 'POST', description: 'Send the complete record' },
			{ name: 'PUT', value: 'PUT', description: 'Send the complete record' },
		],
		default: 'PATCH',
	},
	{
		displayName: 'Fields',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'autoMapInputData', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['path', 'options.fieldListPath'],
			resourceMapper: {
				resourceMapperMethod: 'getCustomerFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: false,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		description:
			"Map each input field automatically (fields with other names are sent as they are), or set fields one by one: the list is read from the API's own customers (see Field List Path), or is the standard customer fields when the API cannot be read",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: alphabetical([
			{
				displayName: 'API Is Idempotent',
				name: 'retryNonIdempotent',
				type: 'boolean',
				default: false,
				description:
					'Whether a POST may be repeated after a temporary failure. PUT and PATCH by identifier are always retried.',
			},
			{
				displayName: 'Clear Fields Given Empty',
				name: 'clearEmptyFields',
				type: 'boolean',
				default: false,
				description:
					'Whether a field given empty (null, "" or only spaces) erases the stored value. Off: empty fields are not sent and the stored values stay; the output lists them in _update.emptyNotSent.',
			},
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { ...CONCURRENCY_BOUNDS },
				default: defaultConcurrency,
				description:
					'How many customers to update at the same time. When the API answers 429 or 503, the node sends fewer at once and honours its Retry-After.',
			},
			{
				displayName: 'Custom Fields',
				name: 'customFields',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Field',
				default: {},
				description: 'Fields specific to this API, sent with the names given here',
				options: [
					{
						displayName: 'Field',
						name: 'field',
						values: [
							{ displayName: 'Name', name: 'name', type: 'string', default: '' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'Field List Path',
				name: 'fieldListPath',
				type: 'string',
				default: '',
				placeholder: '/clientes',
				description:
					'Where the editor reads a few customers to list their fields under Define Below. Defaults to the Path up to its {identifier}, e.g. /clientes for /clientes/{codigo}.',
			},
			{
				displayName: 'Key Style for New Fields',
				name: 'keyStyle',
				type: 'options',
				options: [
					{ name: 'Camel Case', value: 'camelCase', description: 'For example dataNascimento' },
					{ name: 'Snake Case', value: 'snake_case', description: 'For example data_nascimento' },
				],
				default: 'snake_case',
				description:
					'How to name fields the current record does not have yet (or all fields when Read Current Record First is off)',
			},
			{
				displayName: 'Read Current Record First',
				name: 'readBeforeWrite',
				type: 'boolean',
				default: true,
				description:
					"Whether to read the record before writing it, so the body uses the API's own field names and formats (masks, dd/mm/yyyy dates) and PUT sends the complete record. PUT needs it on.",
			},
			requiredFieldsOption,
			...requestOptions,
		]),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['update'] } },
	properties,
);

type WriteMethod = 'PUT' | 'PATCH' | 'POST';

/** Fields the node itself adds to its items (Get, Get Many, Update): never sent back by Map Automatically. */
const NODE_METADATA_FIELDS = new Set(['_validation', '_update', '_found', '_webservice']);

/** An invalid record, refused before any request: its error item must say it was not sent. */
class RecordNotSentError extends NodeOperationError {
	constructor(...args: ConstructorParameters<typeof NodeOperationError>) {
		super(...args);
		this.name = 'NodeOperationError';
	}
}

export function start(fn: IExecuteFunctions, connection: ApiConnection): OperationRun {
	const sameCustomer = new SameKeyOrder();
	// A run that stops on a failure sends nothing more for the items still waiting behind it: their write
	// would be applied but reported nowhere, and written again when the flow is re-run.
	const stopOnFailure = !fn.continueOnFail();
	let failed = false;
	return {
		item: async (itemIndex, output) => {
			const turn = sameCustomer.enter();
			let succeeded = false;
			try {
				await execute.call(fn, connection, itemIndex, output, turn, () => stopOnFailure && failed);
				succeeded = true;
			} finally {
				// Before leaving: the next item of this customer checks it as soon as its turn comes.
				if (!succeeded) failed = true;
				turn.leave();
			}
		},
		stopNote: (completed) => {
			const written = completed
				.filter(({ output }) =>
					output.main.some(
						(item) => (item.json._update as IDataObject | undefined)?.applied === true,
					),
				)
				.map(({ itemIndex }) => itemIndex);
			if (written.length === 0) return undefined;
			const items =
				written.length === 1
					? `item ${written[0]} was`
					: `items ${written.slice(0, -1).join(', ')} and ${written[written.length - 1]} were`;
			return `The customers of ${items} written before the run stopped: running the workflow again writes them again.`;
		},
	};
}

/**
 * `turn`: the item's place among the run's items that write the same customer (its path); `stopped`: the
 * run has failed, so an item that waited for its turn sends nothing.
 */
export async function execute(
	this: IExecuteFunctions,
	connection: ApiConnection,
	itemIndex: number,
	output: ItemOutput,
	turn?: KeyTurn,
	stopped: () => boolean = () => false,
): Promise<void> {
	const settings = readRecordSettings(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const method = this.getNodeParameter('method', itemIndex) as WriteMethod;
	const pathTemplate = String(this.getNodeParameter('path', itemIndex)).trim();
	if (method === 'PUT' && options.readBeforeWrite === false) {
		throw new RecordNotSentError(
			this.getNode(),
			`Item ${itemIndex}: PUT needs the complete record, but Read Current Record First is off - nothing was sent`,
			{
				itemIndex,
				description:
					'PUT replaces the whole customer: the fields the item does not give would be erased. Turn Read Current Record First on (the record read is sent with the changes), or use PATCH to send only the changes.',
			},
		);
	}
	const input = readInputRecord(this, itemIndex, options);

	const { record } = throwAsItemError(this, itemIndex, () =>
		normalizeRecord(input, { nested: 'flatten' }),
	);
	const validation = validateCustomer(record, { normalize: true, required: settings.required });
	if (!validation.valid) {
		refuse(this, itemIndex, settings, output, {
			message: `Item ${itemIndex}: the record is invalid and was not sent - ${describeIssues(validation.issues)}`,
			description:
				'Invalid records are never sent to the customer API. Fix the fields named above.',
			record: validation.normalized,
			issues: validation.issues,
		});
		return;
	}

	const { changes, emptyNotSent } = withoutEmptyValues(
		validation.normalized,
		options.clearEmptyFields === true,
	);
	const pathValues = { ...input, ...changes };
	const path = throwAsItemError(this, itemIndex, () => fillPathTemplate(pathTemplate, pathValues));
	// The same customer's earlier items first: a read before their write would bring their changes back.
	await turn?.wait(path);
	if (stopped()) return;

	let current: Record<string, unknown> | undefined;
	if (options.readBeforeWrite !== false) {
		const response = await apiRequest(connection, { method: 'GET', path, itemIndex });
		const found = recordsOf(this, itemIndex, response, settings);
		if (found.length !== 1) {
			throw new NodeOperationError(
				this.getNode(),
				found.length === 0
					? `Item ${itemIndex}: no customer found at ${maskPath(path)} - nothing was sent`
					: `Item ${itemIndex}: ${maskPath(path)} returned ${found.length} customers - nothing was sent`,
				{
					itemIndex,
					description:
						'The path must identify exactly one customer. Check the identifier in the record and the path template.',
				},
			);
		}
		current = found[0];
		checkSameCustomer(this, itemIndex, current, path, pathTemplate, pathValues);
	}

	const body = buildWriteBody(changes, current, {
		method,
		keyStyle: options.keyStyle === 'camelCase' ? 'camelCase' : 'snake_case',
	});
	const bodyIssues = issuesOfBody(this, itemIndex, body, changes);
	if (bodyIssues.length > 0) {
		refuse(this, itemIndex, settings, output, {
			message: `Item ${itemIndex}: the record to send is invalid and was not sent - ${describeIssues(bodyIssues)}`,
			description:
				'An invalid record is never sent, including values kept from the current record: PUT and POST send it whole. Give the corrected values in the item, fix them in the source system, or use PATCH to send only the changes.',
			record: changes,
			issues: bodyIssues,
		});
		return;
	}
	const response = await apiRequest(connection, {
		method,
		path,
		body: body as IDataObject,
		itemIndex,
		bodyIsOptional: true,
	});
	if (response.status === 404) {
		throw new NodeOperationError(
			this.getNode(),
			`Item ${itemIndex}: the customer API answered 404 to ${method} ${maskPath(path)} - no customer there, nothing was written`,
			{
				itemIndex,
				description:
					'Check the identifier in the record and the path template, or turn on Read Current Record First to find out before writing.',
			},
		);
	}
	const answered = recordsOfWriteAnswer(this, itemIndex, response, settings);
	const json: IDataObject =
		answered.length === 1 ? afterWrite(answered[0], settings) : ({ ...changes } as IDataObject);
	if (settings.mode === 'report' && json._validation === undefined) {
		json._validation = { valid: true, issues: [] };
	}
	const update: IDataObject = { applied: true, method, status: response.status };
	if (emptyNotSent.length > 0) update.emptyNotSent = emptyNotSent;
	json._update = update;
	output.main.push({ json, pairedItem: { item: itemIndex } });
}

/**
 * The customer the API sent back after a write, when it sent one. Any other answer (`true`, `"OK"`, a
 * summary) is no record rather than a failure: the write happened, and an item marked failed could be
 * retried by the flow and written twice.
 */
function recordsOfWriteAnswer(
	fn: IExecuteFunctions,
	itemIndex: number,
	response: ApiResponse,
	settings: ReturnType<typeof readRecordSettings>,
): Array<Record<string, unknown>> {
	if (response.body === undefined) return [];
	try {
		return recordsOf(fn, itemIndex, response, settings);
	} catch {
		return [];
	}
}

/** The API's answer, normalized like Get; a problem in it is reported, never thrown: the write already happened. */
function afterWrite(
	answer: Record<string, unknown>,
	settings: ReturnType<typeof readRecordSettings>,
): IDataObject {
	const checked = checkRecord(answer, { ...settings, mode: 'report' });
	if (!checked.valid) {
		checked.json._validation = { valid: false, issues: checked.issues as unknown as IDataObject[] };
	}
	return checked.json;
}

/** null, '' or only spaces: a field given empty, which erases the stored value when sent. */
function isEmptyValue(value: unknown): boolean {
	return value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * The validated record without the fields given empty, unless Clear Fields Given Empty is on (then they
 * are sent as null or ''). Validation saw them, so a Required Field given empty is refused either way.
 */
function withoutEmptyValues(
	normalized: Record<string, unknown>,
	clearEmpty: boolean,
): { changes: Record<string, unknown>; emptyNotSent: string[] } {
	const changes: Record<string, unknown> = {};
	const emptyNotSent: string[] = [];
	for (const key of Object.keys(normalized)) {
		const value = normalized[key];
		if (!isEmptyValue(value)) changes[key] = value;
		else if (clearEmpty) changes[key] = value === null ? null : '';
		else emptyNotSent.push(key);
	}
	return { changes, emptyNotSent };
}

function readInputRecord(
	fn: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): Record<string, unknown> {
	const mappingMode = fn.getNodeParameter('columns.mappingMode', itemIndex) as string;
	const record: Record<string, unknown> = {};
	if (mappingMode === 'autoMapInputData') {
		const json = fn.getInputData()[itemIndex]?.json ?? {};
		for (const [key, value] of Object.entries(json)) {
			// What this node added on the way in is not customer data; other `_` keys (`_id`) may be the API's.
			if (NODE_METADATA_FIELDS.has(key)) continue;
			refuseReservedName(fn, itemIndex, 'input field', key, RecordNotSentError);
			record[key] = value;
		}
	} else {
		const values = (fn.getNodeParameter('columns.value', itemIndex, {}) ?? {}) as IDataObject;
		for (const [key, value] of Object.entries(values)) {
			// The field list's own notice line (API not read) is no customer field.
			if (key === FALLBACK_NOTICE_ID) continue;
			refuseReservedName(fn, itemIndex, 'Field', key, RecordNotSentError);
			if (value !== undefined) record[key] = value;
		}
	}
	const custom = (options.customFields as IDataObject | undefined)?.field as
		| Array<{ name: string; value: unknown }>
		| undefined;
	for (const [position, field] of (custom ?? []).entries()) {
		const name = field.name.trim();
		refuseReservedName(fn, itemIndex, `Custom Field ${position + 1}`, name, RecordNotSentError);
		if (name) {
			record[name] = field.value;
		} else if (field.value !== '' && field.value !== undefined && field.value !== null) {
			throw new NodeOperationError(
				fn.getNode(),
				`Item ${itemIndex}: Custom Field ${position + 1} has a value but no name - nothing was sent`,
				{ itemIndex, description: "Give the custom field the API's field name, or remove it." },
			);
		}
	}
	return record;
}

interface Refusal {
	message: string;
	description: string;
	record: Record<string, unknown>;
	issues: ValidationIssue[];
}

/** A record that is not sent: Strict fails its item; Route and Report emit it with its issues. */
function refuse(
	fn: IExecuteFunctions,
	itemIndex: number,
	settings: ReturnType<typeof readRecordSettings>,
	output: ItemOutput,
	refusal: Refusal,
): void {
	if (settings.mode === 'strict') {
		throw new RecordNotSentError(fn.getNode(), refusal.message, {
			itemIndex,
			description: refusal.description,
		});
	}
	const json: IDataObject = {
		...refusal.record,
		_validation: { valid: false, issues: refusal.issues as unknown as IDataObject[] },
		_update: { applied: false, outcome: 'notSent' },
	};
	(settings.mode === 'route' ? output.invalid : output.main).push({
		json,
		pairedItem: { item: itemIndex },
	});
}

/**
 * A read answered with another customer (a misrouted or cached answer) must not be written back over
 * the one the path names: each key the path was filled with, when the record carries it, must match.
 */
function checkSameCustomer(
	fn: IExecuteFunctions,
	itemIndex: number,
	current: Record<string, unknown>,
	path: string,
	pathTemplate: string,
	pathValues: Record<string, unknown>,
): void {
	const keys: Record<string, unknown> = {};
	for (const name of pathPlaceholders(pathTemplate)) keys[name] = pathValues[name];
	const { record } = throwAsItemError(fn, itemIndex, () =>
		normalizeRecord(current, { nested: 'flatten' }),
	);
	const mismatch = keyMismatchOf(keys, record, current);
	if (mismatch === undefined) return;
	throw new RecordNotSentError(
		fn.getNode(),
		`Item ${itemIndex}: GET ${maskPath(path)} answered with another customer (${mismatch.key} ${maskDigitRuns(mismatch.found)}, not ${maskDigitRuns(mismatch.expected)}) - nothing was sent`,
		{
			itemIndex,
			description:
				"The record read carries another identifier than the one in the path, so writing it back would put that customer's data into this one. Check the API (a cache or proxy answering for another customer) and the path template.",
		},
	);
}

/**
 * The whole body as it goes out, validated like a record: PUT and POST carry the current record's own
 * values too, and an invalid value stored there must not be sent back. Issues of fields the item did not
 * give say they come from the current record.
 */
function issuesOfBody(
	fn: IExecuteFunctions,
	itemIndex: number,
	body: Record<string, unknown>,
	changes: Record<string, unknown>,
): ValidationIssue[] {
	const { record } = throwAsItemError(fn, itemIndex, () =>
		normalizeRecord(body, { nested: 'flatten' }),
	);
	const { issues } = validateCustomer(record, { normalize: false, owned: true });
	return issues.map((issue) =>
		hasOwn(changes, issue.field)
			? issue
			: { ...issue, message: `the current record's ${issue.message}` },
	);
}

/** Fields an error item carries, so a flow can tell a write that failed from one that may have happened. */
export function errorFields(error: unknown): IDataObject {
	if (error instanceof OutcomeUnknownError)
		return { _update: { applied: 'unknown', outcome: 'unknown' } };
	if (error instanceof RecordNotSentError)
		return { _update: { applied: false, outcome: 'notSent' } };
	return { _update: { applied: false, outcome: 'failed' } };
}
