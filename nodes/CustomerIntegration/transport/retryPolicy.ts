/**
 * Which failed requests may be sent again, and how long to wait first. Pure: the caller sleeps
 * (n8n's `sleep`) and supplies the clock and the random source.
 */

export interface RetryOptions {
	/** Total tries, the first one included. */
	maxAttempts: number;
	/** Upper bound of any single wait, Retry-After included. */
	maxWaitMs: number;
	/** Ceiling of the first backoff; it doubles with every further attempt. */
	baseDelayMs: number;
	/** Also retry POST and timeouts of non-idempotent requests, whose first try may have taken effect. */
	retryNonIdempotent: boolean;
}

export interface RequestFailure {
	status?: number;
	code?: string;
	timedOut?: boolean;
}

export const DEFAULT_RETRY_OPTIONS: Readonly<RetryOptions> = {
	maxAttempts: 5,
	maxWaitMs: 30_000,
	baseDelayMs: 500,
	retryNonIdempotent: false,
};

/**
 * PATCH is not idempotent in general, but this node only PATCHes a resource addressed by its key
 * with absolute field values, so sending it twice leaves the same state as sending it once.
 */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH']);

/**
 * Statuses that say "not now" rather than "not this request". 500 is left out on purpose: it
 * usually comes from a bug triggered by this very request (the same record crashes the same
 * handler every time), so retrying only delays the error by the whole backoff and multiplies the
 * load; overloaded or restarting servers and gateways answer 502/503/504.
 */
const RETRYABLE_STATUSES = new Set([408, 429, 502, 503, 504]);

/** The request never reached the server (no connection, no DNS answer): safe for every method. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** The connection broke or timed out after the request may have been received. */
const MAYBE_SENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'SOCKET HANG UP']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED']);

/** Methods that only read: repeating or redirecting them cannot change the customer system. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isReadMethod(method: string): boolean {
	return READ_METHODS.has(method.toUpperCase());
}

/**
 * A failure after which the server may have received, and acted on, the request: a timeout or a
 * connection that broke once the request was on its way (never a refused connection or a DNS failure).
 */
export function mayHaveReachedServer(failure: RequestFailure): boolean {
	const code = (failure.code ?? '').toUpperCase();
	return failure.timedOut === true || TIMEOUT_CODES.has(code) || MAYBE_SENT_CODES.has(code);
}

/** Gateway answers (502, 504): the server behind the gateway may have handled the request before it failed. */
export function mayHaveBeenHandled(status: number): boolean {
	return status === 502 || status === 504;
}

/** The defaults with the given options on top; `undefined` entries keep the default. */
export function resolveRetryOptions(options?: Partial<RetryOptions>): RetryOptions {
	const pick = <K extends keyof RetryOptions>(key: K): RetryOptions[K] =>
		options?.[key] ?? DEFAULT_RETRY_OPTIONS[key];
	return {
		maxAttempts: pick('maxAttempts'),
		maxWaitMs: pick('maxWaitMs'),
		baseDelayMs: pick('baseDelayMs'),
		retryNonIdempotent: pick('retryNonIdempotent'),
	};
}

/**
 * Whether a failed request may be sent again. A timeout or broken connection of a non-idempotent
 * request is not retried unless `retryNonIdempotent`: its outcome is unknown and a second POST may
 * create a second customer. Whether attempts are left is the caller's check (`maxAttempts`).
 */
