import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { AdaptiveLimit } from './adaptiveLimit';
import type { ResponseHeaders } from './headers';
import { DEFAULT_RETRY_OPTIONS, type RetryOptions } from './retryPolicy';
import { checkBaseUrl } from './urlScope';

/** The credential type behind the node's Authentication switch. */
export function credentialTypeFor(authentication: string): string {
	return authentication === 'oAuth2' ? 'customerIntegrationOAuth2Api' : 'customerIntegrationApi';
}

export interface RequestPolicy extends RetryOptions {
	/** One attempt's whole time: connection, headers, redirects and the body to its last byte. */
	timeoutMs: number;
	/** The most a body may hold once decoded (decompressed); larger ones are an error, not retried. */
	maxResponseBytes: number;
}

export const DEFAULT_POLICY: Readonly<RequestPolicy> = {
	...DEFAULT_RETRY_OPTIONS,
	timeoutMs: 30_000,
	maxResponseBytes: 100 * 2 ** 20,
};

export type Webservice = 'primary' | 'secondary';

/** An execution, or the editor asking the node for a list (load options, list search, resource mapper). */
export type NodeFunctions = IExecuteFunctions | ILoadOptionsFunctions;

/** What every operation needs to talk to the customer API: resolved once per execution. */
export interface ApiConnection {
	fn: NodeFunctions;
	credentialType: string;
	baseUrl: string;
	/** The credential's optional second webservice (the platform's "Webservice Secundário"). */
	secondaryBaseUrl?: string;
	policy: RequestPolicy;
	/** Requests in flight to each webservice, shared by every item of one execution. */
	limits: Record<Webservice, AdaptiveLimit>;
	/** The credential's secrets as this execution read them, cut out of any API text the node quotes. */
	secrets: string[];
	/** OAuth2: the statuses that mean "token expired" (the credential's Token Expired Status Codes); Basic: none. */
	tokenExpiredStatuses: number[];
}

export interface ApiCall {
	method: IHttpRequestMethods;
	/** Relative to the credential's base URL, or an absolute URL inside it (next-page links). */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex: number;
	/** Which of the credential's base URLs to call; primary by default. */
	webservice?: Webservice;
	/**
	 * A 2xx answer whose body is not JSON (`OK`, an HTML page) or breaks off gives body undefined instead of
	 * an error: for a write, the change happened whatever the API says about it.
	 */
	bodyIsOptional?: boolean;
	/** A POST that only reads (a search): a timeout then changed nothing, and the message says so. */
	searchOnly?: boolean;
}

export interface ApiResponse {
	status: number;
	headers: ResponseHeaders;
	/** Parsed JSON; undefined for an empty body (and for a 404 whose body is not JSON). */
	body: unknown;
	/** A 404's body as text (its first bytes): an API's "not found" or a server's "no such page". */
	notFoundText?: string;
	url: string;
	attempts: number;
	webservice: Webservice;
}

/** `concurrency`: the most requests in flight to one webservice (the operation's Concurrency). */
export async function openConnection(
	fn: NodeFunctions,
	policy: RequestPolicy,
	concurrency = 1,
): Promise<ApiConnection> {
	// Authentication takes no expression, so item 0's value is every item's; the editor's calls have no items.
	const authentication = (
		'getInputData' in fn
			? fn.getNodeParameter('authentication', 0)
			: fn.getNodeParameter('authentication', 'basicAuth')
	) as string;
	const credentialType = credentialTypeFor(authentication);
	const credentials = await fn.getCredentials(credentialType);
	const baseUrl = String(credentials.baseUrl ?? '').trim();
	const secondaryBaseUrl = String(credentials.secondaryBaseUrl ?? '').trim() || undefined;
	for (const [field, url] of [
		['Base URL', baseUrl],
		['Secondary Base URL', secondaryBaseUrl],
	] as const) {
		if (url === undefined) continue;
		try {
			checkBaseUrl(url);
		} catch (error) {
			throw new NodeOperationError(fn.getNode(), `${field}: ${(error as Error).message}`, {
				description: `Fix the ${field} in the credential.`,
			});
		}
	}
	return {
		fn,
		credentialType,
		baseUrl,
		secondaryBaseUrl,
		policy,
		limits: {
			primary: new AdaptiveLimit(concurrency),
			secondary: new AdaptiveLimit(concurrency),
		},
		secrets: secretsOf(credentials),
		tokenExpiredStatuses:
			authentication === 'oAuth2' ? tokenExpiredStatusesOf(credentials.tokenExpiredStatusCode) : [],
	};
}

/** As n8n-core reads the field: a list or a single code, each converted with Number(); 401 when unset. */
function tokenExpiredStatusesOf(value: unknown): number[] {
	if (value === undefined || value === null || value === '') return [401];
	return (Array.isArray(value) ? value : [value]).map(Number).filter(Number.isFinite);
}

/** The base URL a call goes to. */
export function baseUrlOf(connection: ApiConnection, webservice: Webservice): string {
	return webservice === 'secondary' ? (connection.secondaryBaseUrl ?? '') : connection.baseUrl;
}

/**
 * Adds the secrets the credential holds now: n8n fetches or refreshes an OAuth2 token during the run,
 * after the connection read the credential, and an API may quote that token back. Read again only when
 * a message is about to quote the API's text.
 */
export async function refreshSecrets(connection: ApiConnection): Promise<void> {
	let credentials: IDataObject;
	try {
		credentials = await connection.fn.getCredentials(connection.credentialType);
	} catch {
		// The secrets read when the run opened still apply, and the shape patterns.
		return;
	}
	for (const secret of secretsOf(credentials)) {
		if (!connection.secrets.includes(secret)) connection.secrets.push(secret);
	}
}

/** Shorter values would cut ordinary words out of the API's text; they are left to the shape patterns. */
const MIN_SECRET_LENGTH = 4;

/** The values redactSecrets cuts out of any API text the node quotes. */
function secretsOf(credentials: IDataObject): string[] {
	const token = (credentials.oauthTokenData ?? {}) as IDataObject;
	const secrets = [
		credentials.password,
		credentials.clientSecret,
		token.access_token,
		token.refresh_token,
	].filter((value): value is string => typeof value === 'string');
	return secrets.filter((value) => value.length >= MIN_SECRET_LENGTH);
}
