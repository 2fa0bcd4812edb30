/**
 * Get Many through n8n-core's WorkflowExecute, two ways, against the same loopback API:
 *   - this node (Return All, route validation);
 *   - n8n's HTTP Request node with its own pagination, as a user would set it up for this API.
 * The floor (no n8n at all) is in floor.mts.
 */

import type { INode, INodeExecutionData } from 'n8n-workflow';

import {
	CapturingLogger,
	packageCredentialTypes,
	runNode,
	runWorkflow,
	TestCredentialsHelper,
	TestNodeTypes,
	type RunResult,
} from '../engine/harness.mts';
import {
	HTTP_REQUEST_TYPE,
	HTTP_REQUEST_VERSION,
	loadN8nNodesBase,
	SPLIT_OUT_TYPE,
} from '../engine/n8nNodesBase.mts';
import { loadNodeClass, skipRecordChecks } from '../engine/packageCode.mts';
import type { ScenarioInput } from '../lib/types.mts';
import type { ReadOutcome } from './floor.mts';

/**
 * n8n logs at info by default; keeping every debug line of a long run in memory (as the test
 * harness's capturing logger does) would add to the measured figures.
 */
export class QuietLogger extends CapturingLogger {
	override write(...args: Parameters<CapturingLogger['write']>): void {
		if (args[0] !== 'debug') super.write(...args);
	}
}

function assertSucceeded(result: RunResult, what: string): void {
	if (result.status !== 'success') {
		throw new Error(
			`${what} ended ${result.status}: ${result.error?.message ?? 'no error message'}`,
		);
	}
}

function jsonsOf(outputs: INodeExecutionData[][]): unknown[] {
	return outputs.flatMap((items) => items.map((item) => item.json));
}

/**
 * This node's Get Many. `unvalidated` runs the ablation (engine/packageCode.mts, skipRecordChecks):
 * records skip renaming and validation; same parameters, same transport, same engine.
 */
export async function nodeGetMany(
	input: ScenarioInput,
	baseUrl: string,
	{ unvalidated = false, cursor = false } = {},
): Promise<ReadOutcome> {
	if (unvalidated) {
		if (input.buildDir === undefined)
			throw new Error('the unvalidated ablation needs the tsc build (run without --source)');
		await skipRecordChecks(input.buildDir);
	}
	const CustomerIntegration = await loadNodeClass(input.buildDir);
	const result = await runNode({
		node: new CustomerIntegration(),
		parameters: {
			authentication: 'basicAuth',
			resource: 'customer',
			operation: 'getAll',
			path: '/clientes',
			returnAll: true,
			...(cursor
				? {
						pagination: 'cursor',
						paginationOptions: {
							pageSize: input.pageSize,
							pageSizeParameter: 'limit',
							cursorParameter: 'cursor',
							cursorPath: 'nextCursor',
						},
						// The sample API serves a cursor listing when asked for one.
						filters: { filter: [{ name: 'paginate', value: 'cursor' }] },
					}
				: {
						pagination: 'pageNumber',
						paginationOptions: { pageSize: input.pageSize, pageSizeParameter: 'limit' },
					}),
			validationMode: 'route',
			// Read by the node once Get Many has a Concurrency option; ignored before.
			options: { concurrency: input.readConcurrency },
		},
		credentials: {
			customerIntegrationApi: {
				baseUrl,
				username: input.api.basic.username,
				password: input.api.basic.password,
			},
		},
		logger: new QuietLogger(),
	});
	assertSucceeded(result, 'Customer Integration Get Many');
	const [valid = [], invalid = []] = result.outputs;
	return {
		jsons: () => jsonsOf(result.outputs),
		details: { valid: valid.length, invalid: invalid.length },
	};
}

/** The HTTP Request node as a user configures it for this API: Basic Auth, page-number pagination. */
export function httpRequestListNode(
	input: ScenarioInput,
	baseUrl: string,
	credentialId: string,
): INode {
	return {
		id: 'http-request',
		name: 'HTTP Request',
		type: HTTP_REQUEST_TYPE,
		typeVersion: HTTP_REQUEST_VERSION,
		position: [0, 0],
		parameters: {
			method: 'GET',
			url: `${baseUrl}/clientes`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBasicAuth',
			sendQuery: true,
			specifyQuery: 'keypair',
			queryParameters: { parameters: [{ name: 'pageSize', value: String(input.pageSize) }] },
			options: {
				pagination: {
					pagination: {
						paginationMode: 'updateAParameterInEachRequest',
						parameters: {
							parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }],
						},
						paginationCompleteWhen: 'responseIsEmpty',
						limitPagesFetched: false,
						requestInterval: 0,
					},
				},
			},
		},
		credentials: { httpBasicAuth: { id: credentialId, name: 'Customer API (Basic)' } },
	};
}

/** A credentials store that knows n8n's generic HTTP Basic Auth credential next to ours. */
export function credentialsWithHttpBasicAuth(input: ScenarioInput): {
	helper: TestCredentialsHelper;
	id: string;
} {
	const { httpBasicAuth } = loadN8nNodesBase();
	const helper = new TestCredentialsHelper([...packageCredentialTypes(), httpBasicAuth]);
	const { id } = helper.add('httpBasicAuth', {
		user: input.api.basic.username,
		password: input.api.basic.password,
	});
	return { helper, id };
}

/**
 * The HTTP Request node on the cursor listing: the cursor from each answer's body into the next
 * request, done when the answer has none; each answer is one item `{ data: [...], nextCursor }`, so a
 * Split Out node on `data` makes one item per customer, as a user needs.
 */
