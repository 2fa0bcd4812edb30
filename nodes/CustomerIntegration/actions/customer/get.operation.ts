import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	JsonObject,
	NodeExecutionHint,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { ApiConnection, FallbackPolicy, Webservice } from '../../transport';
import { apiRequest, readWithFallback } from '../../transport';
import { maskPath } from '../../transport/redact';
import { quoteDocument } from '../../validation/mask';
import { fillPathTemplate } from '../../transport/urlScope';
import { checkCnpj } from '../../validation/brazil/cnpj';
import { checkCpf } from '../../validation/brazil/cpf';
import { checkPhone } from '../../validation/brazil/phone';
import {
	alphabetical,
	READ_CONCURRENCY_DEFAULT,
	readConcurrencyOption,
	recordOptions,
	requestOptions,
	secondaryWebserviceOption,
} from '../common/descriptions';
import type { OperationRun } from '../common/operation';
import type { ItemOutput } from '../common/records';
import { emitRecords, recordsOf } from '../common/records';
import type { RecordSettings } from '../common/settings';
import { readRecordSettings } from '../common/settings';
import { errorForItem, throwAsItemError } from '../common/errors';
import { isWrongPath404 } from '../common/notFound';
import { refuseReservedName } from '../common/reservedNames';
import { lookupProperties, readLookup } from './lookup';

const properties: INodeProperties[] = [
	...lookupProperties,
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		required: true,
		default: '/clientes',
		placeholder: '/clientes/{cpf}',
		description:
			'Path of the lookup endpoint, relative to the Base URL of the credential. With "Send Value In" set to Path, write the value as {value} or {field name}, e.g. /clientes/{cpf}.',
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: [
			{ name: 'GET', value: 'GET' },
			{ name: 'POST', value: 'POST' },
		],
		default: 'GET',
		description:
			'HTTP method of the lookup endpoint. Some ERPs search with a POST and a JSON body.',
	},
	{
		displayName: 'Send Value In',
		name: 'keyLocation',
		type: 'options',
		options: [
			{ name: 'JSON Body', value: 'body', description: 'For example {"cpf": "52998224725"}' },
			{ name: 'Path', value: 'path', description: 'For example /clientes/52998224725' },
			{
				name: 'Query Parameter',
				value: 'query',
				description: 'For example /clientes?cpf=52998224725',
			},
		],
		default: 'query',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: alphabetical([
			{
				displayName: 'List Search Parameter',
				name: 'listSearchParameter',
				type: 'string',
				default: '',
				placeholder: 'q',
				description:
					'Query parameter by which the API searches customers for From List (e.g. q or nome). Empty: the node reads the first page of the list and filters it by name, document or code.',
				displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
			},
			{
				displayName: 'List Search Path',
				name: 'listSearchPath',
				type: 'string',
				default: '',
				placeholder: '/clientes',
				description:
					'Where From List reads customers. Defaults to the Path up to its {placeholder}, e.g. /clientes for /clientes/{cpf}.',
				displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
			},
			{
				displayName: 'Output Not Found Item',
				name: 'outputNotFound',
				type: 'boolean',
				default: false,
				description:
					'Whether to output one item with _found set to false when no customer matches, so the workflow can branch on it. Otherwise a lookup that finds nothing outputs no item.',
			},
			{
				displayName: 'Parameter Name',
				name: 'keyParameterName',
				type: 'string',
				default: '',
				placeholder: 'documento',
				description:
					'Name the API uses for the value, when it differs from the field (e.g. documento for a CPF). Defaults to the field name: cpf, cnpj, codigo, email or telefone.',
			},
			{
				displayName: 'Send Value As Entered',
				name: 'sendValueAsEntered',
				type: 'boolean',
				default: false,
				description:
					'Whether to send the value exactly as entered. By default a CPF, CNPJ or phone is checked first and sent as digits only.',
			},
			readConcurrencyOption,
			...recordOptions,
			...requestOptions,
			secondaryWebserviceOption,
			{
				displayName: 'Retry POST Lookups',
				name: 'retryNonIdempotent',
				type: 'boolean',
				default: false,
				description:
					'Whether a POST lookup may be repeated after a temporary failure. Enable it only if the API has no side effects for this request.',
				displayOptions: { show: { '/method': ['POST'] } },
			},
		]),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['get'] } },
	properties,
);

const PLACEHOLDER = /\{\s*[^}]+\s*\}/;

export const defaultConcurrency = READ_CONCURRENCY_DEFAULT;

