/**
 * Update N records behind a rate-limiting gateway (429 + Retry-After), two ways:
 *   - this node's Update (PATCH), Concurrency N, with Read Current Record First (the default: a GET
 *     before each PATCH) and without it (one request per record, like the HTTP Request node);
 *   - n8n's HTTP Request node one item at a time, the way a user builds it: the records (from a No
 *     Operation node standing in for whatever produced them) → Loop Over Items with batch size 1 →
 *     HTTP Request (PATCH) → back to the loop, with the node's Retry On Fail at its maximum (5 tries,
 *     1 s apart: at least the Retry-After the gateway sends) so that 429s are survived. (Without the
 *     loop, the HTTP Request node sends every item's request at once.)
 * Both must leave every record updated; the API checks that afterwards.
 */

import type { IConnections, INode, INodeExecutionData } from 'n8n-workflow';

import { runNode, runWorkflow, TestNodeTypes } from '../engine/harness.mts';
import {
	HTTP_REQUEST_TYPE,
	HTTP_REQUEST_VERSION,
	LOOP_OVER_ITEMS_TYPE,
	loadN8nNodesBase,
	NO_OP_TYPE,
} from '../engine/n8nNodesBase.mts';
import { loadNodeClass } from '../engine/packageCode.mts';
import type { ScenarioInput } from '../lib/types.mts';
import { markerEmail } from '../lib/updateMarker.mts';
import { credentialsWithHttpBasicAuth, QuietLogger } from './reads.mts';

export interface WriteOutcome {
	/** Output items' json; called after the measurement. */
	jsons: () => unknown[];
	details: Record<string, number | string | boolean>;
}

export function updateInput(codes: string[], tag: string): INodeExecutionData[] {
	return codes.map((codigo) => ({ json: { codigo, email: markerEmail(tag, codigo) } }));
}

export async function nodeUpdate(
	input: ScenarioInput,
	items: INodeExecutionData[],
	concurrency: number,
	options: { readBeforeWrite?: boolean } = {},
): Promise<WriteOutcome> {
	const CustomerIntegration = await loadNodeClass(input.buildDir);
	const result = await runNode({
		node: new CustomerIntegration(),
		parameters: {
			authentication: 'basicAuth',
			resource: 'customer',
			operation: 'update',
			path: '/clientes/{codigo}',
			method: 'PATCH',
			columns: { mappingMode: 'autoMapInputData', value: null },
			options: { concurrency, ...options },
		},
		credentials: {
			customerIntegrationApi: {
				baseUrl: input.api.writesUrl,
				username: input.api.basic.username,
				password: input.api.basic.password,
			},
		},
		input: items,
		logger: new QuietLogger(),
	});
	if (result.status !== 'success') {
		throw new Error(`Customer Integration Update ended ${result.status}: ${result.error?.message}`);
	}
	return {
		jsons: () => result.outputs.flatMap((output) => output.map((item) => item.json)),
		details: {},
	};
}

const RECORDS = 'Customers to Update';
const LOOP = 'Loop Over Items';
const HTTP = 'HTTP Request';

export function httpRequestUpdateWorkflow(
	input: ScenarioInput,
	credentialId: string,
): { nodes: INode[]; connections: IConnections } {
	// Loop Over Items needs a node before it: it remembers its input's source for the loop.
	const records: INode = {
		id: 'records',
		name: RECORDS,
		type: NO_OP_TYPE,
		typeVersion: 1,
		position: [-200, 0],
		parameters: {},
	};
	const loop: INode = {
		id: 'loop',
		name: LOOP,
		type: LOOP_OVER_ITEMS_TYPE,
		typeVersion: 3,
		position: [0, 0],
		parameters: { batchSize: 1, options: {} },
	};
	const http: INode = {
		id: 'http-request',
		name: HTTP,
		type: HTTP_REQUEST_TYPE,
		typeVersion: HTTP_REQUEST_VERSION,
		position: [200, 0],
		parameters: {
			method: 'PATCH',
			url: `=${input.api.writesUrl}/clientes/{{ $json.codigo }}`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBasicAuth',
			sendBody: true,
			contentType: 'json',
			specifyBody: 'keypair',
			bodyParameters: { parameters: [{ name: 'email', value: '={{ $json.email }}' }] },
			options: {},
		},
		credentials: { httpBasicAuth: { id: credentialId, name: 'Customer API (Basic)' } },
		retryOnFail: true,
		maxTries: 5,
		waitBetweenTries: 1000,
	};
	const connections: IConnections = {
		[RECORDS]: { main: [[{ node: LOOP, type: 'main', index: 0 }]] },
		[LOOP]: { main: [[], [{ node: HTTP, type: 'main', index: 0 }]] },
		[HTTP]: { main: [[{ node: LOOP, type: 'main', index: 0 }]] },
	};
	return { nodes: [records, loop, http], connections };
}

export async function httpRequestUpdate(
	input: ScenarioInput,
	items: INodeExecutionData[],
): Promise<WriteOutcome> {
	const { httpRequest, loopOverItems, noOp } = loadN8nNodesBase();
	const nodeTypes = new TestNodeTypes();
	nodeTypes.register(httpRequest, HTTP_REQUEST_TYPE);
	nodeTypes.register(loopOverItems, LOOP_OVER_ITEMS_TYPE);
	nodeTypes.register(noOp, NO_OP_TYPE);
	const credentials = credentialsWithHttpBasicAuth(input);
	const workflow = httpRequestUpdateWorkflow(input, credentials.id);
	const result = await runWorkflow({
		...workflow,
		nodeTypes,
		startNode: RECORDS,
		input: items,
		outputNode: HTTP,
		credentialsHelper: credentials.helper,
		logger: new QuietLogger(),
	});
	if (result.status !== 'success') {
		throw new Error(`HTTP Request update loop ended ${result.status}: ${result.error?.message}`);
	}
	const runs = result.run.data.resultData.runData[HTTP] ?? [];
	const jsons = () => runs.flatMap((task) => (task.data?.main?.[0] ?? []).map((item) => item.json));
	return { jsons, details: { httpRequestRuns: runs.length } };
}
