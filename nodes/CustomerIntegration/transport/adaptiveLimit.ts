/**
 * How many requests may be in flight to one API, adapting to its answers. It starts at the node's
 * Concurrency. A refusal (429, or 503 "overloaded") means the API took fewer requests at once, or fewer
 * per second, than it was sent: the limit drops below the number in flight when it came, so after
 * one burst of refusals it sits at what the API took, and the workers stop colliding with the API's
 * own limit again and again (each collision costs its request a Retry-After, and after a few, the
 * item). While the limit is what holds requests back, every round of successes (as many as the limit)
 * adds one, up to Concurrency, probing whether the API takes more now (additive increase, as TCP).
 *
 * Pure: waiting is a promise resolved when a released slot is handed over.
 */

export type RequestOutcome = 'success' | 'refused' | 'failed';

export class AdaptiveLimit {
	private inFlight = 0;

	private current: number;

	private successesSinceGrowth = 0;

	private readonly waiting: Array<() => void> = [];

	private readonly max: number;

	constructor(max: number) {
		this.max = Math.max(1, Math.floor(max) || 1);
		this.current = this.max;
	}

	/** The current limit. */
	get limit(): number {
		return this.current;
	}

	/** Resolves when the caller may send; it then holds a slot until `release`. */
	async acquire(): Promise<void> {
		if (this.inFlight < this.current && this.waiting.length === 0) {
			this.inFlight++;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	release(outcome: RequestOutcome): void {
		if (outcome === 'refused') {
			// inFlight still counts this request: the API refused it with that many in flight.
			this.current = Math.max(1, Math.min(this.current, this.inFlight - 1));
			this.successesSinceGrowth = 0;
		} else if (
			outcome === 'success' &&
			this.current < this.max &&
			this.inFlight >= this.current &&
			++this.successesSinceGrowth >= this.current
		) {
			this.current++;
			this.successesSinceGrowth = 0;
		}
		this.inFlight--;
		while (this.inFlight < this.current && this.waiting.length > 0) {
			this.inFlight++;
			(this.waiting.shift() as () => void)();
		}
	}
}
