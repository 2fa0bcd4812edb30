import type { IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { ResponseShapeError } from '../mapping/errors';
import type { AdaptiveLimit, Slot } from './adaptiveLimit';
import {
	authError,
	gaveUp,
	invalidJson,
	outcomeUnknown,
	redirected,
	rejected,
	searchTimedOut,
	tlsError,
	tokenError,
	tooLarge,
	undecodable,
} from './apiErrors';
import {
	type ApiCall,
	type ApiConnection,
	type ApiResponse,
	baseUrlOf,
	refreshSecrets,
} from './connection';
import { Deadline, DeadlineExceededError } from './deadline';
import { AUTH_STATUSES, describeThrown, NETWORK_FAILURES, type ThrownFailure } from './failures';
import { headerValue, type ResponseHeaders } from './headers';
import { parseJson } from './parseJson';
import { isRedirect, judgeRedirect, MAX_REDIRECTS, type RedirectVerdict } from './redirects';
import {
	discardBody,
	isLatin1Charset,
	readBodyText,
	ResponseTooLargeError,
	UndecodableBodyError,
} from './responseBody';
import {
	isReadMethod,
	isRetryableFailure,
	mayHaveBeenHandled,
	mayHaveReachedServer,
	nextDelayMs,
	parseRetryAfter,
} from './retryPolicy';
import { resolveRequestUrl } from './urlScope';

interface RawResponse {
	statusCode: number;
	headers?: ResponseHeaders;
	/** A stream (encoding 'stream'); a string or bytes from a stand-in for n8n's helper. */
	body?: unknown;
}

/** What one attempt came to: an answer (its body read), or a redirect the node does not follow. */
type Exchange =
	| { kind: 'answer'; response: RawResponse; text: string; retryableStatus: boolean }
	| { kind: 'redirect'; status: number; verdict: Exclude<RedirectVerdict, { kind: 'follow' }> };

/**
 * The one place this package sends HTTP. It keeps the credential inside its base URL (redirects
 * included), retries transient failures with backoff, bounds each attempt's whole time and body size,
 * parses the body itself (for precise errors) and never puts a secret in an error.
 */
export async function apiRequest(connection: ApiConnection, call: ApiCall): Promise<ApiResponse> {
	const { fn, policy } = connection;
	const webservice = call.webservice ?? 'primary';
	let url: string;
	try {
		url = resolveRequestUrl(baseUrlOf(connection, webservice), call.path);
	} catch (error) {
		throw new NodeOperationError(fn.getNode(), (error as Error).message, {
			itemIndex: call.itemIndex,
			description:
				'The credential is only sent to its own base URL. Use a path relative to it, e.g. /clientes.',
		});
	}
	// A write whose attempt may have reached the API ends "outcome unknown", never "failed": a flow that
	// re-sends failed items would write it twice.
	const write = !call.searchOnly && !isReadMethod(call.method);
	const limit = connection.limits[webservice];
	let lastFailure = '';
	let mayHaveApplied = false;
	for (let attempt = 1; ; attempt++) {
		let exchange: Exchange;
		const slot = await acquireSlot(limit);
		const sentAt = Date.now();
		const deadline = new Deadline(policy.timeoutMs);
		try {
			exchange = await exchangeOnce(connection, call, url, deadline);
		} catch (error) {
			limit.release(slot, 'failed', Date.now());
			if (error instanceof UndecodableBodyError) throw undecodable(connection, call);
			if (error instanceof ResponseTooLargeError) throw tooLarge(connection, call, error);
			const failure: ThrownFailure =
				error instanceof DeadlineExceededError
					? { code: 'ETIMEDOUT', timedOut: true, tls: false }
					: describeThrown(error);
			// The socket's own timeout surfaces as a reset ('aborted'): what ran out was the time.
			if (Date.now() - sentAt >= policy.timeoutMs) failure.timedOut = true;
			if (failure.tls) throw tlsError(connection, call, failure.code);
			if (failure.token) throw tokenError(connection, call, failure.token);
			if (failure.status !== undefined) {
				// n8n refreshes an expired token once and resends with the credential's newest token, which the
				// requests in flight beside this one (other items, other executions, other workers) may have
				// used up already. Asked again, n8n uses or fetches a newer one; the jittered wait keeps the
				// same requests from losing that race every round. A refused request did nothing.
				const tokenSpent = connection.tokenExpiredStatuses.includes(failure.status);
				if (tokenSpent && attempt < policy.maxAttempts) {
					await sleep(nextDelayMs(attempt, undefined, policy, Math.random));
					continue;
				}
				throw authError(connection, call, failure.status);
			}
			lastFailure = failure.timedOut
				? `timed out after ${policy.timeoutMs} ms`
				: (NETWORK_FAILURES[failure.code] ?? failure.code);
			const reachedServer = mayHaveReachedServer(failure);
			if (write && reachedServer) mayHaveApplied = true;
			const retryable = isRetryableFailure(failure, call.method, policy);
			if (retryable && attempt < policy.maxAttempts) {
				await sleep(nextDelayMs(attempt, undefined, policy, Math.random));
				continue;
			}
			if (!retryable && failure.timedOut && call.searchOnly) {
				throw searchTimedOut(connection, call);
			}
			if (!retryable && write && reachedServer) {
				throw outcomeUnknown(
					connection,
					call,
					failure.timedOut
						? `${lastFailure} and was not retried`
						: `broke off after it was sent (${lastFailure}) and was not retried`,
				);
			}
			throw gaveUpOrUnknown(attempt);
		} finally {
			deadline.cancel();
		}

		if (exchange.kind === 'redirect') {
			limit.release(slot, 'success', Date.now());
			throw redirected(connection, call, exchange.status, exchange.verdict);
		}
		const { response, text, retryableStatus } = exchange;
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
				body: parseOptionalBody(text),
				notFoundText: text,
				url,
				attempts: attempt,
				webservice,
			};
		}
		const handled = write && mayHaveBeenHandled(status);
		if (handled) mayHaveApplied = true;
		if (!retryableStatus) {
			if (handled) {
				throw outcomeUnknown(connection, call, `was answered HTTP ${status} and was not retried`);
			}
			await refreshSecrets(connection);
			throw rejected(connection, call, status, text);
		}
		lastFailure = `HTTP ${status}`;
		if (attempt < policy.maxAttempts) {
			await sleep(nextDelayMs(attempt, retryAfter, policy, Math.random));
			continue;
		}
		throw gaveUpOrUnknown(attempt);
	}

	function gaveUpOrUnknown(attempts: number) {
		return mayHaveApplied
			? outcomeUnknown(
					connection,
					call,
					`got no clear answer in ${attempts} attempt${attempts === 1 ? '' : 's'} (last: ${lastFailure}); any of them may have been applied`,
				)
			: gaveUp(connection, call, attempts, lastFailure);
	}
}

