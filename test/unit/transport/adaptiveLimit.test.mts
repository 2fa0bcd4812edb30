import { describe, expect, it } from 'vitest';

import {
	AdaptiveLimit,
	CALM_PERIOD_MS,
	type Slot,
} from '../../../nodes/CustomerIntegration/transport/adaptiveLimit';

/** Lets every settled acquire() run its continuation. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Asks for `count` slots; returns the slots granted by the time the event loop turns. */
async function acquireMany(limit: AdaptiveLimit, count: number): Promise<Slot[]> {
	const granted: Slot[] = [];
	for (let index = 0; index < count; index++)
		void limit.acquire().then((slot) => granted.push(slot));
	await flush();
	return granted;
}

describe('AdaptiveLimit', () => {
	it('grants up to its limit at once, and hands a released slot to the longest waiter', async () => {
		const limit = new AdaptiveLimit(3);
		const order: number[] = [];
		const slots: Slot[] = [];
		for (let index = 0; index < 5; index++) {
			void limit.acquire().then((slot) => {
				order.push(index);
				slots.push(slot);
			});
		}
		await flush();
		expect(order).toEqual([0, 1, 2]);
		limit.release(slots[0], 'failed', 0);
		await flush();
		expect(order).toEqual([0, 1, 2, 3]);
		limit.release(slots[1], 'unsent', 0);
		await flush();
		expect(order).toEqual([0, 1, 2, 3, 4]);
		expect(limit.limit).toBe(3);
	});

	it('a burst of refusals counts once: the limit drops to 3/4 of what was in flight', async () => {
		const limit = new AdaptiveLimit(16);
		const slots = await acquireMany(limit, 16);
		expect(slots).toHaveLength(16);
		// The API took 8 at once: the other 8 come back refused, together.
		for (const slot of slots.slice(8)) limit.release(slot, 'refused', 0);
		expect(limit.limit).toBe(12);
		// The 8 still in flight, and 4 sent after the decrease: a refusal of those lowers it again.
		const next = await acquireMany(limit, 4);
		expect(next).toHaveLength(4);
		limit.release(next[0], 'refused', 0);
		expect(limit.limit).toBe(9);
		expect(await acquireMany(limit, 1)).toHaveLength(0);
	});

	it('grows by one per round of successes up to the ceiling, and probes above it only after a calm period', async () => {
		const limit = new AdaptiveLimit(16);
		const slots = await acquireMany(limit, 16);
		// Refused with 16 in flight: the limit drops to 12, the ceiling to 15.
		for (const slot of slots.slice(8)) limit.release(slot, 'refused', 0);
		expect(limit.limit).toBe(12);
		// A round as workers make it: as many requests waiting as in flight, so each answer's slot is
		// taken again at once; then the last answers, with nobody waiting.
		const round = async (now: number) => {
			const size = limit.limit;
			const slots = await acquireMany(limit, 2 * size);
			for (let index = 0; index < size; index++) limit.release(slots[index], 'success', now);
			await flush();
			for (const slot of slots.slice(size)) limit.release(slot, 'success', now);
		};
		for (const slot of slots.slice(0, 8)) limit.release(slot, 'success', 0);
		for (let index = 0; index < 6; index++) await round(1_000);
		expect(limit.limit).toBe(15);
		await round(CALM_PERIOD_MS - 1);
		expect(limit.limit).toBe(15);
		await round(CALM_PERIOD_MS);
		expect(limit.limit).toBe(16);
		await round(3 * CALM_PERIOD_MS);
		expect(limit.limit).toBe(16);
	});

	it('does not grow while fewer requests than the limit are in flight', async () => {
		const limit = new AdaptiveLimit(6);
		const slots = await acquireMany(limit, 6);
		limit.release(slots[0], 'refused', 0);
		expect(limit.limit).toBe(4);
		for (const slot of slots.slice(1)) limit.release(slot, 'success', 0);
		for (let round = 0; round < 10; round++) {
			const [slot] = await acquireMany(limit, 1);
			limit.release(slot, 'success', 0);
		}
		expect(limit.limit).toBe(4);
	});

	it("a refusal's Retry-After pauses every request until it has passed", async () => {
		const limit = new AdaptiveLimit(4);
		const [first, second] = await acquireMany(limit, 2);
		limit.release(first, 'refused', 10_000, 1_000);
		expect(limit.pauseFrom(10_000)).toBe(1_000);
		expect(limit.pauseFrom(10_600)).toBe(400);
		// A later refusal asking for less does not shorten the pause; one asking for more extends it.
		limit.release(second, 'refused', 10_100, 200);
		expect(limit.pauseFrom(10_600)).toBe(400);
		const [third] = await acquireMany(limit, 1);
		limit.release(third, 'refused', 10_500, 2_000);
		expect(limit.pauseFrom(11_000)).toBe(1_500);
		expect(limit.pauseFrom(12_500)).toBe(0);
		// A refusal without Retry-After, and other outcomes, pause nothing.
		const fresh = new AdaptiveLimit(2);
		const [slot] = await acquireMany(fresh, 1);
		fresh.release(slot, 'refused', 0);
		expect(fresh.pauseFrom(0)).toBe(0);
	});

	it('never goes below one', async () => {
		const limit = new AdaptiveLimit(2);
		let [slot] = await acquireMany(limit, 1);
		limit.release(slot, 'refused', 0);
		expect(limit.limit).toBe(1);
		[slot] = await acquireMany(limit, 1);
		limit.release(slot, 'refused', 0);
		expect(limit.limit).toBe(1);
		expect(new AdaptiveLimit(0).limit).toBe(1);
	});
});
