/**
 * The errors the transport throws, one factory per kind. Messages name the item, the method and the
 * masked path; API text is quoted only with credentials cut out and digit runs masked.
 */

import type { JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { type ApiCall, type ApiConnection, credentialTypeFor } from './connection';
import { MAX_REDIRECTS, type RedirectVerdict } from './redirects';
import { maskDigitRuns, maskPath, redactSecrets } from './redact';
import type { ResponseTooLargeError } from './responseBody';

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

/** The outcome of a write is unknown: it may have been applied (see outcomeUnknown). */
export class OutcomeUnknownError extends MarkedApiError {}

/** The credential was refused: asking another webservice with it would not help. */
export class CredentialRefusedError extends MarkedApiError {}

export function undecodable(connection: ApiConnection, call: ApiCall): NodeApiError {
	return new NodeApiError(connection.fn.getNode(), { message: 'invalid UTF-8' } as JsonObject, {
		message: `Item ${call.itemIndex}: the customer API answered with bytes that are not valid UTF-8`,
		description:
			'The response must be UTF-8 JSON, or declare its charset (e.g. Content-Type: application/json; charset=ISO-8859-1).',
		itemIndex: call.itemIndex,
	});
}

export function invalidJson(
	connection: ApiConnection,
	call: ApiCall,
	reason: string,
	status: number,
): NodeApiError {
	return new NodeApiError(connection.fn.getNode(), { message: reason } as JsonObject, {
		message: `Item ${call.itemIndex}: the customer API did not answer valid JSON - ${reason}`,
		description: `Request: ${call.method} ${maskPath(call.path)}. The endpoint must return JSON (an array of customers, one customer, or an object that wraps the array).`,
		itemIndex: call.itemIndex,
		httpCode: String(status),
	});
}

export function authError(connection: ApiConnection, call: ApiCall, status: number): NodeApiError {
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

export function tokenError(connection: ApiConnection, call: ApiCall, reason: string): NodeApiError {
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

export function tlsError(connection: ApiConnection, call: ApiCall, code: string): NodeApiError {
	return new NodeApiError(connection.fn.getNode(), { message: code } as JsonObject, {
		message: `The customer API's TLS certificate could not be verified (${code})`,
		description:
			'The certificate is self-signed, issued by a private CA, or does not match the host name. Trust the CA on the n8n host (NODE_EXTRA_CA_CERTS=/path/to/ca.pem) or fix the certificate; this node never skips certificate checks.',
		itemIndex: call.itemIndex,
	});
}

/**
 * A write that may have been applied: it timed out, its connection broke after it was sent, or a gateway
 * answered 502/504. `what` says which, after "METHOD /path".
 */
export function outcomeUnknown(
	connection: ApiConnection,
	call: ApiCall,
	what: string,
): OutcomeUnknownError {
	return new OutcomeUnknownError(
		connection.fn.getNode(),
		{ message: 'outcome unknown' } as JsonObject,
		{
			message: `Item ${call.itemIndex}: outcome unknown - ${call.method} ${maskPath(call.path)} ${what}`,
			description:
				'The customer API may or may not have applied this change. Check the record before running the update again, or enable "API Is Idempotent" if repeating this request is safe.',
			itemIndex: call.itemIndex,
		},
	);
}

/**
 * A redirect the node did not follow: it left the Base URL's scope, or it answered a write (never re-sent,
 * so the customer's data goes nowhere else). A write answered 301/302/303 may have been handled already.
 */
export function redirected(
	connection: ApiConnection,
	call: ApiCall,
	status: number,
	verdict: Exclude<RedirectVerdict, { kind: 'follow' }>,
): NodeApiError {
	const what = `${call.method} ${maskPath(call.path)}`;
	const node = connection.fn.getNode();
	const details = { httpCode: String(status), itemIndex: call.itemIndex };
	const cause = { message: `HTTP ${status}` } as JsonObject;
	switch (verdict.kind) {
		case 'write': {
			const message = `Item ${call.itemIndex}: the customer API redirected ${what} to ${verdict.shown} (HTTP ${status}) - the change was not sent again`;
			return verdict.mayBeApplied
				? new OutcomeUnknownError(node, cause, {
						...details,
						message,
						description:
							'An API may answer a write it already handled with 301/302/303, so the change may or may not have been applied: check the record. Then point the Base URL or the path at the address the API redirects to; a write is never re-sent on a redirect.',
					})
				: new NodeApiError(node, cause, {
						...details,
						message,
						description:
							'The API asked for the write to be sent elsewhere (307/308), so it was not applied. Point the Base URL or the path at that address; a write is never re-sent on a redirect.',
					});
		}
		case 'search':
			return new NodeApiError(node, cause, {
				...details,
				message: `Item ${call.itemIndex}: the customer API redirected ${what} to ${verdict.shown} (HTTP ${status}) - a lookup sent with POST is not followed`,
				description:
					'Point the path at the address the API redirects to, or look the customer up with GET.',
			});
		case 'outOfScope':
			return new NodeApiError(node, cause, {
				...details,
				message: `Item ${call.itemIndex}: the customer API redirected ${what} to ${verdict.shown}, outside the credential's Base URL - nothing was sent there`,
				description:
					'The credential is only sent inside its Base URL, and an answer from elsewhere is not used. If the API has moved, change the Base URL in the credential.',
			});
		case 'tooMany':
			return new NodeApiError(node, cause, {
				...details,
				message: `Item ${call.itemIndex}: the customer API redirected ${what} more than ${MAX_REDIRECTS} times`,
				description:
					'The redirects go round in a loop, or the path is out of date: use the final address.',
			});
		case 'invalid':
			return new NodeApiError(node, cause, {
				...details,
				message: `Item ${call.itemIndex}: the customer API redirected ${what} to a location that is not a URL`,
				description: 'Check the path against the API documentation.',
			});
	}
}

/** The body was larger than Max Response Size, or than the longest text the engine holds. */
export function tooLarge(
	connection: ApiConnection,
	call: ApiCall,
	error: ResponseTooLargeError,
): NodeApiError {
	const megabytes = Math.round(error.maxBytes / 2 ** 20);
	return new NodeApiError(
		connection.fn.getNode(),
		{ message: 'response too large' } as JsonObject,
		{
			message:
				error.limit === 'setting'
					? `Item ${call.itemIndex}: the customer API's answer to ${call.method} ${maskPath(call.path)} is larger than Max Response Size (${megabytes} MB) - it was not read further`
					: `Item ${call.itemIndex}: the customer API's answer to ${call.method} ${maskPath(call.path)} is too large to hold as text (the JavaScript engine's limit is about 512 MB)`,
			description:
				'Ask for smaller pages (pagination, Page Size), or raise "Max Response Size" in the node options if the answer really is that large. A compressed answer counts at its decompressed size.',
			itemIndex: call.itemIndex,
		},
	);
}

export function searchTimedOut(connection: ApiConnection, call: ApiCall): NodeApiError {
	return new NodeApiError(connection.fn.getNode(), { message: 'timeout' } as JsonObject, {
		message: `Item ${call.itemIndex}: ${call.method} ${maskPath(call.path)} timed out after ${connection.policy.timeoutMs} ms and was not retried`,
		description:
			'A lookup sent with POST is repeated only when "Retry POST Lookups" is on: turn it on if the API only searches with that request, or raise "Timeout".',
		itemIndex: call.itemIndex,
	});
}

export function gaveUp(
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

export function rejected(
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
		apiMessage = typeof candidate === 'string' ? candidate : text;
	} catch {
		apiMessage = text;
	}
	return new NodeApiError(connection.fn.getNode(), { message: `HTTP ${status}` } as JsonObject, {
		message: `Item ${call.itemIndex}: the customer API rejected ${call.method} ${maskPath(call.path)} with HTTP ${status}`,
		description: apiMessage
			? `The API said: ${quoteApiText(apiMessage, connection.secrets)}`
			: 'Check the path, method and parameters of the node against the API documentation.',
		httpCode: String(status),
		itemIndex: call.itemIndex,
	});
}

/** How much of the API's own text a message quotes. */
const API_TEXT_SHOWN = 200;
/** How much of it is read for credentials: well past what is shown, so none is cut in two there. */
const API_TEXT_READ = 4_000;

/**
 * The API's text as a message quotes it: credentials cut out, then cut to API_TEXT_SHOWN characters
 * (saying how long the text was), then numbers masked.
 */
export function quoteApiText(text: string, secrets: readonly string[]): string {
	const redacted = redactSecrets(text.slice(0, API_TEXT_READ), secrets);
	const chars = Array.from(redacted);
	if (text.length <= API_TEXT_READ && chars.length <= API_TEXT_SHOWN) return maskDigitRuns(redacted);
	return `${maskDigitRuns(chars.slice(0, API_TEXT_SHOWN).join(''))}…(${text.length} characters)`;
}