export function isRetryableFailure(
	failure: RequestFailure,
	method: string,
	opts?: Partial<RetryOptions>,
): boolean {
	const options = resolveRetryOptions(opts);
	const repeatable = IDEMPOTENT_METHODS.has(method.toUpperCase()) || options.retryNonIdempotent;

	if (typeof failure.status === 'number' && failure.status > 0) {
		// 429: the server refused the request before handling it, so even a POST can be repeated.
		if (failure.status === 429) return true;
		return repeatable && RETRYABLE_STATUSES.has(failure.status);
	}

	const code = (failure.code ?? '').toUpperCase();
	if (NEVER_SENT_CODES.has(code)) return true;
	if (failure.timedOut === true || TIMEOUT_CODES.has(code) || MAYBE_SENT_CODES.has(code)) {
		return repeatable;
	}
	return false;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAME = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*';
const MONTH_NAME = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
const ZONE = '(?:gmt|utc|z|[+-]0000)';
// IMF-fixdate 'Sun, 06 Nov 1994 08:49:37 GMT' (and its RFC 850 sibling 'Sunday, 06-Nov-94 ...').
const IMF_OR_RFC850_DATE = new RegExp(
	`^(?:${DAY_NAME},?\\s+)?(\\d{1,2})[\\s-]+${MONTH_NAME}[\\s-]+(\\d{4}|\\d{2})\\s+${TIME}\\s+${ZONE}$`,
	'i',
);
// asctime 'Sun Nov  6 08:49:37 1994', which has no zone and is GMT by definition.
const ASCTIME_DATE = new RegExp(
	`^(?:${DAY_NAME}\\s+)?${MONTH_NAME}\\s+(\\d{1,2})\\s+${TIME}\\s+(\\d{4})$`,
	'i',
);

/** RFC 9110 §5.6.7: a two-digit year more than 50 years ahead means the previous century. */
function fullYear(year: string, nowMs: number): number {
	if (year.length === 4) return Number(year);
	const currentYear = new Date(nowMs).getUTCFullYear();
	let candidate = Math.floor(currentYear / 100) * 100 + Number(year);
	if (candidate > currentYear + 50) candidate -= 100;
	return candidate;
}

function utcMs(year: number, month: string, day: string, h: string, m: string, s: string) {
	const monthIndex = MONTHS.indexOf(month.toLowerCase());
	const [dayN, hour, minute, second] = [day, h, m, s].map(Number);
	if (hour > 23 || minute > 59 || second > 60) return undefined;
	const ms = Date.UTC(year, monthIndex, dayN, hour, minute, Math.min(second, 59));
	// Date.UTC rolls 31 Feb over into March; a date that does not exist is garbage, not a date.
	if (new Date(ms).getUTCDate() !== dayN) return undefined;
	return ms;
}

/** An HTTP date in any of the three formats RFC 9110 asks recipients to accept, as epoch ms (UTC). */
function parseHttpDate(text: string, nowMs: number): number | undefined {
	const imf = IMF_OR_RFC850_DATE.exec(text);
	if (imf) {
		const [, day, month, year, h, m, s] = imf;
		return utcMs(fullYear(year, nowMs), month, day, h, m, s);
	}
	const asctime = ASCTIME_DATE.exec(text);
	if (asctime) {
		const [, month, day, h, m, s, year] = asctime;
		return utcMs(Number(year), month, day, h, m, s);
	}
	return undefined;
}

/**
 * The wait a Retry-After header asks for, in ms (≥ 0): delay-seconds ('120', and leniently '1.5')
 * or an HTTP date (a date in the past means 0). Anything else is undefined.
 */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
	if (typeof header !== 'string') return undefined;
	const text = header.trim();
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) {
		const ms = Math.ceil(Number(text) * 1000);
		return Number.isFinite(ms) ? ms : undefined;
	}
	const dateMs = parseHttpDate(text, nowMs);
	if (dateMs === undefined || Number.isNaN(dateMs)) return undefined;
	return Math.max(0, dateMs - nowMs);
}

/**
 * How long to wait before the next try. Capped exponential backoff with full jitter (AWS style):
 * a uniform draw in [0, min(maxWaitMs, baseDelayMs · 2^(attempt-1))). A Retry-After is a floor:
 * we never come back earlier than the server asked, but still back off when it says 0, and never
 * wait longer than maxWaitMs.
 */
export function nextDelayMs(
	attempt: number,
	retryAfterMs: number | undefined,
	opts: Partial<RetryOptions> | undefined,
	random: () => number,
): number {
	const options = resolveRetryOptions(opts);
	const maxWait = Math.max(0, options.maxWaitMs);
	const exponent = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt) - 1) : 0;
	const ceiling = Math.min(maxWait, Math.max(0, options.baseDelayMs) * Math.pow(2, exponent));
	const drawn = random();
	const draw = Number.isNaN(drawn) ? 0 : Math.min(Math.max(drawn, 0), 1);
	const jittered = Math.floor(draw * ceiling);
	const floor =
		retryAfterMs === undefined || Number.isNaN(retryAfterMs) ? 0 : Math.max(0, retryAfterMs);
	return Math.min(maxWait, Math.max(jittered, Math.ceil(floor)));
}
