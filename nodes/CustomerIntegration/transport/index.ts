import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { ResponseShapeError } from '../mapping/errors';
import { parseJson } from '../mapping/parseJson';
import { AdaptiveLimit, type Slot } from './adaptiveLimit';
import { maskDigitRuns, maskPath, redactSecrets } from './redact';
import { discardBody, isLatin1Charset, readBodyText, UndecodableBodyError } from './responseBody';
import { isRetryableFailure, nextDelayMs, parseRetryAfter, type RetryOptions } from './retryPolicy';
import { checkBaseUrl, resolveRequestUrl } from './urlScope';

/** The credential type behind the node's Authentication switch. */
export function credentialTypeFor(authentication: string): string {
	return authentication === 'oAuth2' ? 'customerIntegrationOAuth2Api' : 'customerIntegrationApi';
}

export interface RequestPolicy extends RetryOptions {
	timeoutMs: number;
}

export const DEFAULT_POLICY: RequestPolicy = {
	maxAttempts: 5,
	maxWaitMs: 30_000,
	baseDelayMs: 500,
	retryNonIdempotent: false,
	timeoutMs: 30_000,
};

/** What every operation needs to talk to the customer API: resolved once per execution. */
export interface ApiConnection {
	fn: IExecuteFunctions;
	credentialType: string;
	baseUrl: string;
	/** The credential's optional second webservice (the platform's "Webservice Secundário"). */
	secondaryBaseUrl?: string;
	policy: RequestPolicy;
	/** Requests in flight to each webservice, shared by every item of one execution. */
	limits: Record<Webservice, AdaptiveLimit>;
	/** The credential's secrets as this execution read them, cut out of any API text the node quotes. */
	secrets: string[];
}

export type Webservice = 'primary' | 'secondary';

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
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON; undefined for an empty body. */
	body: unknown;
	url: string;
	attempts: number;
	webservice: Webservice;
}

/** The outcome of a write is unknown when a non-idempotent request timed out: it may have been applied. */
/**
 * Marks a kind of NodeApiError for this package's own decisions; to n8n (and its editor, which reads the
 * error's name) it stays a NodeApiError.
 */
class MarkedApiError extends NodeApiError {
	constructor(...args: ConstructorParameters<typeof NodeApiError>) {
		super(...args);
		this.name = 'NodeApiError';
	}
}

export class OutcomeUnknownError extends MarkedApiError {}

/** The credential was refused: asking another webservice with it would not help. */
class CredentialRefusedError extends MarkedApiError {}

// 401/403/407 must throw inside n8n's helper: that is what triggers its OAuth2 token refresh and retry.
// Every other status comes back as a response, so we can read Retry-After and the API's own message.
const AUTH_STATUSES = [401, 403, 407];

