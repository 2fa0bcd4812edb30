/** Command-line flags of `npm run bench` and what they default to. */

import { parseArgs } from 'node:util';

import {
	COLD_SCENARIOS,
	LATENCY_SCENARIOS,
	OPTIONAL_SCENARIOS,
	READ_SCENARIOS,
	WRITE_SCENARIOS,
	type ColdScenario,
	type LatencyScenario,
	type ReadScenario,
	type ScenarioName,
	type WriteScenario,
} from './types.mts';

export interface BenchConfig {
	records: number;
	pageSize: number;
	updates: number;
	/** Measured rounds; one more warm-up round runs first and is discarded. */
	runs: number;
	concurrency: number;
	seed: number;
	/** Delay the write API adds to every request, as a real ERP takes time to answer. */
	writeLatencyMs: number;
	maxInFlight: number;
	perSecond: number;
	/** The gateway's limits for node-update-rate-limited. */
	limitedMaxInFlight: number;
	limitedPerSecond: number;
	retryAfterSeconds: number;
	reads: ReadScenario[];
	writes: WriteScenario[];
	latency: LatencyScenario[];
	cold: ColdScenario[];
	/** Run both nodes in a running n8n server, each run started by a webhook. */
	server: boolean;
	validation: boolean;
	/** Delay the remote API adds to every request in the latency scenarios. */
	latencyMs: number;
	/** The node's Concurrency option for Get and Get Many; the floors' requests in flight. */
	readConcurrency: number;
	lookups: number;
	/** Records of the cold-process and running-server listings. */
	coldRecords: number;
	/** A commit whose package node-lookups-baseline runs (the node before the change being measured). */
	baseline?: string;
	/** Scenarios to CPU-profile (one extra, unmeasured run each). */
	profile: ScenarioName[];
	jsonPath: string;
	/** Skip the n8n runtime installer (it must already be installed). */
	skipInstall: boolean;
	/** Run the TypeScript sources through tsx instead of the tsc build n8n would load. */
	source: boolean;
}

/** The Update operation's Concurrency default (nodes/CustomerIntegration/actions/customer/update.operation.ts). */
export const NODE_DEFAULT_CONCURRENCY = 16;
/** The Concurrency the read scenarios give Get and Get Many: their default (READ_CONCURRENCY_DEFAULT in the node). */
export const NODE_DEFAULT_READ_CONCURRENCY = 10;
/** Share of the lookups that repeat an earlier item's CPF. */
export const REPEAT_SHARE = 0.3;

const ALL_SCENARIOS: readonly string[] = [
	...READ_SCENARIOS,
	...WRITE_SCENARIOS,
	...LATENCY_SCENARIOS,
	...COLD_SCENARIOS,
	'validation-alone',
	'server',
];

export const USAGE = `Usage: npm run bench -- [options]

Measures Get, Get Many and Update of the Customer Integration node against n8n's HTTP Request node
and a plain-code floor, on a loopback sample API (with a per-request latency in the latency group, in
a running n8n server in the server group); prints a table and writes bench/results.json.

  --records <n>          customers listed by Get Many (default 100000)
  --page-size <n>        records per page, at most 1000 (default 1000)
  --updates <n>          records updated by the Update scenarios (default 10000)
  --runs <n>             measured runs per scenario, after one discarded warm-up run (default 3)
  --quick                smoke run: 10000 records, 1000 updates, 1 run (explicit flags win)
  --concurrency <n>      the node's Update Concurrency option (default ${NODE_DEFAULT_CONCURRENCY}, the node's own default)
  --write-latency <ms>   delay of the write API per request (default 20)
  --max-in-flight <n>    rate limit: requests in flight before 429 (default 16)
  --per-second <n>       rate limit: requests per second before 429 (default 1000)
  --limited-max-in-flight <n>, --limited-per-second <n>
                         the tighter limits of node-update-rate-limited (default 8 and 200)
  --retry-after <s>      Retry-After of a 429, seconds (default 1)
  --latency <ms>         delay the remote API adds per request in the latency scenarios (default 100;
                         0 gives loopback figures)
  --lookups <n>          items looked up by CPF, 30% of them repeats (default 1000)
  --read-concurrency <n> the node's Get / Get Many Concurrency option, and the floors' requests in
                         flight (default ${NODE_DEFAULT_READ_CONCURRENCY})
  --cold-records <n>     customers listed by the cold-process and running-server scenarios (default 20000)
  --baseline <commit>    also run node-lookups-baseline: the lookups on that commit's package (once)
  --only <groups>        comma list of reads, writes, validation, latency, cold, server (default all)
  --scenarios <names>    comma list of scenarios to run (default: all but ${OPTIONAL_SCENARIOS.join(', ')})
  --profile <scenarios>  comma list of scenarios to CPU-profile after the runs (or "node")
  --json <path>          where to write the results (default bench/results.json)
  --seed <n>             dataset seed (default 1)
  --skip-install         do not run scripts/n8n-runtime/install.sh first
  --source               run this package from its TypeScript sources (tsx) instead of a tsc build
                         (skips node-get-many-unvalidated, which patches a copy of that build)
  --help

Scenarios: ${ALL_SCENARIOS.join(', ')}`;