export function start(fn: IExecuteFunctions, connection: ApiConnection): OperationRun {
	// Items that look up the same key share one request; each still gets its own items.
	const answers = new Map<string, { firstItem: number; answer: Promise<LookupAnswer> }>();
	const tally = { asked: 0, answered: 0, found: 0 };
	return {
		item: async (itemIndex, output) => {
			const lookup = planLookup(fn, itemIndex);
			const key = lookupKey(lookup);
			let shared = answers.get(key);
			if (!shared) {
				shared = { firstItem: itemIndex, answer: fetchLookup(fn, connection, lookup, itemIndex) };
				answers.set(key, shared);
			}
			const own = shared.firstItem === itemIndex;
			tally.asked++;
			let answer: LookupAnswer;
			try {
				answer = await shared.answer;
			} catch (error) {
				throw own ? error : errorForItem(error, shared.firstItem, itemIndex);
			}
			tally.answered++;
			if (answer.records.length > 0) tally.found++;
			// The first item's records are read, not changed, by emitting; the others emit copies, so no
			// two output items share a nested value.
			emitLookup(
				fn,
				lookup,
				own ? answer : structuredClone(answer),
				itemIndex,
				output,
				connection.secrets,
			);
		},
		hints: () => lookupHints(tally, answers.size),
	};
}

/** Two items with the same key ask the API the same question: one request answers both. */
function lookupKey(lookup: Lookup): string {
	const { method, requestPath, keyLocation, parameterName, value, settings, fallback } = lookup;
	return JSON.stringify([
		method,
		requestPath,
		keyLocation,
		parameterName,
		value,
		settings.recordsPath,
		fallback,
	]);
}

function lookupHints(
	tally: { asked: number; answered: number; found: number },
	distinct: number,
): NodeExecutionHint[] {
	const hints: NodeExecutionHint[] = [];
	if (distinct < tally.asked) {
		hints.push({
			type: 'info',
			location: 'outputPane',
			message: `${tally.asked} items looked up ${distinct} different values: ${tally.asked - distinct} requests saved. Items that look up the same value share one request; each gets its own copy of the answer.`,
		});
	}
	if (tally.answered > 0 && tally.found === 0) {
		hints.push({
			type: 'warning',
			location: 'outputPane',
			message: `No customer found by ${tally.answered === 1 ? 'the lookup' : `any of the ${tally.answered} lookups`}. If you expected some, check Path, Send Value In and the lookup field (Look Up By, or the Customer mode): some APIs answer a path they do not have with the same 404 as a missing customer.`,
		});
	}
	return hints;
}

/** One item's lookup: the request it sends and how its answer is read. */
interface Lookup {
	fieldName: string;
	value: string;
	method: 'GET' | 'POST';
	requestPath: string;
	keyLocation: 'query' | 'path' | 'body';
	parameterName: string;
	settings: RecordSettings;
	fallback: FallbackPolicy;
	outputNotFound: boolean;
}

interface LookupAnswer {
	records: Array<Record<string, unknown>>;
	/** Which webservice answered, when the credential has two: `{ _webservice }` on every item. */
	source?: IDataObject;
}

/** Reads the item's parameters into the request to send; a bad value or path fails the item before any request. */
function planLookup(fn: IExecuteFunctions, itemIndex: number): Lookup {
	const { lookupField, fieldName, entered } = readLookup(fn, itemIndex);
	const options = fn.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (lookupField === 'custom') refuseReservedName(fn, itemIndex, 'Field Name', fieldName);
	refuseReservedName(
		fn,
		itemIndex,
		'Parameter Name',
		String(options.keyParameterName ?? '').trim(),
	);
	const parameterName = String(options.keyParameterName ?? '').trim() || fieldName;
	const value = lookupValue(
		fn,
		itemIndex,
		lookupField,
		entered,
		options.sendValueAsEntered === true,
	);
	const path = String(fn.getNodeParameter('path', itemIndex)).trim();
	const keyLocation = fn.getNodeParameter('keyLocation', itemIndex) as Lookup['keyLocation'];

	let requestPath = path;
	if (keyLocation === 'path') {
		if (!PLACEHOLDER.test(path)) {
			throw new NodeOperationError(
				fn.getNode(),
				`Item ${itemIndex}: the path "${maskPath(path)}" has no placeholder for the value`,
				{
					itemIndex,
					description: `Write the value's place as {value} or {${parameterName}}, e.g. /clientes/{${parameterName}}.`,
				},
			);
		}
		requestPath = throwAsItemError(fn, itemIndex, () =>
			fillPathTemplate(path, { value, [parameterName]: value, [fieldName]: value }),
		);
	} else if (PLACEHOLDER.test(path)) {
		// Sent as it is, `/clientes/{cpf}` would ask for a customer literally named {cpf}: a 404, "not found".
		throw new NodeOperationError(
			fn.getNode(),
			`Item ${itemIndex}: the path "${maskPath(path)}" has a placeholder, but Send Value In is ${keyLocation === 'query' ? 'Query Parameter' : 'JSON Body'}`,
			{
				itemIndex,
				description: 'Set Send Value In to Path, or remove the {placeholder} from the path.',
			},
		);
	}
	return {
		fieldName,
		value,
		method: fn.getNodeParameter('method', itemIndex) as Lookup['method'],
		requestPath,
		keyLocation,
		parameterName,
		settings: readRecordSettings(fn, itemIndex),
		fallback: (options.secondaryWebservice as FallbackPolicy | undefined) ?? 'onError',
		outputNotFound: options.outputNotFound === true,
	};
}

