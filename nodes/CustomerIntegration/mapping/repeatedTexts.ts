/**
 * One string per distinct value of a field over one listing. A customer base repeats the same city,
 * neighbourhood, street, marital status or specialty thousands of times, and JSON.parse gives every record
 * its own copy of each string longer than 10 characters (V8 shares the shorter ones itself): 32 bytes or
 * more per copy, which stay alive in the output items for the rest of the execution.
 *
 * A field stops being pooled once it has shown MAX_DISTINCT_VALUES different values (names, e-mails,
 * document numbers): looking those up would cost time and save nothing. Pools live only as long as the
 * listing that made them, so no customer value outlives its execution here.
 */

/** V8's JSON.parse already shares strings of up to this many characters between records. */
const SHARED_BY_PARSER = 10;
const MAX_DISTINCT_VALUES = 4096;

export class RepeatedTexts {
	/** Field → its values; null once the field turned out to hold mostly different values. */
	private readonly pools = new Map<string, Map<string, string> | null>();

	/** The first instance seen of this value in this field, or the value itself. */
	share(field: string, value: unknown): unknown {
		if (typeof value !== 'string' || value.length <= SHARED_BY_PARSER) return value;
		let pool = this.pools.get(field);
		if (pool === null) return value;
		if (pool === undefined) {
			pool = new Map();
			this.pools.set(field, pool);
		}
		const known = pool.get(value);
		if (known !== undefined) return known;
		if (pool.size >= MAX_DISTINCT_VALUES) {
			this.pools.set(field, null);
			return value;
		}
		pool.set(value, value);
		return value;
	}

	/** Whether the field is still pooled (for tests). */
	isPooled(field: string): boolean {
		return this.pools.get(field) !== null;
	}
}

export const REPEATED_TEXTS_LIMITS = { SHARED_BY_PARSER, MAX_DISTINCT_VALUES };
