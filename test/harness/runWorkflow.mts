import { ExecutionLifecycleHooks, ExternalSecretsProxy, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	ExecutionStatus,
	ICredentialDataDecryptedObject,
	IConnections,
	IDataObject,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, UnexpectedError, Workflow } from 'n8n-workflow';

import type { CredentialUpdate } from './credentialsHelper.mjs';
import { TestCredentialsHelper } from './credentialsHelper.mjs';
import { CapturingLogger, installLogger } from './logger.mjs';
import { nodeTypeNameOf, TestNodeTypes } from './nodeTypes.mjs';

/** Per-node settings from the node's Settings tab that change how the engine treats failures. */
export type NodeSettings = Pick<
	INode,
	'onError' | 'alwaysOutputData' | 'retryOnFail' | 'maxTries' | 'waitBetweenTries' | 'executeOnce'
>;

export interface RunResult {
	run: IRun;
	status: ExecutionStatus;
	/** The workflow-level error (a failing node without continue-on-fail), if any. */
	error: ExecutionError | undefined;
	/** Items of the observed node per output index; empty when it did not run or failed. */
	outputs: INodeExecutionData[][];
	/** `outputs` reduced to each item's json. */
	json: IDataObject[][];
	/** Credential writes made during this run (token fetches and refreshes), in order. */
	credentialUpdates: CredentialUpdate[];
	credentialsHelper: TestCredentialsHelper;
	logger: CapturingLogger;
}

export interface RunWorkflowOptions {
	nodes: INode[];
	connections: IConnections;
	nodeTypes: TestNodeTypes;
	/** The node that receives `input` on its first input. */
	startNode: string;
	input?: INodeExecutionData[];
	/** Whose outputs end up in `outputs`; defaults to the last node that ran. */
	outputNode?: string;
	credentialsHelper?: TestCredentialsHelper;
	logger?: CapturingLogger;
	mode?: WorkflowExecuteMode;
	settings?: IWorkflowSettings;
}

const BASE_URL = 'http://localhost:5678';

export function additionalDataFor(
	credentialsHelper: TestCredentialsHelper,
	hooks: ExecutionLifecycleHooks,
	executionId: string,
	workflowId: string,
): IWorkflowExecuteAdditionalData {
	const unsupported = (what: string) => async (): Promise<never> => {
		throw new UnexpectedError(`${what} is not available in the test harness`);
	};
	return {
		credentialsHelper,
		hooks,
		executionId,
		workflowId,
		currentNodeParameters: undefined,
		currentNodeExecutionIndex: 0,
		variables: {},
		externalSecretsProxy: new ExternalSecretsProxy(),
		restApiUrl: `${BASE_URL}/rest`,
		instanceBaseUrl: `${BASE_URL}/`,
		formBaseUrl: `${BASE_URL}/form`,
		formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
		formTestBaseUrl: `${BASE_URL}/form-test`,
		webhookBaseUrl: `${BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
		mcpBaseUrl: `${BASE_URL}/mcp`,
		mcpTestBaseUrl: `${BASE_URL}/mcp-test`,
		setExecutionStatus: () => {},
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		executeWorkflow: unsupported('Executing a sub-workflow'),
		startRunnerTask: unsupported('The task runner'),
	};
}

let executionCounter = 0;

/** Runs a workflow through n8n-core's WorkflowExecute, starting at `startNode` with `input`. */
export async function runWorkflow(options: RunWorkflowOptions): Promise<RunResult> {
	const credentialsHelper = options.credentialsHelper ?? new TestCredentialsHelper();
	const logger = options.logger ?? new CapturingLogger();
	const mode = options.mode ?? 'trigger';
	const executionId = String(++executionCounter);
	const workflowData: IWorkflowBase = {
		id: 'harness-workflow',
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: options.nodes,
		connections: options.connections,
		settings: { executionOrder: 'v1', ...options.settings },
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes: options.nodeTypes,
		settings: workflowData.settings,
	});
	const startNode = workflow.getNode(options.startNode);
	if (!startNode) throw new UnexpectedError(`No node named "${options.startNode}" in the workflow`);

	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const finished = new Promise<IRun>((resolve) => {
		hooks.addHandler('workflowExecuteAfter', (run) => resolve(run));
	});
	const additionalData = additionalDataFor(credentialsHelper, hooks, executionId, workflowData.id);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: startNode, data: { main: [options.input ?? [{ json: {} }]] }, source: null },
			],
		},
	});

	const updatesBefore = credentialsHelper.updates.length;
	const restoreLogger = installLogger(logger);
	let run: IRun;
	try {
		await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(
			workflow,
		);
		run = await finished;
	} finally {
		restoreLogger();
	}

	const observed = options.outputNode ?? run.data.resultData.lastNodeExecuted;
	const outputs = observed ? outputsOf(run, observed) : [];
	return {
		run,
		status: run.status,
		error: run.data.resultData.error,
		outputs,
		json: outputs.map((items) => items.map((item) => item.json)),
		credentialUpdates: credentialsHelper.updates.slice(updatesBefore),
		credentialsHelper,
		logger,
	};
}

/** Items of `nodeName`'s first run per main output index ([] per output when it failed). */
export function outputsOf(run: IRun, nodeName: string): INodeExecutionData[][] {
	const task = run.data.resultData.runData[nodeName]?.[0];
	return (task?.data?.main ?? []).map((items) => items ?? []);
}

export interface RunNodeOptions {
	/** The node under test (an instance of its class). */
	node: INodeType | IVersionedNodeType;
	parameters?: INodeParameters;
	/** Defaults to the node's default (or only) version. */
	typeVersion?: number;
	settings?: NodeSettings;
	/** `{ [credential type]: data }`; each is stored with a generated id and set on the node. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Credentials already in `credentialsHelper`, referenced as they are. */
	nodeCredentials?: INodeCredentials;
	credentialsHelper?: TestCredentialsHelper;
	input?: INodeExecutionData[];
	logger?: CapturingLogger;
	mode?: WorkflowExecuteMode;
	nodeName?: string;
}

function defaultVersionOf(node: INodeType | IVersionedNodeType): number {
	const { description } = node;
	if ('defaultVersion' in description && typeof description.defaultVersion === 'number') {
		return description.defaultVersion;
	}
	const version = (description as { version?: number | number[] }).version ?? 1;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/** Runs one node as the only node of a workflow, fed with `input`. */
export async function runNode(options: RunNodeOptions): Promise<RunResult> {
	const credentialsHelper = options.credentialsHelper ?? new TestCredentialsHelper();
	const nodeCredentials: INodeCredentials = { ...options.nodeCredentials };
	for (const [type, data] of Object.entries(options.credentials ?? {})) {
		nodeCredentials[type] = credentialsHelper.add(type, data);
	}

	const nodeTypes = new TestNodeTypes();
	const type = nodeTypes.register(options.node, nodeTypeNameOf(options.node));
	const name = options.nodeName ?? options.node.description.displayName;
	const node: INode = {
		id: 'node-under-test',
		name,
		type,
		typeVersion: options.typeVersion ?? defaultVersionOf(options.node),
		position: [0, 0],
		parameters: options.parameters ?? {},
		...(Object.keys(nodeCredentials).length > 0 && { credentials: nodeCredentials }),
		...options.settings,
	};

	return await runWorkflow({
		nodes: [node],
		connections: {},
		nodeTypes,
		startNode: name,
		input: options.input,
		outputNode: name,
		credentialsHelper,
		logger: options.logger,
		mode: options.mode,
	});
}