/**
 * One attempt: the request, the redirects of a read that stay in the Base URL's scope (each hop
 * checked; n8n's own following is off), and the body, all within the deadline.
 */
async function exchangeOnce(
	connection: ApiConnection,
	call: ApiCall,
	url: string,
	deadline: Deadline,
): Promise<Exchange> {
	const { fn, policy } = connection;
	const baseUrl = baseUrlOf(connection, call.webservice ?? 'primary');
	let target = url;
	for (let hop = 0; ; hop++) {
		const options: IHttpRequestOptions = {
			method: call.method,
			url: target,
			// A redirect's Location carries its own query.
			qs: hop === 0 ? call.qs : undefined,
			body: call.body,
			json: call.body !== undefined,
			headers: { Accept: 'application/json' },
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: { ignore: true, except: AUTH_STATUSES },
			timeout: policy.timeoutMs,
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		};
		const response = await deadline.race(
			fn.helpers.httpRequestWithAuthentication.call(
				fn,
				connection.credentialType,
				options,
			) as Promise<RawResponse>,
			(late) => discardBody(late.body),
		);
		const status = response.statusCode;
		const location = headerValue(response.headers, 'location');
		if (isRedirect(status, location)) {
			discardBody(response.body);
			const verdict = judgeRedirect(
				baseUrl,
				target,
				call.method,
				status,
				location as string,
				call.searchOnly,
			);
			if (verdict.kind !== 'follow') return { kind: 'redirect', status, verdict };
			if (hop >= MAX_REDIRECTS) return { kind: 'redirect', status, verdict: { kind: 'tooMany' } };
			target = verdict.url;
			continue;
		}
		// A temporary failure that will be retried is judged by its status alone.
		const retryableStatus = isRetryableFailure({ status }, call.method, policy);
		if (retryableStatus) {
			discardBody(response.body);
			return { kind: 'answer', response, text: '', retryableStatus };
		}
		if (status === 404) {
			// Its body tells an API's "not found" from a server's page for a path it does not have. One
			// too long to be an API's answer is such a page; one that breaks off counts as none.
			const text = await readWithin(deadline, response, NOT_FOUND_BYTES).catch((error: unknown) =>
				error instanceof ResponseTooLargeError ? NOT_FOUND_TOO_LONG : '',
			);
			return { kind: 'answer', response, text, retryableStatus };
		}
		const reading = readWithin(deadline, response, policy.maxResponseBytes);
		// A write answered 2xx was applied, whatever becomes of its body: retrying it, or calling it
		// failed (a flow may resend it), could write it twice.
		const text =
			call.bodyIsOptional && status >= 200 && status < 300
				? await reading.catch(() => '')
				: await reading;
		return { kind: 'answer', response, text, retryableStatus };
	}
}

/** Enough of a 404's body to judge it: an error page is rarely longer, a customer API's "not found" never. */
const NOT_FOUND_BYTES = 64 * 1024;
const NOT_FOUND_TOO_LONG = '(a 404 page longer than 64 KiB)';

async function readWithin(
	deadline: Deadline,
	response: RawResponse,
	maxBytes: number,
): Promise<string> {
	const latin1 = isLatin1Charset(headerValue(response.headers, 'content-type'));
	let complete = false;
	try {
		const text = await deadline.race(readBodyText(response.body, latin1, maxBytes));
		complete = true;
		return text;
	} finally {
		// Given up on (time, size, bytes): the stream still holds its connection.
		if (!complete) discardBody(response.body);
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
