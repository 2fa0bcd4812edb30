import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	NodeExecutionHint,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { hasOwn } from '../../mapping/flatten';
import { RepeatedTexts } from '../../mapping/repeatedTexts';
import type { ApiConnection, ApiResponse, FallbackPolicy } from '../../transport';
import { apiRequest, readWithFallback } from '../../transport';
import { maskPath } from '../../transport/redact';
import { listCustomers } from '../../listing/listCustomers';
import type { PaginationSettings, PaginationStyle } from '../../listing/pagination';
import { pagingParameters } from '../../listing/pagination/parameterNames';
import {
	alphabetical,
	READ_CONCURRENCY_DEFAULT,
	readConcurrencyOption,
	recordOptions,
	requestOptions,
	secondaryWebserviceOption,
} from '../common/descriptions';
import { asItemError } from '../common/errors';
import type { OperationRun } from '../common/operation';
import { refuseReservedName } from '../common/reservedNames';
import type { ItemOutput } from '../common/records';
import { emitRecords, newItemOutput, recordsOf } from '../common/records';
import { readConcurrency, readRecordSettings } from '../common/settings';

const properties: INodeProperties[] = [
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		required: true,
		default: '/clientes',
		description: 'Path of the list endpoint, relative to the Base URL of the credential',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Filter',
		default: {},
		description: 'Sent as query parameters, e.g. ativo=TRUE or endereco_estado=SP',
		options: [
			{
				displayName: 'Filter',
				name: 'filter',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Pagination',
		name: 'pagination',
		type: 'options',
		options: [
			{
				name: 'Cursor in Response Body',
				value: 'cursor',
				description: 'The body carries a cursor for the next page, sent back as a query parameter',
			},
			{
				name: 'Link Header',
				value: 'linkHeader',
				description: 'The next page is in the Link header (rel="next")',
			},
			{
				name: 'Next URL in Response Body',
				value: 'nextUrl',
				description: 'The body carries the URL of the next page',
			},
			{ name: 'None', value: 'none', description: 'The endpoint returns everything at once' },
			{
				name: 'Offset and Limit',
				value: 'offset',
				description: 'For example ?offset=200&limit=100',
			},
			{ name: 'Page Number', value: 'pageNumber', description: 'For example ?page=3&limit=100' },
		],
		default: 'pageNumber',
		description: 'How the API splits the list into pages',
	},
	{
		displayName: 'Pagination Options',
		name: 'paginationOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { hide: { pagination: ['none'] } },
		options: [
			{
				displayName: 'Cursor Parameter',
				name: 'cursorParameter',
				type: 'string',
				default: 'cursor',
				description: 'Query parameter that carries the cursor',
			},
			{
				displayName: 'Cursor Path',
				name: 'cursorPath',
				type: 'string',
				default: 'nextCursor',
				description: 'Dot path of the next cursor in the response body',
			},
			{
				displayName: 'First Page',
				name: 'firstPage',
				type: 'number',
				default: 1,
				description: 'Number of the first page (0 or 1)',
			},
			{
				displayName: 'Next URL Path',
				name: 'nextUrlPath',
				type: 'string',
				default: 'next',
				description: 'Dot path of the next page URL in the response body',
			},
			{
				displayName: 'Offset Parameter',
				name: 'offsetParameter',
				type: 'string',
				default: 'offset',
			},
			{
				displayName: 'Page Parameter',
				name: 'pageParameter',
				type: 'string',
				default: 'page',
			},
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 100,
				description: 'How many records to ask for per request',
			},
			{
				displayName: 'Page Size Parameter',
				name: 'pageSizeParameter',
				type: 'string',
				default: 'limit',
				description:
					"Query parameter that carries the page size (pageSize, limit, per_page…). Empty sends no page size: the API's own applies, and only an empty page ends the listing.",
			},
			{
				displayName: 'Stop on Short Page',
				name: 'stopOnShortPage',
				type: 'boolean',
				default: true,
				description:
					'Whether a page with fewer records than Page Size is the last one (Page Number and Offset). Turn off for an API that serves fewer per page than asked: the listing then ends on an empty page.',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: alphabetical([
			readConcurrencyOption,
			...recordOptions,
			...requestOptions,
			secondaryWebserviceOption,
		]),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['getAll'] } },
	properties,
);

export const defaultConcurrency = READ_CONCURRENCY_DEFAULT;

export function start(fn: IExecuteFunctions, connection: ApiConnection): OperationRun {
	const listed = { listings: 0, customers: 0 };
	return {
		item: async (itemIndex, output) => {
			await execute.call(fn, connection, itemIndex, output);
			listed.listings++;
			listed.customers += output.main.length + output.invalid.length;
		},
		hints: () => (listed.listings > 0 && listed.customers === 0 ? [NO_CUSTOMERS_HINT] : []),
	};
}

const NO_CUSTOMERS_HINT: NodeExecutionHint = {
	type: 'warning',
	location: 'outputPane',
	message:
		'The listing returned no customers. If you expected some, check Path, Filters and Records Path: a wrong one can look like an empty list.',
};

export async function execute(
	this: IExecuteFunctions,
	connection: ApiConnection,
	itemIndex: number,
	output: ItemOutput,
): Promise<void> {
	const path = String(this.getNodeParameter('path', itemIndex)).trim();
	const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex) as number);
	const settings = readRecordSettings(this, itemIndex);
	const pagination = readPagination(this, itemIndex);
	const filters = this.getNodeParameter('filters.filter', itemIndex, []) as Array<{
		name: string;
		value: string;
	}>;
	const baseQs: Record<string, string | number> = {};
	for (const [position, filter] of filters.entries()) {
		const name = filter.name.trim();
		refuseReservedName(this, itemIndex, `Filter ${position + 1}`, name);
		const paging = pagingParameters(pagination).find((parameter) => parameter.name === name);
		if (paging !== undefined) {
			// The paginator sets it on every page: the filter would be overwritten, or page the listing wrong.
			throw new NodeOperationError(
				this.getNode(),
				`Item ${itemIndex}: Filter ${position + 1} '${name}' is the parameter pagination sends (${paging.option}), which would overwrite it - nothing was sent`,
				{
					itemIndex,
					description: `Rename the filter, or set the pagination's ${paging.option} to the name your API uses for paging.`,
				},
			);
		}
		if (name && hasOwn(baseQs, name)) {
			// One value per parameter is sent: the second would silently replace the first.
			throw new NodeOperationError(
				this.getNode(),
				`Item ${itemIndex}: Filter ${position + 1} repeats the parameter '${name}'`,
				{ itemIndex, description: 'Give each query parameter one filter.' },
			);
		}
		if (name) {
			baseQs[name] = filter.value;
		} else if (filter.value !== '') {
			// Listing without the filter would return customers the user meant to leave out.
			throw new NodeOperationError(
				this.getNode(),
				`Item ${itemIndex}: Filter ${position + 1} has a value but no parameter name`,
				{ itemIndex, description: 'Give the filter the query parameter name, or remove it.' },
			);
		}
	}

	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	// Pages asked for at once (Page Number and Offset): the run's Concurrency, which the connection's limit
	// also holds every request of the run to.
	const concurrency = readConcurrency(this, defaultConcurrency);

	const listed = await listCustomers<ItemOutput, ApiResponse>(
		{
			fetch: async (request, webservice) =>
				await apiRequest(connection, {
					method: 'GET',
					path: request.path,
					qs: request.qs as IDataObject | undefined,
					itemIndex,
					webservice,
				}),
			// A listing's answer is a list: a lone object without a customer field is not a customer.
			records: (answer) =>
				recordsOf(this, itemIndex, answer, settings, { loneObject: 'customer' }),
			collect: (webservice) => {
				const collected = newItemOutput();
				const source = connection.secondaryBaseUrl ? { _webservice: webservice } : undefined;
				const texts = new RepeatedTexts();
				return {
					add: (records) =>
						emitRecords(this, records, itemIndex, settings, collected, {
							extra: source,
							texts,
							recordsBefore: collected.main.length + collected.invalid.length,
							secrets: connection.secrets,
						}),
					done: () => collected,
				};
			},
			withFallback: async (list) =>
				await readWithFallback(
					connection,
					(options.secondaryWebservice as FallbackPolicy | undefined) ?? 'onError',
					list,
					(result) => result.main.length === 0 && result.invalid.length === 0,
				),
			wrongPath: (requested) =>
				new NodeOperationError(
					this.getNode(),
					`Item ${itemIndex}: the customer API answered 404 to GET ${maskPath(requested)} - check the Path`,
					{
						itemIndex,
						description: 'The list endpoint was not found at this Path under the Base URL.',
					},
				),
			failed: (error) => asItemError(this, itemIndex, error),
		},
		{ path, filters: baseQs, pagination, maxRecords: limit, concurrency },
	);
	// A listing can hold hundreds of thousands of items: spreading them into push() overflows the stack.
	for (const item of listed.main) output.main.push(item);
	for (const item of listed.invalid) output.invalid.push(item);
}

function readPagination(fn: IExecuteFunctions, itemIndex: number): PaginationSettings {
	const style = fn.getNodeParameter('pagination', itemIndex) as PaginationStyle;
	const options =
		style === 'none'
			? {}
			: (fn.getNodeParameter('paginationOptions', itemIndex, {}) as IDataObject);
	const text = (value: unknown) =>
		typeof value === 'string' && value.trim() ? value.trim() : undefined;
	return {
		style,
		pageParameter: text(options.pageParameter),
		firstPage: typeof options.firstPage === 'number' ? options.firstPage : undefined,
		// Emptied on purpose, it means "send no page size" (not the default name).
		pageSizeParameter:
			typeof options.pageSizeParameter === 'string' ? options.pageSizeParameter.trim() : undefined,
		pageSize: typeof options.pageSize === 'number' ? options.pageSize : undefined,
		offsetParameter: text(options.offsetParameter),
		cursorParameter: text(options.cursorParameter),
		cursorPath: text(options.cursorPath),
		nextUrlPath: text(options.nextUrlPath),
		stopOnShortPage: options.stopOnShortPage !== false,
	};
}
