/**
 * Calls a node's editor methods (`methods.listSearch`, `methods.resourceMapping`, `methods.loadOptions`) the
 * way n8n's DynamicNodeParametersService does: a workflow holding one `Temp-Node` with the editor's current
 * parameters and credentials, and n8n-core's own LoadOptionsContext over it, with the real credentials helper.
 */
import { ExecutionLifecycleHooks, LoadOptionsContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeCredentials,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
	IVersionedNodeType,
	ResourceMapperFields,
} from 'n8n-workflow';
import { NodeHelpers, UnexpectedError, Workflow } from 'n8n-workflow';

import { TestCredentialsHelper } from './credentialsHelper.mjs';
import { nodeTypeNameOf, TestNodeTypes } from './nodeTypes.mjs';
import { additionalDataFor } from './runWorkflow.mjs';

export interface NodeMethodCall {
	node: INodeType | IVersionedNodeType;
	/** The node's parameters as the editor holds them; n8n's Workflow fills in the defaults. */
	parameters: INodeParameters;
	typeVersion?: number;
	/** `{ [credential type]: data }`, stored in the helper and set on the node. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	credentialsHelper?: TestCredentialsHelper;
	/** The parameter the editor asks for, e.g. `parameters.customer` (the context's path). */
	path?: string;
}

interface Prepared {
	context: LoadOptionsContext;
	nodeType: INodeType;
}

function prepare(call: NodeMethodCall): Prepared {
	const credentialsHelper = call.credentialsHelper ?? new TestCredentialsHelper();
	const credentials: INodeCredentials = {};
	for (const [type, data] of Object.entries(call.credentials ?? {})) {
		credentials[type] = credentialsHelper.add(type, data);
	}
	const nodeTypes = new TestNodeTypes();
	const typeName = nodeTypes.register(call.node, nodeTypeNameOf(call.node));
	const version =
		call.typeVersion ?? (call.node.description as { defaultVersion?: number }).defaultVersion ?? 1;
	const node: INode = {
		parameters: call.parameters,
		id: 'uuid-1234',
		name: 'Temp-Node',
		type: typeName,
		typeVersion: version,
		position: [0, 0],
		...(Object.keys(credentials).length > 0 && { credentials }),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const workflowData = {
		id: 'harness-workflow',
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [node],
		connections: {},
	};
	const additionalData = additionalDataFor(
		credentialsHelper,
		new ExecutionLifecycleHooks('internal', 'load-options', workflowData),
		'load-options',
		workflowData.id,
	);
	additionalData.currentNodeParameters = call.parameters;
	const context = new LoadOptionsContext(
		workflow,
		workflow.nodes['Temp-Node'],
		additionalData,
		call.path ?? 'parameters',
	);
	return { context, nodeType: NodeHelpers.getVersionedNodeType(call.node, version) };
}

function methodOf<T>(nodeType: INodeType, kind: string, name: string): T {
	const method = (nodeType.methods as Record<string, Record<string, unknown>> | undefined)?.[
		kind
	]?.[name];
	if (typeof method !== 'function') throw new UnexpectedError(`No ${kind} method "${name}"`);
	return method as T;
}

/** `methods.resourceMapping[name]`, as the editor's resource mapper calls it. */
export async function callResourceMapping(
	call: NodeMethodCall,
	name: string,
): Promise<ResourceMapperFields> {
	const { context, nodeType } = prepare(call);
	const method = methodOf<(this: LoadOptionsContext) => Promise<ResourceMapperFields>>(
		nodeType,
		'resourceMapping',
		name,
	);
	return await method.call(context);
}

/** `methods.listSearch[name]`, as a resource locator's From List calls it (filter as typed). */
export async function callListSearch(
	call: NodeMethodCall,
	name: string,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { context, nodeType } = prepare(call);
	const method = methodOf<
		(this: LoadOptionsContext, filter?: string, token?: string) => Promise<INodeListSearchResult>
	>(nodeType, 'listSearch', name);
	return await method.call(context, filter, paginationToken);
}

/** `methods.loadOptions[name]`, as an options or multiOptions parameter calls it. */
export async function callLoadOptions(
	call: NodeMethodCall,
	name: string,
): Promise<INodePropertyOptions[]> {
	const { context, nodeType } = prepare(call);
	const method = methodOf<(this: LoadOptionsContext) => Promise<INodePropertyOptions[]>>(
		nodeType,
		'loadOptions',
		name,
	);
	return await method.call(context);
}
