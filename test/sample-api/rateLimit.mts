/**
 * A per-second request limit on `/api/*`, the way an API gateway enforces one: once a window has let
 * `requests` through, the rest of it is refused with 429 and a `Retry-After` until the window ends.
 */

export interface RateLimitOptions {
	/** Requests accepted per window. */
	requests: number;
	/** Default 1,000 ms. */
	windowMs?: number;
}

export class RateLimit {
	private windowStartedAt = 0;
	private taken = 0;
	/** Requests refused so far. */
	refused = 0;

	constructor(private readonly options: RateLimitOptions) {
		if (!(options.requests >= 1)) throw new Error('rateLimit.requests must be at least 1');
	}

	/** Undefined when the request may pass; otherwise the whole seconds until the window ends (at least 1). */
	take(now = Date.now()): number | undefined {
		const windowMs = this.options.windowMs ?? 1_000;
		if (now - this.windowStartedAt >= windowMs) {
			this.windowStartedAt = now;
			this.taken = 0;
		}
		if (this.taken < this.options.requests) {
			this.taken++;
			return undefined;
		}
		this.refused++;
		return Math.max(1, Math.ceil((this.windowStartedAt + windowMs - now) / 1000));
	}
}
