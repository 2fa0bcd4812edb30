/**
 * A credential's "Test connection", run the way the n8n CLI runs a declarative `test.request`
 * (packages/cli/src/services/credentials-tester.service.ts, runRequestTest): a temporary node type whose
 * one property routes to the test request, executed by n8n-core's RoutingNode with the credential
 * decrypted, and the same verdict (a thrown error with a response is "Error" with its status message).
 */
import { ExecuteContext, ExecutionLifecycleHooks, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestRequest,
	INode,
	INodeType,
	IWorkflowBase,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import { TestCredentialsHelper } from './credentialsHelper.mjs';
import { TestNodeTypes } from './nodeTypes.mjs';
import { additionalDataFor } from './runWorkflow.mjs';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

interface ThrownByRequest {
	message?: string;
	cause?: { code?: string; response?: { status: number; statusText?: string } };
}

export async function runCredentialTest(
	credentialType: string,
	testRequest: ICredentialTestRequest,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const credentialsHelper = new TestCredentialsHelper();
	const stored = credentialsHelper.add(credentialType, data);
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: stored.id ?? 'credential',
		name: stored.name,
		type: credentialType,
		data,
	};
	const nodeType: INodeType = {
		description: {
			displayName: 'Temp',
			name: 'credentialTestNode',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Temp' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const nodeTypes = new TestNodeTypes();
	const type = nodeTypes.register(nodeType, 'credentialTestNode');
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialType]: stored },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const workflowData = {
		id: 'credential-test',
		nodes: [node],
		connections: {},
	} as unknown as IWorkflowBase;
	const hooks = new ExecutionLifecycleHooks('internal', 'credential-test', workflowData);
	const additionalData = additionalDataFor(
		credentialsHelper,
		hooks,
		'credential-test',
		'credential-test',
	);
	const executeFunctions = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(executeFunctions, nodeType, credentialsDecrypted);
	try {
		await routingNode.runNode();
	} catch (thrown) {
		const error = thrown as ThrownByRequest;
		const response = error.cause?.response;
		if (response) {
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === response.status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			return {
				status: 'Error',
				message: response.statusText || `Received HTTP status code: ${response.status}`,
			};
		}
		return { status: 'Error', message: error.cause?.code ?? String(error.message) };
	}
	return { status: 'OK', message: 'Connection successful!' };
}
