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
/** Slow and not needed for the targets: run with --scenarios. */
export const OPTIONAL_SCENARIOS: readonly ScenarioName[] = ['node-update-one-at-a-time'];
export type ReadScenario = (typeof READ_SCENARIOS)[number];
export type WriteScenario = (typeof WRITE_SCENARIOS)[number];
export type ScenarioName = ReadScenario | WriteScenario | 'validation-alone';

export interface ScenarioInput {
	scenario: ScenarioName;
	api: ApiEndpoints;
	pageSize: number;
	/** Concurrency option of the node's Update. */
	concurrency: number;
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
