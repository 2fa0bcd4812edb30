import { describe, expect, it } from 'vitest';

import {
	DEFAULT_RETRY_OPTIONS,
	isRetryableFailure,
	nextDelayMs,
	parseRetryAfter,
	resolveRetryOptions,
} from '../../../nodes/CustomerIntegration/transport/retryPolicy';

const defaults = { ...DEFAULT_RETRY_OPTIONS };
const lenient = { ...DEFAULT_RETRY_OPTIONS, retryNonIdempotent: true };
const IDEMPOTENT = ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'get', 'patch'];

describe('resolveRetryOptions', () => {
	it('has the documented defaults', () => {
		expect(resolveRetryOptions()).toEqual({
			maxAttempts: 5,
			maxWaitMs: 30_000,
			baseDelayMs: 500,
			retryNonIdempotent: false,
		});
	});

	it('overrides only what is given', () => {
		expect(resolveRetryOptions({ maxAttempts: 2, maxWaitMs: undefined })).toEqual({
			...DEFAULT_RETRY_OPTIONS,
			maxAttempts: 2,
		});
	});
});

describe('isRetryableFailure', () => {
	it.each([408, 429, 502, 503, 504])('retries status %i for idempotent methods', (status) => {
		for (const method of IDEMPOTENT) {
			expect(isRetryableFailure({ status }, method, defaults)).toBe(true);
		}
	});

	it.each([400, 401, 403, 404, 409, 422, 500, 501, 505])('does not retry status %i', (status) => {
		for (const method of [...IDEMPOTENT, 'POST']) {
			expect(isRetryableFailure({ status }, method, lenient)).toBe(false);
		}
	});

	it('retries POST on 429 (refused before handling) even without retryNonIdempotent', () => {
		expect(isRetryableFailure({ status: 429 }, 'POST', defaults)).toBe(true);
	});

	it.each([408, 502, 503, 504])('retries POST on %i only with retryNonIdempotent', (status) => {
		expect(isRetryableFailure({ status }, 'POST', defaults)).toBe(false);
		expect(isRetryableFailure({ status }, 'POST', lenient)).toBe(true);
	});

	it.each([
		'ECONNRESET',
		'EPIPE',
		'socket hang up',
		'ETIMEDOUT',
		'ESOCKETTIMEDOUT',
		'ECONNABORTED',
	])('retries %s for idempotent methods, for POST only with retryNonIdempotent', (code) => {
		for (const method of IDEMPOTENT) {
			expect(isRetryableFailure({ code }, method, defaults)).toBe(true);
		}
		expect(isRetryableFailure({ code }, 'POST', defaults)).toBe(false);
		expect(isRetryableFailure({ code }, 'POST', lenient)).toBe(true);
	});

	it.each(['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'])(
		'retries %s (never sent) for every method',
		(code) => {
			for (const method of [...IDEMPOTENT, 'POST']) {
				expect(isRetryableFailure({ code }, method, defaults)).toBe(true);
			}
		},
	);

	it('treats a timeout of a non-idempotent request as not retryable (outcome unknown)', () => {
		expect(isRetryableFailure({ timedOut: true }, 'POST', defaults)).toBe(false);
		expect(isRetryableFailure({ timedOut: true, code: 'ECONNABORTED' }, 'POST', defaults)).toBe(
			false,
		);
		expect(isRetryableFailure({ timedOut: true }, 'GET', defaults)).toBe(true);
		expect(isRetryableFailure({ timedOut: true }, 'POST', lenient)).toBe(true);
	});

	it.each(['ENOTFOUND', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_INVALID_URL', ''])(
		'does not retry %j',
		(code) => {
			expect(isRetryableFailure({ code }, 'GET', lenient)).toBe(false);
		},
	);

	it('does not retry a failure it knows nothing about', () => {
		expect(isRetryableFailure({}, 'GET', defaults)).toBe(false);
	});

	it('lets the status decide when a status and a code are both known', () => {
		expect(isRetryableFailure({ status: 404, code: 'ECONNRESET' }, 'GET', defaults)).toBe(false);
		expect(isRetryableFailure({ status: 503, code: 'ERR_BAD_RESPONSE' }, 'GET', defaults)).toBe(
			true,
		);
	});

	it('uses the defaults when no options are given', () => {
		expect(isRetryableFailure({ status: 503 }, 'POST')).toBe(false);
		expect(isRetryableFailure({ status: 503 }, 'GET')).toBe(true);
	});
});

describe('parseRetryAfter', () => {
	const now = Date.UTC(2026, 6, 15, 12, 0, 0); // Wed, 15 Jul 2026 12:00:00 GMT

	it.each([
		['120', 120_000],
		['0', 0],
		['  5 ', 5_000],
		['007', 7_000],
		['1.5', 1_500],
	])('reads delay-seconds %j as %i ms', (header, ms) => {
		expect(parseRetryAfter(header, now)).toBe(ms);
	});

	it.each([
		['Wed, 15 Jul 2026 12:02:00 GMT', 120_000],
		['wed, 15 jul 2026 12:00:30 gmt', 30_000],
		['15 Jul 2026 12:00:01 GMT', 1_000],
		['Thu, 16 Jul 2026 12:00:00 UTC', 86_400_000],
		['Wednesday, 15-Jul-26 12:01:00 GMT', 60_000],
		['Wed Jul 15 12:00:10 2026', 10_000],
		['Wed Jul  15 12:00:10 2026', 10_000],
		['Thu Jul 16 00:00:00 2026', 12 * 3_600_000],
	])('reads the HTTP date %j as %i ms from now', (header, ms) => {
		expect(parseRetryAfter(header, now)).toBe(ms);
	});

	it('reads zone-less asctime as GMT whatever the local time zone', () => {
		const previous = process.env.TZ;
		process.env.TZ = 'America/Sao_Paulo';
		try {
			expect(new Date(now).getTimezoneOffset()).toBe(180);
			expect(parseRetryAfter('Wed Jul 15 12:00:10 2026', now)).toBe(10_000);
		} finally {
			if (previous === undefined) delete process.env.TZ;
			else process.env.TZ = previous;
		}
	});

	it('returns 0 for a date in the past', () => {
		expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(0);
		expect(parseRetryAfter('Wed, 15 Jul 2026 11:59:59 GMT', now)).toBe(0);
	});

	it('maps a two-digit year more than 50 years ahead to the previous century', () => {
		expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(0);
		expect(parseRetryAfter('Thursday, 01-Jan-70 00:00:00 GMT', now)).toBe(
			Date.UTC(2070, 0, 1) - now,
		);
		expect(parseRetryAfter('Friday, 01-Jan-76 00:00:00 GMT', now)).toBe(Date.UTC(2076, 0, 1) - now);
		expect(parseRetryAfter('Saturday, 01-Jan-77 00:00:00 GMT', now)).toBe(0);
	});

	it.each([
		undefined,
		'',
		'   ',
		'soon',
		'-5',
		'+5',
		'5s',
		'1e3',
		'0x10',
		'Infinity',
		'NaN',
		'12 34',
		'Wed, 31 Feb 2026 12:00:00 GMT',
		'Wed, 15 Jul 2026 25:00:00 GMT',
		'Wed, 15 Jul 2026 12:60:00 GMT',
		'Wed, 15 Foo 2026 12:00:00 GMT',
		'Wed, 15 Jul 2026 12:00:00 PST',
		'Wed, 15 Jul 2026 12:00:00',
		'2026-07-15T12:02:00Z',
		'Wed, 15 Jul 2026 12:00:00 GMT garbage',
	])('returns undefined for %j', (header) => {
		expect(parseRetryAfter(header, now)).toBeUndefined();
	});
});

describe('nextDelayMs', () => {
	const opts = { ...DEFAULT_RETRY_OPTIONS, baseDelayMs: 500, maxWaitMs: 30_000 };
	const justBelowOne = () => 1 - Number.EPSILON;

	it('doubles the jitter ceiling with each attempt, up to maxWaitMs', () => {
		const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((attempt) =>
			nextDelayMs(attempt, undefined, opts, justBelowOne),
		);
		expect(ceilings).toEqual([499, 999, 1999, 3999, 7999, 15_999, 29_999, 29_999, 29_999]);
	});

	it('draws uniformly below the ceiling (full jitter)', () => {
		expect(nextDelayMs(3, undefined, opts, () => 0)).toBe(0);
		expect(nextDelayMs(3, undefined, opts, () => 0.5)).toBe(1_000);
		expect(nextDelayMs(3, undefined, opts, () => 0.25)).toBe(500);
	});

	it('stays within [0, maxWaitMs] for any draw and attempt', () => {
		for (let attempt = 1; attempt < 80; attempt++) {
			for (const draw of [0, 0.1, 0.5, 0.9, 0.999999]) {
				const delay = nextDelayMs(attempt, undefined, opts, () => draw);
				expect(delay).toBeGreaterThanOrEqual(0);
				expect(delay).toBeLessThanOrEqual(30_000);
				expect(Number.isInteger(delay)).toBe(true);
			}
		}
	});

	it('honours Retry-After as a floor', () => {
		expect(nextDelayMs(1, 2_000, opts, () => 0)).toBe(2_000);
		expect(nextDelayMs(1, 2_000, opts, justBelowOne)).toBe(2_000);
		expect(nextDelayMs(6, 2_000, opts, () => 0.5)).toBe(8_000);
		expect(nextDelayMs(1, 0, opts, () => 0.5)).toBe(250);
	});

	it('caps Retry-After at maxWaitMs', () => {
		expect(nextDelayMs(1, 120_000, opts, () => 0)).toBe(30_000);
		expect(nextDelayMs(1, 120_000, { ...opts, maxWaitMs: 5_000 }, () => 0)).toBe(5_000);
		expect(nextDelayMs(1, Number.POSITIVE_INFINITY, opts, () => 0)).toBe(30_000);
	});

	it('survives odd inputs', () => {
		expect(nextDelayMs(0, undefined, opts, justBelowOne)).toBe(499);
		expect(nextDelayMs(Number.NaN, undefined, opts, justBelowOne)).toBe(499);
		expect(nextDelayMs(2, undefined, opts, () => Number.NaN)).toBe(0);
		expect(nextDelayMs(2, undefined, opts, () => 7)).toBe(1_000);
		expect(nextDelayMs(2, undefined, opts, () => -1)).toBe(0);
		expect(nextDelayMs(2, -5_000, opts, () => 0)).toBe(0);
		expect(nextDelayMs(2, Number.NaN, opts, () => 0)).toBe(0);
		expect(nextDelayMs(3, undefined, { ...opts, baseDelayMs: 0 }, justBelowOne)).toBe(0);
	});

	it('uses the defaults when no options are given', () => {
		expect(nextDelayMs(1, undefined, undefined, justBelowOne)).toBe(499);
		expect(nextDelayMs(30, 60_000, undefined, () => 0)).toBe(30_000);
	});

	it('combines with parseRetryAfter', () => {
		const now = Date.UTC(2026, 0, 1);
		const wait = parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now);
		expect(nextDelayMs(1, wait, opts, () => 0)).toBe(3_000);
	});
});
