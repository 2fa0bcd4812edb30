/**
 * How many requests may be in flight to one API, and when the next may go, adapting to its answers.
 *
 * It starts at the node's Concurrency. A refusal (429, or 503 "overloaded") means the API took fewer
 * requests at once, or fewer per second, than it was sent: the limit drops to three quarters of what
 * was in flight (once per burst of refusals: only a request sent after the last decrease can cause the
 * next), and one less than that number becomes a ceiling. While the limit is what holds requests back,
 * every round of successes (as many as the limit) adds one, up to the ceiling; only after a calm period
 * without refusals does the ceiling rise by one, up to Concurrency, to probe whether the API takes more
 * now. Probing each round, as TCP does, collided with the API every few dozen requests, and each
 * collision paused every request for the Retry-After.
 *
 * A refusal's Retry-After pauses every request, not only the refused one: an API that counts requests
 * per second refuses all of them until its window ends, and a refused request retried into that window
 * was refused again, until it ran out of tries.
 *
 * Pure: waiting for a slot is a promise resolved on release; the caller sleeps out the pause.
 */

const DECREASE_FACTOR = 0.75;

/** Without a refusal for this long, the limit may probe one above the ceiling. */
export const CALM_PERIOD_MS = 10_000;

/** 'unsent': the slot is given back without a request (the API asked for a pause meanwhile). */
export type RequestOutcome = 'success' | 'refused' | 'failed' | 'unsent';

/** Held from `acquire` to `release`: how many decreases there had been when the request was sent. */
export type Slot = number;

export class AdaptiveLimit {
	private inFlight = 0;

	private current: number;

	private successesSinceGrowth = 0;

	private decreases = 0;

	/** The most requests in flight thought safe: one less than the API last refused at. */
	private ceiling: number;

	/** Since when there has been no refusal and no probe above the ceiling. */
	private quietSince = Number.NEGATIVE_INFINITY;

	/** Epoch ms before which no request should be sent. */
	private resumeAt = 0;

	private readonly waiting: Array<(slot: Slot) => void> = [];

	private readonly max: number;

	constructor(max: number) {
		this.max = Math.max(1, Math.floor(max) || 1);
		this.current = this.max;
		this.ceiling = this.max;
	}

	/** The current limit. */
	get limit(): number {
		return this.current;
	}

	/** How long, from `now`, the API asked every request to wait (0: none). */
	pauseFrom(now: number): number {
		return Math.max(0, this.resumeAt - now);
	}

	/** Resolves when the caller may send; the slot must be given back to `release`. */
	async acquire(): Promise<Slot> {
		if (this.inFlight < this.current && this.waiting.length === 0) {
			this.inFlight++;
			return this.decreases;
		}
		return await new Promise<Slot>((resolve) => this.waiting.push(resolve));
	}

	/**
	 * `now`: the clock when the answer came. `retryAfterMs`: for a refusal, the wait the API asked for,
	 * if it said; no request is sent before it has passed.
	 */
	release(slot: Slot, outcome: RequestOutcome, now: number, retryAfterMs?: number): void {
		if (outcome === 'refused') {
			if (retryAfterMs !== undefined) this.resumeAt = Math.max(this.resumeAt, now + retryAfterMs);
			this.quietSince = now;
			if (slot === this.decreases) {
				// inFlight still counts this request: the API refused it with that many in flight.
				const sent = Math.min(this.current, this.inFlight);
				this.current = Math.max(1, Math.floor(sent * DECREASE_FACTOR));
				this.ceiling = Math.max(this.current, sent - 1);
				this.decreases++;
				this.successesSinceGrowth = 0;
			}
		} else if (
			outcome === 'success' &&
			this.current < this.max &&
			this.inFlight >= this.current &&
			++this.successesSinceGrowth >= this.current
		) {
			this.successesSinceGrowth = 0;
			if (this.current < this.ceiling) {
				this.current++;
			} else if (now - this.quietSince >= CALM_PERIOD_MS) {
				this.ceiling = ++this.current;
				this.quietSince = now;
			}
		}
		this.inFlight--;
		while (this.inFlight < this.current && this.waiting.length > 0) {
			this.inFlight++;
			(this.waiting.shift() as (slot: Slot) => void)(this.decreases);
		}
	}
}