/** Sends the lookup (and asks the secondary webservice when the policy says so). */
async function fetchLookup(
	fn: IExecuteFunctions,
	connection: ApiConnection,
	lookup: Lookup,
	itemIndex: number,
): Promise<LookupAnswer> {
	const { method, requestPath, keyLocation, parameterName, value, settings } = lookup;
	const read = async (webservice: Webservice): Promise<LookupAnswer> => {
		const response = await apiRequest(connection, {
			method,
			path: requestPath,
			qs: keyLocation === 'query' ? { [parameterName]: value } : undefined,
			body: keyLocation === 'body' ? { [parameterName]: value } : undefined,
			itemIndex,
			webservice,
			searchOnly: true,
		});
		if (response.status === 404 && isWrongPath404(response.notFoundText)) {
			throw wrongPath(fn, lookup, itemIndex);
		}
		return {
			records: recordsOf(fn, itemIndex, response, settings),
			source: connection.secondaryBaseUrl ? { _webservice: webservice } : undefined,
		};
	};
	return await readWithFallback(
		connection,
		lookup.fallback,
		read,
		(answer) => answer.records.length === 0,
	);
}

function wrongPath(fn: IExecuteFunctions, lookup: Lookup, itemIndex: number): NodeApiError {
	return new NodeApiError(fn.getNode(), { message: 'HTTP 404' } as JsonObject, {
		message: `Item ${itemIndex}: the customer API answered 404 to ${lookup.method} ${maskPath(lookup.requestPath)} with a page, not its "not found" - check the Path`,
		description:
			'The answer was an HTML or text page, or spoke of a route or endpoint: the server has no such path. A customer that does not exist is a 404 with an empty or JSON body. Check the Path and the Base URL of the credential.',
		httpCode: '404',
		itemIndex,
	});
}

/** The item's output: its customers (validated by its own settings), or a "not found" item when asked. */
function emitLookup(
	fn: IExecuteFunctions,
	lookup: Lookup,
	answer: LookupAnswer,
	itemIndex: number,
	output: ItemOutput,
	secrets: readonly string[],
): void {
	if (answer.records.length > 0) {
		emitRecords(fn, answer.records, itemIndex, lookup.settings, output, {
			extra: answer.source,
			secrets,
		});
	} else if (lookup.outputNotFound) {
		output.main.push({
			json: {
				_found: false,
				lookupField: lookup.fieldName,
				lookupValue: lookup.value,
				...answer.source,
			},
			pairedItem: { item: itemIndex },
		});
	}
}

/** A malformed CPF, CNPJ or phone would only ever match nothing: say so instead of asking the API. */
function lookupValue(
	fn: IExecuteFunctions,
	itemIndex: number,
	lookupField: string,
	raw: unknown,
	asEntered: boolean,
): string {
	const entered = (typeof raw === 'number' ? String(raw) : String(raw ?? '')).trim();
	if (!entered) {
		throw new NodeOperationError(fn.getNode(), `Item ${itemIndex}: the value to look up is empty`, {
			itemIndex,
			description:
				'Set the value to look up ("Value", or "Customer" in newer versions of the node), e.g. to an expression like {{ $json.cpf }}, and check that the input item has it.',
		});
	}
	if (asEntered) return entered;
	const check =
		lookupField === 'cpf'
			? checkCpf(entered)
			: lookupField === 'cnpj'
				? checkCnpj(entered)
				: lookupField === 'telefone'
					? checkPhone(entered)
					: undefined;
	if (!check) return entered;
	if (!check.ok) {
		throw new NodeOperationError(
			fn.getNode(),
			`Item ${itemIndex}: the ${lookupField === 'telefone' ? 'phone' : lookupField.toUpperCase()} to look up is not valid - ${check.message}`,
			{
				itemIndex,
				description: `Value received: ${quoteDocument(entered)}. Enable "Send Value As Entered" to send it unchecked.`,
			},
		);
	}
	const normalized = String(check.value);
	// Customer APIs store national numbers (DDD + number), not E.164.
	return lookupField === 'telefone' ? normalized.replace(/^\+55/, '') : normalized;
}
