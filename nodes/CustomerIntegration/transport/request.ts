import type { IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { ResponseShapeError } from '../mapping/errors';
import type { AdaptiveLimit, Slot } from './adaptiveLimit';
import {
	authError,
	gaveUp,
	invalidJson,
	outcomeUnknown,
	rejected,
	searchTimedOut,
	tlsError,
	tokenError,
	undecodable,
} from './apiErrors';
import { type ApiCall, type ApiConnection, type ApiResponse, baseUrlOf } from './connection';
import { AUTH_STATUSES, describeThrown, NETWORK_FAILURES } from './failures';
import { headerValue, type ResponseHeaders } from './headers';
import { parseJson } from './parseJson';
import { discardBody, isLatin1Charset, readBodyText, UndecodableBodyError } from './responseBody';
import { isRetryableFailure, nextDelayMs, parseRetryAfter } from './retryPolicy';
import { resolveRequestUrl } from './urlScope';

interface RawResponse {
	statusCode: number;
	headers?: ResponseHeaders;
	/** A stream (encoding 'stream'); a string or bytes from a stand-in for n8n's helper. */
	body?: unknown;
}

/**
 * The one place this package sends HTTP. It keeps the credential inside its base URL, retries transient
 * failures with backoff, parses the body itself (for precise errors) and never puts a secret in an error.
 */
export async function apiRequest(connection: ApiConnection, call: ApiCall): Promise<ApiResponse> {
	const { fn, policy } = connection;
	const node = fn.getNode();
	const webservice = call.webservice ?? 'primary';
	let url: string;
	try {
		url = resolveRequestUrl(baseUrlOf(connection, webservice), call.path);
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
		throw invalidJson(connection, call, (error as ResponseShapeError).message, status);
	}
}
