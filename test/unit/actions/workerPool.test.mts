import { describe, expect, it } from 'vitest';

import { runPool } from '../../../nodes/CustomerIntegration/actions/common/workerPool';

function deferred<T = void>() {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((settle) => (resolve = settle));
	return { promise, resolve };
}

describe('runPool', () => {
	it('runs every task once, with results in index order and never more than `concurrency` in flight', async () => {
		let inFlight = 0;
		let peak = 0;
		const started: number[] = [];
		const results = await runPool(
			25,
			4,
			async (index) => {
				started.push(index);
				inFlight++;
				peak = Math.max(peak, inFlight);
				await Promise.resolve();
				await new Promise<void>((resolve) => setImmediate(resolve));
				inFlight--;
				return index * 10;
			},
			true,
		);
		expect(started).toEqual(Array.from({ length: 25 }, (_, index) => index));
		expect(peak).toBe(4);
		expect(results.map((result) => (result?.status === 'fulfilled' ? result.value : -1))).toEqual(
			Array.from({ length: 25 }, (_, index) => index * 10),
		);
	});

	it('a slow task holds up one worker, not a batch: the others finish every remaining task meanwhile', async () => {
		const othersDone = deferred();
		let completed = 0;
		const results = await runPool(
			10,
			3,
			async (index) => {
				if (index === 0) {
					// Settles only once tasks 1-9 are done: in fixed batches of 3 this would never happen.
					await othersDone.promise;
					return 'slow';
				}
				await new Promise<void>((resolve) => setImmediate(resolve));
				if (++completed === 9) othersDone.resolve();
				return 'fast';
			},
			true,
		);
		expect(results[0]).toEqual({ status: 'fulfilled', value: 'slow' });
		expect(results.filter((result) => result?.status === 'fulfilled')).toHaveLength(10);
	});

	it('after a failure with stopOnFailure, starts nothing more but waits for the tasks already running', async () => {
		const started: number[] = [];
		let runningFinished = false;
		const results = await runPool(
			10,
			3,
			async (index) => {
				started.push(index);
				if (index === 1) throw new Error('boom');
				if (index === 0 || index === 2) {
					await new Promise<void>((resolve) => setTimeout(resolve, 20));
					if (index === 2) runningFinished = true;
				}
				return index;
			},
			true,
		);
		expect(started).toEqual([0, 1, 2]);
		expect(runningFinished).toBe(true);
		expect(results.slice(0, 3)).toEqual([
			{ status: 'fulfilled', value: 0 },
			{ status: 'rejected', reason: new Error('boom') },
			{ status: 'fulfilled', value: 2 },
		]);
		expect(results.slice(3)).toEqual(Array.from({ length: 7 }, () => undefined));
	});

	it('without stopOnFailure, runs every task and keeps each failure in its place', async () => {
		const results = await runPool(
			6,
			2,
			async (index) => {
				if (index % 3 === 0) throw new Error(`task ${index}`);
				return index;
			},
			false,
		);
		expect(results.map((result) => result?.status)).toEqual([
			'rejected',
			'fulfilled',
			'fulfilled',
			'rejected',
			'fulfilled',
			'fulfilled',
		]);
	});

	it('handles no tasks, and a concurrency larger than the task count or below 1', async () => {
		expect(await runPool(0, 8, async () => 1, true)).toEqual([]);
		expect(await runPool(2, 50, async (index) => index, true)).toHaveLength(2);
		expect(
			(await runPool(3, 0, async (index) => index, true)).map((result) => result?.status),
		).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
	});

	it('with firstAlone, starts nothing else until task 0 has settled, then runs the rest concurrently', async () => {
		const first = deferred();
		const started: number[] = [];
		let inFlight = 0;
		let peak = 0;
		const pool = runPool(
			9,
			4,
			async (index) => {
				started.push(index);
				inFlight++;
				peak = Math.max(peak, inFlight);
				if (index === 0) await first.promise;
				else await new Promise<void>((resolve) => setImmediate(resolve));
				inFlight--;
				return index;
			},
			true,
			true,
		);
		await new Promise<void>((resolve) => setImmediate(resolve));
		expect(started).toEqual([0]);
		first.resolve();
		const results = await pool;
		expect(started).toEqual(Array.from({ length: 9 }, (_, index) => index));
		expect(peak).toBe(4);
		expect(results.map((result) => result?.status === 'fulfilled' && result.value)).toEqual(
			Array.from({ length: 9 }, (_, index) => index),
		);
	});
});