const TLS_CODES = new Set([
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** `concurrency`: the most requests in flight to one webservice (Update's Concurrency; 1 for reads). */
export async function openConnection(
	fn: IExecuteFunctions,
	policy: RequestPolicy,
	concurrency = 1,
): Promise<ApiConnection> {
	const authentication = fn.getNodeParameter('authentication', 0) as string;
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
	};
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

/**
 * The one place this package sends HTTP. It keeps the credential inside its base URL, retries transient
 * failures with backoff, parses the body itself (for precise errors) and never puts a secret in an error.
 */
export async function apiRequest(connection: ApiConnection, call: ApiCall): Promise<ApiResponse> {
	const { fn, policy } = connection;
	const node = fn.getNode();
	const webservice = call.webservice ?? 'primary';
	const baseUrl =
		webservice === 'secondary' ? (connection.secondaryBaseUrl ?? '') : connection.baseUrl;
	let url: string;
	try {
		url = resolveRequestUrl(baseUrl, call.path);
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message, {
			itemIndex: call.itemIndex,
			description:
				'The credential is only sent to its own base URL. Use a path relative to it, e.g. /clientes.',
		});
	}

	const options: IHttpRequestOptions = {
		method: call.method,
		url,
		qs: call.qs,
		body: call.body,
		json: call.body !== undefined,
		headers: { Accept: 'application/json' },
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: { ignore: true, except: AUTH_STATUSES },
		timeout: policy.timeoutMs,
		sendCredentialsOnCrossOriginRedirect: false,
	};

	const limit = connection.limits[webservice];
	let lastFailure = '';
	for (let attempt = 1; ; attempt++) {
		let response: RawResponse;
		let text = '';
		let retryableStatus = false;
		const slot = await acquireSlot(limit);
		const sentAt = Date.now();
		try {
			response = (await fn.helpers.httpRequestWithAuthentication.call(
				fn,
				connection.credentialType,
				{ ...options, headers: { ...options.headers } },
			)) as RawResponse;
			// A 404, and a temporary failure that will be retried, are judged by their status alone.
			const status = response.statusCode;
			retryableStatus = isRetryableFailure({ status }, call.method, policy);
			if (status === 404 || retryableStatus) {
				discardBody(response.body);
			} else {
				const contentType = headerValue(response.headers, 'content-type');
				const reading = readBodyText(response.body, isLatin1Charset(contentType));
				// A write answered 2xx was applied, whatever becomes of its body: retrying it, or calling it
				// failed (a flow may resend it), could write it twice.
				text =
					call.bodyIsOptional && status >= 200 && status < 300
						? await reading.catch(() => '')
						: await reading;
			}
		} catch (error) {
			limit.release(slot, 'failed', Date.now());
			if (error instanceof UndecodableBodyError) throw undecodable(connection, call);
			const failure = describeThrown(error);
			// The socket's timeout also covers a body that stalls after the headers, but then surfaces as
			// a reset ('aborted'): what ran out was the time.
			if (Date.now() - sentAt >= policy.timeoutMs) failure.timedOut = true;
			if (failure.tls) throw tlsError(connection, call, failure.code);
			if (failure.token) throw tokenError(connection, call, failure.token);
			if (failure.status !== undefined) throw authError(connection, call, failure.status);
			lastFailure = failure.timedOut
				? `timed out after ${policy.timeoutMs} ms`
				: (NETWORK_FAILURES[failure.code] ?? failure.code);
			const retryable = isRetryableFailure(failure, call.method, policy);
			if (retryable && attempt < policy.maxAttempts) {
				await sleep(nextDelayMs(attempt, undefined, policy, Math.random));
				continue;
			}
			if (failure.timedOut && !retryable) {
				throw call.searchOnly ? searchTimedOut(connection, call) : outcomeUnknown(connection, call);
			}
			throw gaveUp(connection, call, attempt, lastFailure);
		}

		const status = response.statusCode;
		const refused = status === 429 || status === 503;
		const now = Date.now();
		// Only a refusal or a response that will be retried has a wait to honour.
		const retryAfter =
			refused || retryableStatus
				? parseRetryAfter(headerValue(response.headers, 'retry-after'), now)
				: undefined;
		limit.release(
			slot,
			refused ? 'refused' : status < 500 ? 'success' : 'failed',
			now,
			refused && retryAfter !== undefined ? Math.min(retryAfter, policy.maxWaitMs) : undefined,
		);
		if (status >= 200 && status < 300) {
			return {
				status,
				headers: response.headers ?? {},
				body: call.bodyIsOptional
					? parseOptionalBody(text)
					: parseBody(connection, call, text, status),
				url,
				attempts: attempt,
				webservice,
			};
		}
		if (status === 404) {
			return {
				status,
				headers: response.headers ?? {},
				body: undefined,
				url,
				attempts: attempt,
				webservice,
			};
		}
		if (!retryableStatus) throw rejected(connection, call, status, text);
		lastFailure = `HTTP ${status}`;
		if (attempt < policy.maxAttempts) {
			await sleep(nextDelayMs(attempt, retryAfter, policy, Math.random));
			continue;
		}
		throw gaveUp(connection, call, attempt, lastFailure);
	}
}

interface RawResponse {
	statusCode: number;
	headers?: Record<string, string | string[] | undefined>;
	/** A stream (encoding 'stream'); a string or bytes from a stand-in for n8n's helper. */
	body?: unknown;
}

interface ThrownFailure {
	status?: number;
	code: string;
	timedOut: boolean;
	tls: boolean;
	/** Getting or refreshing the OAuth2 token failed: the RFC 6749 error code when one was given. */
	token?: string;
}

/**
 * Words for the usual network codes. n8n replaces the whole message of an error that contains one of
 * these codes with its own generic text, which would drop "after N attempts".
 */
const NETWORK_FAILURES: Record<string, string> = {
	ECONNRESET: 'connection reset',
	ECONNREFUSED: 'connection refused',
	ECONNABORTED: 'connection aborted',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'DNS lookup failed',
	EHOSTUNREACH: 'host unreachable',
	ETIMEDOUT: 'timed out',
};

const OAUTH_ERROR_CODES =
	/\b(invalid_client|invalid_grant|unauthorized_client|invalid_scope|invalid_request|access_denied|unsupported_grant_type)\b/;

/** n8n wraps errors differently for Basic (NodeApiError around axios) and OAuth2 (raw axios): dig out the facts. */
function describeThrown(error: unknown): ThrownFailure {
	const chain: Array<Record<string, unknown>> = [];
	let current = error as Record<string, unknown> | undefined;
	for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
		chain.push(current);
		current = current.cause as Record<string, unknown> | undefined;
	}
	let status: number | undefined;
	let code = '';
	for (const link of chain) {
		const response = link.response as { status?: number } | undefined;
		if (status === undefined && AUTH_STATUSES.includes(response?.status as number))
			status = response?.status;
		if (status === undefined && link.httpCode && AUTH_STATUSES.includes(Number(link.httpCode))) {
			status = Number(link.httpCode);
		}
		if (!code && typeof link.code === 'string') code = link.code;
	}
	const message = chain.map((link) => String(link.message ?? '')).join(' ');
	if (
		(!code || code === 'ERR_BAD_RESPONSE') &&
		/socket hang up|stream has been aborted/i.test(message)
	)
		code = 'ECONNRESET';
	if (!code && /timeout/i.test(message)) code = 'ETIMEDOUT';
	const timedOut =
		code === 'ECONNABORTED' ||
		code === 'ETIMEDOUT' ||
		code === 'ESOCKETTIMEDOUT' ||
		/timeout/i.test(message);
	// The OAuth2 client puts the RFC 6749 error code in the parsed body of the token endpoint's answer.
	const bodyCode = chain
		.map((link) => (link.body as { error?: unknown } | undefined)?.error)
		.find((value): value is string => typeof value === 'string' && OAUTH_ERROR_CODES.test(value));
	const tokenFailure =
		code === 'EAUTH' || /access token|OAuth2|reconnect/i.test(message)
			? (OAUTH_ERROR_CODES.exec(message)?.[1] ??
				bodyCode ??
				(/reconnect/i.test(message) ? 'invalid_grant' : 'refused'))
			: undefined;
	return {
		status,
		token: tokenFailure,
		code: code || 'network failure',
		timedOut,
		tls: TLS_CODES.has(code) || /certificate|self[- ]signed/i.test(message),
	};
}

/** A slot to send in, once any pause the API asked for (a refusal's Retry-After) is over. */
async function acquireSlot(limit: AdaptiveLimit): Promise<Slot> {
	for (;;) {
		const paused = limit.pauseFrom(Date.now());
		if (paused > 0) await sleep(paused);
		const slot = await limit.acquire();
		if (limit.pauseFrom(Date.now()) === 0) return slot;
		limit.release(slot, 'unsent', Date.now());
	}
}

function undecodable(connection: ApiConnection, call: ApiCall): NodeApiError {
	return new NodeApiError(connection.fn.getNode(), { message: 'invalid UTF-8' } as JsonObject, {
		message: `Item ${call.itemIndex}: the customer API answered with bytes that are not valid UTF-8`,
		description:
			'The response must be UTF-8 JSON, or declare its charset (e.g. Content-Type: application/json; charset=ISO-8859-1).',
		itemIndex: call.itemIndex,
	});
}

function parseOptionalBody(text: string): unknown {
	try {
		return parseJson(text);
	} catch {
		return undefined;
	}
}

function parseBody(
	connection: ApiConnection,
	call: ApiCall,
	text: string,
	status: number,
): unknown {
	try {
		return parseJson(text);
	} catch (error) {
		// parseJson throws only ResponseShapeError, whose message says where the JSON breaks.
		const reason = (error as ResponseShapeError).message;
		throw new NodeApiError(connection.fn.getNode(), { message: reason } as JsonObject, {
			message: `Item ${call.itemIndex}: the customer API did not answer valid JSON - ${reason}`,
			description: `Request: ${call.method} ${maskPath(call.path)}. The endpoint must return JSON (an array of customers, one customer, or an object that wraps the array).`,
			itemIndex: call.itemIndex,
			httpCode: String(status),
		});
	}
}

function headerValue(
	headers: Record<string, string | string[] | undefined> | undefined,
	name: string,
): string | undefined {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	return Array.isArray(value) ? value[0] : value;
}

function authError(connection: ApiConnection, call: ApiCall, status: number): NodeApiError {
	const oauth = connection.credentialType === credentialTypeFor('oAuth2');
	const description = oauth
		? 'The API refused the access token, also after n8n fetched a new one. Check the credential: Client ID, Client Secret, Access Token URL, Scope and, if the API answers 403 for an expired token, add 403 to "Token Expired Status Codes".'
		: 'Check the username and password of the credential, and that the user may read and write customers.';
	return new CredentialRefusedError(
		connection.fn.getNode(),
		{ message: `HTTP ${status}` } as JsonObject,
		{
			message: `Authorization failed - the customer API answered HTTP ${status} to ${call.method} ${maskPath(call.path)}`,
			description,
			httpCode: String(status),
			itemIndex: call.itemIndex,
		},
	);
}

function tokenError(connection: ApiConnection, call: ApiCall, reason: string): NodeApiError {
	const reconnect = reason === 'invalid_grant';
	return new CredentialRefusedError(connection.fn.getNode(), { message: reason } as JsonObject, {
		message: reconnect
			? 'The OAuth2 credential needs to be reconnected - the authorization server refused its refresh token (invalid_grant)'
			: `Could not get an OAuth2 access token - the authorization server answered ${reason}`,
		description: reconnect
			? 'Open the credential and connect it again (Authorization Code), or check that the client was not revoked.'
			: 'Fix the credential: check the Client ID, Client Secret, Access Token URL and Scope. If the client was revoked, create a new one in the customer system.',
		itemIndex: call.itemIndex,
	});
}

function tlsError(connection: ApiConnection, call: ApiCall, code: string): NodeApiError {
	return new NodeApiError(connection.fn.getNode(), { message: code } as JsonObject, {
		message: `The customer API's TLS certificate could not be verified (${code})`,
		description:
			'The certificate is self-signed, issued by a private CA, or does not match the host name. Trust the CA on the n8n host (NODE_EXTRA_CA_CERTS=/path/to/ca.pem) or fix the certificate; this node never skips certificate checks.',
		itemIndex: call.itemIndex,
	});
}

function outcomeUnknown(connection: ApiConnection, call: ApiCall): OutcomeUnknownError {
	return new OutcomeUnknownError(connection.fn.getNode(), { message: 'timeout' } as JsonObject, {
		message: `Item ${call.itemIndex}: outcome unknown - ${call.method} ${maskPath(call.path)} timed out after ${connection.policy.timeoutMs} ms and was not retried`,
		description:
			'The customer API may or may not have applied this change. Check the record before running the update again, or enable "API Is Idempotent" if repeating this request is safe.',
		itemIndex: call.itemIndex,
	});
}

function searchTimedOut(connection: ApiConnection, call: ApiCall): NodeApiError {
	return new NodeApiError(connection.fn.getNode(), { message: 'timeout' } as JsonObject, {
		message: `Item ${call.itemIndex}: ${call.method} ${maskPath(call.path)} timed out after ${connection.policy.timeoutMs} ms and was not retried`,
		description:
			'A lookup sent with POST is repeated only when "Retry POST Lookups" is on: turn it on if the API only searches with that request, or raise "Timeout".',
		itemIndex: call.itemIndex,
	});
}

function gaveUp(
	connection: ApiConnection,
	call: ApiCall,
	attempts: number,
	lastFailure: string,
): NodeApiError {
	return new NodeApiError(connection.fn.getNode(), { message: lastFailure } as JsonObject, {
		message: `Item ${call.itemIndex}: the customer API did not answer ${call.method} ${maskPath(call.path)} after ${attempts} attempt${attempts === 1 ? '' : 's'} (last: ${lastFailure})`,
		description:
			'The API kept failing with a temporary error. Try again later, or raise "Max Attempts" / "Max Wait" in the node options.',
		itemIndex: call.itemIndex,
	});
}

function rejected(
	connection: ApiConnection,
	call: ApiCall,
	status: number,
	text: string,
): NodeApiError {
	let apiMessage = '';
	try {
		const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
		const candidate =
			parsed && typeof parsed === 'object'
				? (parsed.message ?? parsed.error_description ?? parsed.error ?? parsed.mensagem)
				: undefined;
		apiMessage = typeof candidate === 'string' ? candidate : text.slice(0, 200);
	} catch {
		apiMessage = text.slice(0, 200);
	}
	return new NodeApiError(connection.fn.getNode(), { message: `HTTP ${status}` } as JsonObject, {
		message: `Item ${call.itemIndex}: the customer API rejected ${call.method} ${maskPath(call.path)} with HTTP ${status}`,
		description: apiMessage
			? `The API said: ${maskDigitRuns(redactSecrets(apiMessage, connection.secrets))}`
			: 'Check the path, method and parameters of the node against the API documentation.',
		httpCode: String(status),
		itemIndex: call.itemIndex,
	});
}

export type FallbackPolicy = 'never' | 'onError' | 'onErrorOrNotFound';

/**
 * Run a read against the primary webservice and, where the credential has a secondary one and the policy
 * says so, again against the secondary: when the primary failed for good (retries spent, network, 5xx), or
 * also when it found nothing. Authorization and request errors are not the primary's fault and are thrown.
 */
export async function readWithFallback<T>(
	connection: ApiConnection,
	policy: FallbackPolicy,
	read: (webservice: Webservice) => Promise<T>,
	foundNothing: (result: T) => boolean,
): Promise<T> {
	if (!connection.secondaryBaseUrl || policy === 'never') return await read('primary');
	const primary = await read('primary').then(
		(result) => ({ result }),
		(error: unknown) => ({ error }),
	);
	if ('error' in primary) {
		if (isWebserviceFailure(primary.error)) return await read('secondary');
		throw primary.error;
	}
	if (policy === 'onErrorOrNotFound' && foundNothing(primary.result))
		return await read('secondary');
	return primary.result;
}

function isWebserviceFailure(error: unknown): boolean {
	if (!(error instanceof NodeApiError) || error instanceof CredentialRefusedError) return false;
	const status = Number(error.httpCode);
	return !(status >= 400 && status < 500);
}