function positiveInteger(raw: string | undefined, name: string, fallback: number): number {
	if (raw === undefined) return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 0)
		throw new Error(`--${name} must be a whole number, got "${raw}"`);
	return value;
}

const GROUPS = ['reads', 'writes', 'validation', 'latency', 'cold', 'server'];

export function parseConfig(argv: string[], repoRoot: string): BenchConfig | 'help' {
	const { values } = parseArgs({
		args: argv,
		options: {
			records: { type: 'string' },
			'page-size': { type: 'string' },
			updates: { type: 'string' },
			runs: { type: 'string' },
			quick: { type: 'boolean' },
			concurrency: { type: 'string' },
			'write-latency': { type: 'string' },
			'max-in-flight': { type: 'string' },
			'per-second': { type: 'string' },
			'limited-max-in-flight': { type: 'string' },
			'limited-per-second': { type: 'string' },
			'retry-after': { type: 'string' },
			latency: { type: 'string' },
			lookups: { type: 'string' },
			'read-concurrency': { type: 'string' },
			'cold-records': { type: 'string' },
			baseline: { type: 'string' },
			only: { type: 'string' },
			scenarios: { type: 'string' },
			profile: { type: 'string' },
			json: { type: 'string' },
			seed: { type: 'string' },
			'skip-install': { type: 'boolean' },
			source: { type: 'boolean' },
			help: { type: 'boolean' },
		},
	});
	if (values.help) return 'help';
	const quick = values.quick === true;
	const pageSize = positiveInteger(values['page-size'], 'page-size', 1000);
	if (pageSize < 1 || pageSize > 1000) throw new Error('--page-size must be between 1 and 1000');
	const only = values.only?.split(',').map((group) => group.trim()) ?? GROUPS;
	for (const group of only) {
		if (!GROUPS.includes(group)) throw new Error(`--only: unknown group "${group}"`);
	}
	const chosen = values.scenarios
		? values.scenarios.split(',').map((name) => name.trim())
		: ALL_SCENARIOS.filter((name) => !OPTIONAL_SCENARIOS.includes(name as ScenarioName));
	for (const name of chosen) {
		if (!ALL_SCENARIOS.includes(name)) throw new Error(`--scenarios: unknown scenario "${name}"`);
	}
	const profile = (values.profile ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean)
		.flatMap((name) => (name === 'node' ? ['node-get-many', 'node-update'] : [name]));
	for (const name of profile) {
		if (!ALL_SCENARIOS.includes(name)) throw new Error(`--profile: unknown scenario "${name}"`);
	}
	const runs = positiveInteger(values.runs, 'runs', quick ? 1 : 3);
	if (runs < 1) throw new Error('--runs must be at least 1');
	return {
		records: positiveInteger(values.records, 'records', quick ? 10_000 : 100_000),
		pageSize,
		updates: positiveInteger(values.updates, 'updates', quick ? 1_000 : 10_000),
		runs,
		concurrency: positiveInteger(values.concurrency, 'concurrency', NODE_DEFAULT_CONCURRENCY),
		seed: positiveInteger(values.seed, 'seed', 1),
		writeLatencyMs: positiveInteger(values['write-latency'], 'write-latency', 20),
		maxInFlight: positiveInteger(values['max-in-flight'], 'max-in-flight', 16),
		perSecond: positiveInteger(values['per-second'], 'per-second', 1000),
		limitedMaxInFlight: positiveInteger(
			values['limited-max-in-flight'],
			'limited-max-in-flight',
			8,
		),
		limitedPerSecond: positiveInteger(values['limited-per-second'], 'limited-per-second', 200),
		retryAfterSeconds: positiveInteger(values['retry-after'], 'retry-after', 1),
		// The ablation is a patched copy of the tsc build: there is none with --source.
		reads: only.includes('reads')
			? READ_SCENARIOS.filter(
					(name) =>
						chosen.includes(name) && !(values.source && name === 'node-get-many-unvalidated'),
				)
			: [],
		writes: only.includes('writes') ? WRITE_SCENARIOS.filter((name) => chosen.includes(name)) : [],
		latency: only.includes('latency')
			? LATENCY_SCENARIOS.filter(
					(name) =>
						chosen.includes(name) &&
						(name !== 'node-lookups-baseline' || values.baseline !== undefined),
				)
			: [],
		cold: only.includes('cold') ? COLD_SCENARIOS.filter((name) => chosen.includes(name)) : [],
		server: only.includes('server') && chosen.includes('server'),
		validation: only.includes('validation') && chosen.includes('validation-alone'),
		latencyMs: positiveInteger(values.latency, 'latency', 100),
		readConcurrency: Math.max(
			1,
			positiveInteger(
				values['read-concurrency'],
				'read-concurrency',
				NODE_DEFAULT_READ_CONCURRENCY,
			),
		),
		lookups: positiveInteger(values.lookups, 'lookups', 1000),
		coldRecords: positiveInteger(values['cold-records'], 'cold-records', quick ? 10_000 : 20_000),
		baseline: values.baseline,
		profile: profile as ScenarioName[],
		jsonPath: values.json ?? `${repoRoot}/bench/results.json`,
		skipInstall: values['skip-install'] === true,
		source: values.source === true,
	};
}
