import { describe, expect, it } from 'vitest';

import { AdaptiveLimit } from '../../../nodes/CustomerIntegration/transport/adaptiveLimit';

/** Lets every settled acquire() run its continuation. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Asks for `count` slots; returns how many were granted by the time the event loop turns. */
async function acquireMany(limit: AdaptiveLimit, count: number): Promise<number> {
	let granted = 0;
	for (let index = 0; index < count; index++) void limit.acquire().then(() => granted++);
	await flush();
	return granted;
}

describe('AdaptiveLimit', () => {
	it('grants up to its limit at once, and hands a released slot to the longest waiter', async () => {
		const limit = new AdaptiveLimit(3);
		const order: number[] = [];
		for (let index = 0; index < 5; index++) void limit.acquire().then(() => order.push(index));
		await flush();
		expect(order).toEqual([0, 1, 2]);
		limit.release('failed');
		await flush();
		expect(order).toEqual([0, 1, 2, 3]);
		limit.release('failed');
		await flush();
		expect(order).toEqual([0, 1, 2, 3, 4]);
	});

	it('after a burst of refusals, sits at what the API took', async () => {
		const limit = new AdaptiveLimit(8);
		expect(await acquireMany(limit, 8)).toBe(8);
		// The API took 3 at once: the other 5 come back refused.
		for (let refused = 0; refused < 5; refused++) limit.release('refused');
		expect(limit.limit).toBe(3);
		expect(await acquireMany(limit, 5)).toBe(0);
	});

	it('grows by one per round of successes while it holds requests back, up to its maximum', async () => {
		const limit = new AdaptiveLimit(4);
		await acquireMany(limit, 4);
		limit.release('refused');
		limit.release('refused');
		expect(limit.limit).toBe(2);
		// Two in flight, two waiting: the limit is what holds them back.
		await acquireMany(limit, 2);
		limit.release('success');
		expect(limit.limit).toBe(2);
		limit.release('success');
		expect(limit.limit).toBe(3);
		// Three in flight now (the two waiters and one more slot): a round of three successes adds one.
		await acquireMany(limit, 3);
		for (let index = 0; index < 3; index++) limit.release('success');
		expect(limit.limit).toBe(4);
	});

	it('does not grow while fewer requests than the limit are in flight', async () => {
		const limit = new AdaptiveLimit(6);
		await acquireMany(limit, 6);
		for (let refused = 0; refused < 4; refused++) limit.release('refused');
		expect(limit.limit).toBe(2);
		limit.release('success');
		limit.release('success');
		for (let round = 0; round < 10; round++) {
			await acquireMany(limit, 1);
			limit.release('success');
		}
		expect(limit.limit).toBe(2);
	});

	it('never goes below one; failures other than refusals neither shrink nor grow it', async () => {
		const limit = new AdaptiveLimit(2);
		await acquireMany(limit, 1);
		limit.release('refused');
		expect(limit.limit).toBe(1);
		await acquireMany(limit, 1);
		limit.release('refused');
		expect(limit.limit).toBe(1);
		await acquireMany(limit, 1);
		limit.release('failed');
		expect(limit.limit).toBe(1);
		expect(new AdaptiveLimit(0).limit).toBe(1);
	});
});
