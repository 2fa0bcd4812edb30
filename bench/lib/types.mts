/** What the orchestrator (bench/run.mts) and its scenario children exchange. */

import type { ApiEndpoints } from '../api/apiProcess.mts';

export const READ_SCENARIOS = [
	'node-get-many',
	'http-request-get-many',
	'floor-get-many',
	'node-get-many-unvalidated',
] as const;
export const WRITE_SCENARIOS = [
	'node-update',
	'node-update-without-read',
	'node-update-rate-limited',
	'node-update-one-at-a-time',
	'http-request-update-one-at-a-time',
] as const;
/**
 * Against the remote API (the reads API behind a gateway that adds --latency ms per request and counts
 * the requests in flight); node-lookups-rate-limited goes through the rate-limiting gateway instead.
 */
export const LATENCY_SCENARIOS = [
	'node-lookups',
	'http-request-lookups',
	'floor-lookups',
	'node-get-many-pages',
	'http-request-get-many-pages',
	'floor-get-many-pages',
	'node-get-many-cursor',
	'http-request-get-many-cursor',
	'floor-get-many-cursor',
	'node-lookups-rate-limited',
	'node-lookups-baseline',
] as const;
/** The first run in a fresh process: no warm-up, the package's modules loaded inside the measured time. */
export const COLD_SCENARIOS = ['node-get-many-cold', 'http-request-get-many-cold'] as const;
/** Slow and not needed for the targets: run with --scenarios. */
export const OPTIONAL_SCENARIOS: readonly ScenarioName[] = ['node-update-one-at-a-time'];
/** Run in the first measured round only (node-lookups-baseline takes latency × lookups). */
export const ONCE_SCENARIOS: readonly ScenarioName[] = ['node-lookups-baseline'];
export type ReadScenario = (typeof READ_SCENARIOS)[number];
export type WriteScenario = (typeof WRITE_SCENARIOS)[number];
export type LatencyScenario = (typeof LATENCY_SCENARIOS)[number];
export type ColdScenario = (typeof COLD_SCENARIOS)[number];
export type ScenarioName =
	| ReadScenario
	| WriteScenario
	| LatencyScenario
	| ColdScenario
	| 'validation-alone';

export interface ScenarioInput {
	scenario: ScenarioName;
	api: ApiEndpoints;
	pageSize: number;
	/** Concurrency option of the node's Update. */
	concurrency: number;
	/** Concurrency option of the node's Get and Get Many, and the floors' requests in flight. */
	readConcurrency: number;
	/** Lookup scenarios: items, and the share of them repeating an earlier item's CPF. */
	lookups: number;
	repeatShare: number;
	/** Distinguishes the values written by each write run. */
	tag: string;
	/** Run a small version of the scenario first, unmeasured, to warm the JIT up. */
	warmUp: boolean;
	/** Write scenarios: how many of the API's records to update (all of them unless smaller). */
	updates: number;
	/** Write scenarios: the gateway's limits for this run. */
	rateLimit?: { maxInFlight: number; perSecond: number };
	/** Seed of the API's dataset (validation-alone generates the same records). */
	seed: number;
	/** Write a CPU profile of the measured run to this file. */
	cpuProfile?: string;
	/** The compiled package (see engine/packageCode.mts); the TypeScript sources when absent. */
	buildDir?: string;
	/** node-lookups-baseline: the compiled package of the --baseline commit. */
	baselineBuildDir?: string;
}

export interface ScenarioResult {
	scenario: ScenarioName;
	wallMs: number;
	/** CPU time of the scenario's process during the measured run. */
	cpuMs: number;
	/** Records listed (reads) or records updated and verified on the API (writes). */
	records: number;
	/** Bytes of the output items' JSON. */
	outputBytes: number;
	maxRssBytes: number;
	baselineRssBytes: number;
	peakHeapUsedBytes: number;
	baselineHeapUsedBytes: number;
	/** Heap the result still holds after a full GC at the end of the run, above the baseline. */
	retainedHeapBytes: number;
	peakHeapTotalBytes: number;
	peakExternalBytes: number;
	/** Scenario-specific facts: valid/invalid counts, 429s, requests, … */
	details: Record<string, number | string | boolean>;
}

/** The line a scenario child prints its result on. */
export const RESULT_MARKER = '@@result ';
