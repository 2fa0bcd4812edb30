import { sleep } from 'n8n-workflow';

/** The request ran past its Timeout, body included. */
export class DeadlineExceededError extends Error {
	constructor(readonly timeoutMs: number) {
		super(`timed out after ${timeoutMs} ms`);
		this.name = 'DeadlineExceededError';
	}
}

/**
 * One attempt's whole time: headers, redirects and body. n8n's `timeout` is the socket's idle time, so a
 * body that trickles a byte now and then never ends by it; racing every step against this deadline does.
 */
export class Deadline {
	private readonly cancelled = new AbortController();

	/** Resolves when the time is up; stays pending once cancelled. */
	private readonly expired: Promise<void>;

	constructor(readonly timeoutMs: number) {
		this.expired = new Promise<void>((resolve) => {
			sleep(timeoutMs, this.cancelled.signal).then(resolve, () => {});
		});
	}

	/**
	 * `work`'s result, or DeadlineExceededError when the time runs out first; then `abandon` gets what
	 * `work` still delivers (a response whose stream must be let go).
	 */
	async race<T>(work: Promise<T>, abandon: (late: T) => void = () => {}): Promise<T> {
		const outcome = await Promise.race([
			work.then((value) => ({ value })),
			this.expired.then(() => undefined),
		]);
		if (outcome === undefined) {
			work.then(abandon, () => {});
			throw new DeadlineExceededError(this.timeoutMs);
		}
		return outcome.value;
	}

	/** Stops the clock, so no timer outlives the request. */
	cancel(): void {
		this.cancelled.abort();
	}
}
