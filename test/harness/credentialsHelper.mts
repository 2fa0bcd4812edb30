import { Credentials, getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, UnexpectedError, UserError } from 'n8n-workflow';

import { CustomerIntegrationApi } from '../../credentials/CustomerIntegrationApi.credentials.js';
import { CustomerIntegrationOAuth2Api } from '../../credentials/CustomerIntegrationOAuth2Api.credentials.js';
import { OAuth2ApiStandIn } from './oAuth2ApiStandIn.mjs';

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** One write to the store, as n8n would save it to its database. */
export interface CredentialUpdate {
	id: string;
	type: string;
	kind: 'oauthTokenData' | 'data';
	/** The stored data right after the write (a copy). */
	data: ICredentialDataDecryptedObject;
}

/** OAuth endpoint/flow fields n8n takes from the type, not from stored data, when the type hides them. */
const PINNED_WHEN_HIDDEN = ['authUrl', 'accessTokenUrl', 'grantType', 'authentication'];

export function packageCredentialTypes(): ICredentialType[] {
	return [new CustomerIntegrationApi(), new CustomerIntegrationOAuth2Api(), new OAuth2ApiStandIn()];
}

function copy<T>(value: T): T {
	return structuredClone(value);
}

function isExpression(value: unknown): value is string {
	return typeof value === 'string' && value.startsWith('=');
}

function containsExpression(value: unknown): boolean {
	if (isExpression(value)) return true;
	if (Array.isArray(value)) return value.some(containsExpression);
	if (value !== null && typeof value === 'object') {
		return Object.values(value).some(containsExpression);
	}
	return false;
}

/**
 * An in-memory credential store that behaves like the n8n CLI's CredentialsHelper where a node's
 * requests depend on it: lookup by id, defaults of the merged (`extends`) properties, declarative
 * and function `authenticate`, parent types for OAuth2 routing, and persisted token updates.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly updates: CredentialUpdate[] = [];

	private readonly types = new Map<string, ICredentialType>();

	private readonly store = new Map<string, StoredCredential>();

	constructor(credentialTypes: ICredentialType[] = packageCredentialTypes()) {
		super();
		for (const type of credentialTypes) this.types.set(type.name, type);
	}

	/** Stores a credential and returns what a workflow node references it by. */
	add(
		type: string,
		data: ICredentialDataDecryptedObject,
		options: { id?: string; name?: string } = {},
	): { id: string; name: string } {
		this.getCredentialType(type);
		const id = options.id ?? `${type}-${this.store.size + 1}`;
		const name = options.name ?? `${type} (test)`;
		this.store.set(id, { id, name, type, data: copy(data) });
		return { id, name };
	}

	/** A copy of what is stored under `id`, token data included. */
	stored(id: string): StoredCredential {
		const entry = this.store.get(id);
		if (!entry) throw new UnexpectedError(`No stored credential with id "${id}"`);
		return copy(entry);
	}

	getCredentialType(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new UnexpectedError(`Unknown credential type "${name}"`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.getCredentialType(name).extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.types.get(credentialType);
		if (!type?.restrictToSupportedNodes) return true;
		const shortName = nodeType.slice(nodeType.lastIndexOf('.') + 1);
		return (type.supportedNodes ?? []).some((node) => node === nodeType || node === shortName);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.getCredentialType(type);
		if (credentialType.extends === undefined) {
			if (type === 'oAuth1Api' || type === 'oAuth2Api') {
				// n8n keeps the tokens in this undeclared field of the OAuth base types.
				return [
					...credentialType.properties,
					{ displayName: 'oauthTokenData', name: 'oauthTokenData', type: 'json', default: {} },
				];
			}
			return credentialType.properties;
		}
		const merged: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(merged, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(merged, credentialType.properties);
		return merged;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		const entry = this.find(nodeCredentials, type);
		const credentials = new Credentials({ id: entry.id, name: entry.name }, entry.type);
		await credentials.setData(copy(entry.data));
		return credentials;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const original = copy(this.find(nodeCredentials, type).data);
		if (raw === true) return original;

		const properties = this.getCredentialsProperties(type);
		const stored = { ...original };
		for (const field of PINNED_WHEN_HIDDEN) {
			if (properties.some((p) => p.name === field && p.type === 'hidden')) delete stored[field];
		}
		// Like the CLI: defaults for every displayed property; undeclared keys are dropped.
		const withDefaults = NodeHelpers.getNodeParameters(
			properties,
			stored as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (original.oauthTokenData !== undefined)
			withDefaults.oauthTokenData = original.oauthTokenData;

		if (!expressionResolveValues || !containsExpression(withDefaults)) return withDefaults;
		const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
			expressionResolveValues;
		return workflow.expression.getParameterValue(
			withDefaults as INodeParameters,
			runExecutionData,
			runIndex,
			itemIndex,
			node.name,
			connectionInputData,
			mode,
			getAdditionalKeys(additionalData, mode, null, { isCredential: true }),
			executeData,
			false,
			withDefaults,
		) as ICredentialDataDecryptedObject;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.getCredentialType(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type !== 'generic') return requestOptions as IHttpRequestOptions;
		if (!workflow || !node) {
			throw new UnexpectedError('Declarative authentication needs the workflow and the node');
		}

		const resolve = (value: string): string => {
			if (!isExpression(value)) return value;
			const resolved = workflow.expression.getSimpleParameterValue(
				node,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			);
			return resolved ? resolved.toString() : '';
		};

		const target = requestOptions as unknown as Record<string, Record<string, string>>;
		target.headers ??= {};
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			target[section] ??= {};
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				target[section][resolve(key)] = resolve(value);
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.getCredentialType(typeName);
		const expirable = credentialType.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;

		const output = (await credentialType.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		const nodeCredentials = node.credentials?.[credentialType.name];
		if (!nodeCredentials) return undefined;
		const stored = this.find(nodeCredentials, typeName).data;
		await this.updateCredentials(nodeCredentials, typeName, { ...stored, ...output });
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const { preAuthentication } = this.getCredentialType(typeName);
		if (typeof preAuthentication !== 'function') return undefined;
		const output = await preAuthentication.call(helpers, credentials);
		return (output as ICredentialDataDecryptedObject | undefined) ?? undefined;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const entry = this.find(nodeCredentials, type);
		entry.data = copy(data);
		this.updates.push({ id: entry.id, type, kind: 'data', data: copy(entry.data) });
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const entry = this.find(nodeCredentials, type);
		entry.data = { ...entry.data, oauthTokenData: copy(data.oauthTokenData) };
		this.updates.push({ id: entry.id, type, kind: 'oauthTokenData', data: copy(entry.data) });
	}

	private find(nodeCredentials: INodeCredentialsDetails, type: string): StoredCredential {
		if (!nodeCredentials.id) {
			throw new UserError(`Credential "${nodeCredentials.name}" of type "${type}" has no ID`);
		}
		const entry = this.store.get(nodeCredentials.id);
		if (!entry || entry.type !== type) {
			throw new UserError(
				`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}"`,
			);
		}
		return entry;
	}
}
