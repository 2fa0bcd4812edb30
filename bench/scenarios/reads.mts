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
} from '../engine/n8nNodesBase.mts';
import { loadNodeClass, unvalidatedBuildDirOf } from '../engine/packageCode.mts';
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
 * This node's Get Many. `unvalidated` runs the ablation build (engine/packageCode.mts), whose records
 * skip renaming and validation: same parameters, same transport, same engine.
 */
export async function nodeGetMany(
	input: ScenarioInput,
	baseUrl: string,
	{ unvalidated = false } = {},
): Promise<ReadOutcome> {
	let buildDir = input.buildDir;
	if (unvalidated) {
		if (buildDir === undefined)
			throw new Error('the unvalidated ablation needs the tsc build (run without --source)');
		buildDir = unvalidatedBuildDirOf(buildDir);
	}
	const CustomerIntegration = await loadNodeClass(buildDir);
	const result = await runNode({
		node: new CustomerIntegration(),
		parameters: {
			authentication: 'basicAuth',
			resource: 'customer',
			operation: 'getAll',
			path: '/clientes',
			returnAll: true,
			pagination: 'pageNumber',
			paginationOptions: { pageSize: input.pageSize, pageSizeParameter: 'limit' },
			validationMode: 'route',
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

export async function httpRequestGetMany(
	input: ScenarioInput,
	baseUrl: string,
): Promise<ReadOutcome> {
	const { httpRequest } = loadN8nNodesBase();
	const nodeTypes = new TestNodeTypes();
	nodeTypes.register(httpRequest, HTTP_REQUEST_TYPE);
	const credentials = credentialsWithHttpBasicAuth(input);
	const node = httpRequestListNode(input, baseUrl, credentials.id);
	const result = await runWorkflow({
		nodes: [node],
		connections: {},
		nodeTypes,
		startNode: node.name,
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
