/**
 * What a thrown request failure was. n8n wraps errors differently for Basic (a NodeApiError around
 * axios's error) and OAuth2 (axios's error itself, or the OAuth2 client's): the facts are dug out of the
 * whole cause chain.
 */

// 401/403/407 must throw inside n8n's helper: that is what triggers its OAuth2 token refresh and retry.
// Every other status comes back as a response, so we can read Retry-After and the API's own message.
export const AUTH_STATUSES = [401, 403, 407];

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

export interface ThrownFailure {
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
export const NETWORK_FAILURES: Record<string, string> = {
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

export function describeThrown(error: unknown): ThrownFailure {
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
