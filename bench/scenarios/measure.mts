/**
 * Wall time and memory of one measured run inside a scenario child. Peak RSS is the kernel's
 * high-water mark for the process (`process.resourceUsage().maxRSS`); the heap has no high-water
 * mark, so it is sampled (V8's heap statistics: process.memoryUsage() also reads /proc for the RSS,
 * which costs enough to show up in a profile). The baseline is taken right before the run, after a
 * full GC, with every module loaded and the in-process warm-up done: the growth above it is what the
 * run itself needs.
 *
 * With `cpuProfile`, the run (and only the run) is CPU-profiled through the inspector.
 */

import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { getHeapStatistics } from 'node:v8';

export interface Measurement<T> {
	value: T;
	wallMs: number;
	/** CPU time (user + system) of this process during the run: unlike wall time, other jobs on the machine hardly move it. */
	cpuMs: number;
	maxRssBytes: number;
	baselineRssBytes: number;
	peakHeapUsedBytes: number;
	baselineHeapUsedBytes: number;
	/** Heap used after a full GC once the run is over, its result still held: what the output itself keeps. */
	retainedHeapBytes: number;
	/** Heap reserved by V8 (used or not) and memory outside the heap (Buffers), sampled peaks. */
	peakHeapTotalBytes: number;
	peakExternalBytes: number;
}

const SAMPLE_EVERY_MS = 20;

function collectGarbage(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('run the scenario child with --expose-gc');
	gc();
	gc();
}

async function startProfiler(): Promise<Session> {
	const session = new Session();
	session.connect();
	await session.post('Profiler.enable');
	await session.post('Profiler.setSamplingInterval', { interval: 1000 });
	await session.post('Profiler.start');
	return session;
}

async function stopProfiler(session: Session, path: string): Promise<void> {
	const { profile } = await session.post('Profiler.stop');
	writeFileSync(path, JSON.stringify(profile));
	session.disconnect();
}

export async function measure<T>(
	run: () => Promise<T>,
	cpuProfile?: string,
): Promise<Measurement<T>> {
	collectGarbage();
	const baseline = process.memoryUsage();
	let peakHeapUsed = baseline.heapUsed;
	let peakHeapTotal = baseline.heapTotal;
	let peakExternal = baseline.external;
	const sample = () => {
		const heap = getHeapStatistics();
		if (heap.used_heap_size > peakHeapUsed) peakHeapUsed = heap.used_heap_size;
		if (heap.total_heap_size > peakHeapTotal) peakHeapTotal = heap.total_heap_size;
		if (heap.external_memory > peakExternal) peakExternal = heap.external_memory;
	};
	const profiler = cpuProfile ? await startProfiler() : undefined;
	const sampler = setInterval(sample, SAMPLE_EVERY_MS);
	const cpuBefore = process.cpuUsage();
	const started = performance.now();
	let value: T;
	try {
		value = await run();
	} finally {
		clearInterval(sampler);
	}
	const wallMs = performance.now() - started;
	const cpu = process.cpuUsage(cpuBefore);
	// Read before anything below can allocate: saving a profile and a full GC move the high-water mark too.
	const maxRssBytes = process.resourceUsage().maxRSS * 1024;
	sample();
	if (profiler && cpuProfile) await stopProfiler(profiler, cpuProfile);
	collectGarbage();
	const retainedHeapBytes = process.memoryUsage().heapUsed - baseline.heapUsed;
	return {
		value,
		wallMs,
		cpuMs: (cpu.user + cpu.system) / 1000,
		maxRssBytes,
		baselineRssBytes: baseline.rss,
		peakHeapUsedBytes: peakHeapUsed,
		baselineHeapUsedBytes: baseline.heapUsed,
		retainedHeapBytes,
		peakHeapTotalBytes: peakHeapTotal,
		peakExternalBytes: peakExternal,
	};
}

/** Bytes of the items' JSON, one item at a time (no single huge string to inflate the peak). */
export function serializedBytes(jsons: Iterable<unknown>): number {
	let bytes = 0;
	for (const json of jsons) bytes += Buffer.byteLength(JSON.stringify(json));
	return bytes;
}