export function httpRequestCursorNode(
	input: ScenarioInput,
	baseUrl: string,
	credentialId: string,
): INode {
	const node = httpRequestListNode(input, baseUrl, credentialId);
	return {
		...node,
		parameters: {
			...node.parameters,
			queryParameters: {
				parameters: [
					{ name: 'paginate', value: 'cursor' },
					{ name: 'limit', value: String(input.pageSize) },
				],
			},
			options: {
				pagination: {
					pagination: {
						paginationMode: 'updateAParameterInEachRequest',
						parameters: {
							parameters: [
								{ type: 'qs', name: 'cursor', value: '={{ $response.body.nextCursor }}' },
							],
						},
						paginationCompleteWhen: 'other',
						completeExpression: '={{ !$response.body.nextCursor }}',
						limitPagesFetched: false,
						requestInterval: 0,
					},
				},
			},
		},
	};
}

const SPLIT_OUT = 'Split Out';

export async function httpRequestGetMany(
	input: ScenarioInput,
	baseUrl: string,
	{ cursor = false } = {},
): Promise<ReadOutcome> {
	const { httpRequest, splitOut } = loadN8nNodesBase();
	const nodeTypes = new TestNodeTypes();
	nodeTypes.register(httpRequest, HTTP_REQUEST_TYPE);
	nodeTypes.register(splitOut, SPLIT_OUT_TYPE);
	const credentials = credentialsWithHttpBasicAuth(input);
	const node = (cursor ? httpRequestCursorNode : httpRequestListNode)(
		input,
		baseUrl,
		credentials.id,
	);
	const split: INode = {
		id: 'split-out',
		name: SPLIT_OUT,
		type: SPLIT_OUT_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters: { fieldToSplitOut: 'data', include: 'noOtherFields', options: {} },
	};
	const result = await runWorkflow({
		nodes: cursor ? [node, split] : [node],
		connections: cursor
			? { [node.name]: { main: [[{ node: SPLIT_OUT, type: 'main', index: 0 }]] } }
			: {},
		nodeTypes,
		startNode: node.name,
		outputNode: cursor ? SPLIT_OUT : node.name,
		credentialsHelper: credentials.helper,
		logger: new QuietLogger(),
	});
	assertSucceeded(result, 'HTTP Request');
	return {
		jsons: () => jsonsOf(result.outputs),
		details: { items: result.outputs[0]?.length ?? 0 },
	};
}

/** Lookup items: one per CPF, as the items of an enrichment flow carry them. */
export function lookupItems(cpfs: string[]): INodeExecutionData[] {
	return cpfs.map((cpf) => ({ json: { cpf } }));
}

/** This node's Get by CPF for every item, at `input.readConcurrency` (its Concurrency option). */
export async function nodeLookups(
	input: ScenarioInput,
	baseUrl: string,
	cpfs: string[],
	buildDir = input.buildDir,
): Promise<ReadOutcome> {
	const CustomerIntegration = await loadNodeClass(buildDir);
	const result = await runNode({
		node: new CustomerIntegration(),
		// Look Up By + Value are version 1's lookup parameters (1.1 has the Customer locator).
		typeVersion: 1,
		parameters: {
			authentication: 'basicAuth',
			resource: 'customer',
			operation: 'get',
			lookupField: 'cpf',
			lookupValue: '={{ $json.cpf }}',
			path: '/clientes',
			method: 'GET',
			keyLocation: 'query',
			validationMode: 'route',
			// Read by the node once Get has a Concurrency option; before that Get ran one item at a time.
			options: { concurrency: input.readConcurrency },
		},
		credentials: {
			customerIntegrationApi: {
				baseUrl,
				username: input.api.basic.username,
				password: input.api.basic.password,
			},
		},
		input: lookupItems(cpfs),
		logger: new QuietLogger(),
	});
	assertSucceeded(result, 'Customer Integration Get');
	const [valid = [], invalid = []] = result.outputs;
	return {
		jsons: () => jsonsOf(result.outputs),
		details: { valid: valid.length, invalid: invalid.length },
	};
}

/** The HTTP Request node with its defaults: every item's request sent at once. */
export async function httpRequestLookups(
	input: ScenarioInput,
	baseUrl: string,
	cpfs: string[],
): Promise<ReadOutcome> {
	const { httpRequest } = loadN8nNodesBase();
	const nodeTypes = new TestNodeTypes();
	nodeTypes.register(httpRequest, HTTP_REQUEST_TYPE);
	const credentials = credentialsWithHttpBasicAuth(input);
	const node: INode = {
		id: 'http-request',
		name: 'HTTP Request',
		type: HTTP_REQUEST_TYPE,
		typeVersion: HTTP_REQUEST_VERSION,
		position: [0, 0],
		parameters: {
			method: 'GET',
			url: `${baseUrl}/clientes`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBasicAuth',
			sendQuery: true,
			specifyQuery: 'keypair',
			queryParameters: { parameters: [{ name: 'cpf', value: '={{ $json.cpf }}' }] },
			options: {},
		},
		credentials: { httpBasicAuth: { id: credentials.id, name: 'Customer API (Basic)' } },
	};
	const result = await runWorkflow({
		nodes: [node],
		connections: {},
		nodeTypes,
		startNode: node.name,
		input: lookupItems(cpfs),
		outputNode: node.name,
		credentialsHelper: credentials.helper,
		logger: new QuietLogger(),
	});
	assertSucceeded(result, 'HTTP Request');
	return {
		jsons: () => jsonsOf(result.outputs),
		details: { items: result.outputs[0]?.length ?? 0 },
	};
}
