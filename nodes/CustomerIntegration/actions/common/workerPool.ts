/**
 * Runs `task(0)`, `task(1)`, … `task(count - 1)` with at most `concurrency` of them in flight, starting
 * them in index order. Each worker takes the next index as soon as its task settles, so one slow
 * customer (or one that waits out a 429) holds up one worker, not a whole batch.
 *
 * After a failure, `stopOnFailure` starts no further task; the tasks already running are awaited, so
 * no request is left behind. Results are in index order; an index never started has no result.
 * `firstAlone` settles task 0 before any other starts.
 */
export async function runPool<T>(
	count: number,
	concurrency: number,
	task: (index: number) => Promise<T>,
	stopOnFailure: boolean,
	firstAlone = false,
): Promise<Array<PromiseSettledResult<T> | undefined>> {
	const results = new Array<PromiseSettledResult<T> | undefined>(count);
	let next = 0;
	let failed = false;
	// Indexes below this may start; with firstAlone, only index 0 until it has settled.
	let startable = firstAlone ? Math.min(1, count) : count;
	const worker = async () => {
		while (next < startable && !(stopOnFailure && failed)) {
			const index = next++;
			try {
				results[index] = { status: 'fulfilled', value: await task(index) };
			} catch (reason) {
				results[index] = { status: 'rejected', reason };
				failed = true;
			}
		}
	};
	const workers = Math.max(1, Math.min(Math.floor(concurrency) || 1, count));
	if (startable < count) {
		await worker();
		startable = count;
	}
	await Promise.all(Array.from({ length: workers }, worker));
	return results;
}
