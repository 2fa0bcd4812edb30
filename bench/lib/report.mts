/** Medians, ratios, targets, the printed table and the JSON written to bench/results.json. */

import type { ScenarioName, ScenarioResult } from './types.mts';

/** A measured run and the round it ran in. */
export interface RoundResult extends ScenarioResult {
	round: number;
}

export interface ScenarioSummary {
	scenario: ScenarioName;
	runs: number;
	failures: string[];
	wallMs: number;
	cpuMs: number;
	records: number;
	recordsPerSecond: number;
	maxRssBytes: number;
	/** Peak RSS above the RSS right before the run. */
	rssGrowthBytes: number;
	/** Peak heap used above the heap used right before the run (sampled). */
	heapGrowthBytes: number;
	/** Heap still used by the result after a full GC at the end, above the baseline. */
	retainedHeapBytes: number;
	/** Sampled peaks: heap reserved by V8, and memory outside the heap (Buffers). */
	peakHeapTotalBytes: number;
	peakExternalBytes: number;
	outputBytes: number;
	/** Median of each numeric detail over the runs; a boolean detail is true only if it was in every run. */
	details: Record<string, number | string | boolean>;
}

export interface Target {
	name: string;
	target: string;
	value: string;
	met: boolean | undefined;
}

export function median(values: number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function summarize(
	scenario: ScenarioName,
	results: ScenarioResult[],
	failures: string[],
): ScenarioSummary {
	const of = (pick: (result: ScenarioResult) => number) => median(results.map(pick));
	const wallMs = of((r) => r.wallMs);
	const records = of((r) => r.records);
	const details: Record<string, number | string | boolean> = {};
	for (const key of new Set(results.flatMap((r) => Object.keys(r.details)))) {
		const values = results.map((r) => r.details[key]);
		if (values.every((v) => typeof v === 'number')) details[key] = median(values as number[]);
		else if (values.every((v) => typeof v === 'boolean')) details[key] = values.every(Boolean);
		else details[key] = values.filter((v) => v !== '' && v !== undefined).join(' | ');
	}
	return {
		scenario,
		runs: results.length,
		failures,
		wallMs,
		cpuMs: of((r) => r.cpuMs),
		records,
		recordsPerSecond: records / (wallMs / 1000),
		maxRssBytes: of((r) => r.maxRssBytes),
		rssGrowthBytes: of((r) => r.maxRssBytes - r.baselineRssBytes),
		heapGrowthBytes: of((r) => r.peakHeapUsedBytes - r.baselineHeapUsedBytes),
		retainedHeapBytes: of((r) => r.retainedHeapBytes ?? Number.NaN),
		peakHeapTotalBytes: of((r) => r.peakHeapTotalBytes),
		peakExternalBytes: of((r) => r.peakExternalBytes),
		outputBytes: of((r) => r.outputBytes),
		details,
	};
}

/**
 * a / b from runs of the same round (the two ran minutes apart at most, under about the same load
 * from the rest of the machine), then the median over the rounds.
 */
export interface PairedRatio {
	median: number;
	perRound: number[];
}

export function pairedRatio(
	a: RoundResult[],
	b: RoundResult[],
	pick: (result: ScenarioResult) => number,
): PairedRatio {
	const perRound: number[] = [];
	for (const left of a) {
		const right = b.find((candidate) => candidate.round === left.round);
		if (right) perRound.push(pick(left) / pick(right));
	}
	return { median: median(perRound), perRound };
}

const mb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1e6).toFixed(0)} MB` : '-');
const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '-');
const rate = (perSecond: number) =>
	Number.isFinite(perSecond) ? Math.round(perSecond).toLocaleString('en-US') : '-';
export const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '-');

export function describeRatio(paired: PairedRatio): string {
	if (paired.perRound.length === 0) return '-';
	return `${ratio(paired.median)} (rounds: ${paired.perRound.map((value) => value.toFixed(2)).join(', ')})`;
}

function table(headers: string[], rows: string[][]): string {
	const widths = headers.map((header, column) =>
		Math.max(header.length, ...rows.map((row) => row[column]?.length ?? 0)),
	);
	const line = (cells: string[]) =>
		cells
			.map((cell, column) =>
				column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]),
			)
			.join('  ');
	return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function readTable(summaries: ScenarioSummary[]): string {
	return table(
		[
			'Get Many',
			'wall',
			'records/s',
			'client CPU',
			'peak RSS',
			'RSS growth',
			'heap growth',
			'kept after GC',
			'output JSON',
			'runs',
		],
		summaries.map((s) => [
			s.scenario,
			seconds(s.wallMs),
			rate(s.recordsPerSecond),
			seconds(s.cpuMs),
			mb(s.maxRssBytes),
			mb(s.rssGrowthBytes),
			mb(s.heapGrowthBytes),
			mb(s.retainedHeapBytes),
			mb(s.outputBytes),
			`${s.runs}${s.failures.length ? ` (${s.failures.length} failed)` : ''}`,
		]),
	);
}

export function writeTable(summaries: ScenarioSummary[]): string {
	const detail = (s: ScenarioSummary, key: string) => {
		const value = s.details[key];
		return typeof value === 'number' ? rate(value) : String(value ?? '-');
	};
	return table(
		[
			'Update',
			'wall',
			'records/s',
			'requests',
			'429s',
			'early retries',
			'all updated',
			'peak RSS',
			'heap growth',
			'runs',
		],
		summaries.map((s) => [
			s.scenario,
			seconds(s.wallMs),
			rate(s.recordsPerSecond),
			detail(s, 'requests'),
			detail(s, 'http429'),
			detail(s, 'earlyRetries'),
			detail(s, 'allUpdated'),
			mb(s.maxRssBytes),
			mb(s.heapGrowthBytes),
			`${s.runs}${s.failures.length ? ` (${s.failures.length} failed)` : ''}`,
		]),
	);
}

export function targetTable(targets: Target[]): string {
	return table(
		['Target', 'wanted', 'measured', 'met'],
		targets.map((t) => [
			t.name,
			t.target,
			t.value,
			t.met === undefined ? 'n/a' : t.met ? 'yes' : 'NO',
		]),
	);
}

export function latencyTable(summaries: ScenarioSummary[]): string {
	const detail = (s: ScenarioSummary, key: string) => {
		const value = s.details[key];
		return typeof value === 'number' ? rate(value) : '-';
	};
	return table(
		[
			'Latency',
			'wall',
			'items/s',
			'requests',
			'max in flight',
			'429s',
			'client CPU',
			'RSS growth',
			'output JSON',
			'runs',
		],
		summaries.map((s) => [
			s.scenario,
			seconds(s.wallMs),
			rate(s.recordsPerSecond),
			detail(s, 'requests'),
			detail(s, 'peakInFlight'),
			detail(s, 'http429'),
			seconds(s.cpuMs),
			mb(s.rssGrowthBytes),
			mb(s.outputBytes),
			`${s.runs}${s.failures.length ? ` (${s.failures.length} failed)` : ''}`,
		]),
	);
}

/** The most requests a scenario had in flight at once, over all its runs. */
export function peakInFlight(runs: ScenarioResult[]): number {
	const peaks = runs.map((run) => Number(run.details.peakInFlight));
	return peaks.length ? Math.max(...peaks) : Number.NaN;
}
