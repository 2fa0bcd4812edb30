/**
 * `npm run bench`: the Customer Integration node against n8n's HTTP Request node and a plain-code
 * floor, in one run, on the same loopback sample API. See bench/README.md and `npm run bench -- --help`.
 *
 * Every measured run is a fresh child process (its memory figures are its own), the API runs in
 * another child (it never shares an event loop with the measured code), the order of the scenarios
 * rotates from round to round, round 0 is a warm-up that is thrown away, and medians are reported.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildCommit, buildPackage } from './engine/packageCode.mts';
import { loadN8nNodesBaseVersion } from './engine/runtimeInfo.mts';
import { parseConfig, REPEAT_SHARE, USAGE, type BenchConfig } from './lib/config.mts';
import {
	runScenarioChild,
	runScript,
	startApiProcesses,
	type ApiProcess,
} from './lib/children.mts';
import {
	describeRatio,
	latencyTable,
	pairedRatio,
	peakInFlight,
	ratio,
	readTable,
	type PairedRatio,
	type RoundResult,
	summarize,
	targetTable,
	writeTable,
	type ScenarioSummary,
	type Target,
} from './lib/report.mts';
import {
	COLD_SCENARIOS,
	LATENCY_SCENARIOS,
	ONCE_SCENARIOS,
	READ_SCENARIOS,
	WRITE_SCENARIOS,
	type ScenarioInput,
	type ScenarioName,
	type ScenarioResult,
} from './lib/types.mts';
import { formatProfileSummary, summarizeProfile } from './profile.mts';
import { describeServer, runServerScenario, type ServerOutcome } from './server/serverScenario.mts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function say(text = ''): void {
	process.stdout.write(`${text}\n`);
}

function installRuntime(): void {
	say('n8n runtime (n8n-nodes-base for the HTTP Request node): scripts/n8n-runtime/install.sh');
	say(
		'  the first install downloads and builds n8n 2.41.1: it takes several minutes; later runs check a stamp and go on at once',
	);
	const result = spawnSync('bash', [join(REPO_ROOT, 'scripts/n8n-runtime/install.sh')], {
		cwd: REPO_ROOT,
		stdio: 'inherit',
	});
	if (result.status !== 0) throw new Error('scripts/n8n-runtime/install.sh failed');
}

function git(args: string[]): string {
	try {
		return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
	} catch {
		return '';
	}
}

/** Round r runs the scenarios rotated by r: each takes every position over the rounds. */
function rotated<T>(items: readonly T[], round: number): T[] {
	const shift = round % items.length;
	return [...items.slice(shift), ...items.slice(0, shift)];
}

interface Collected {
	results: Map<ScenarioName, RoundResult[]>;
	failures: Map<ScenarioName, string[]>;
}

/** The warm-up round only needs to warm the JIT and the server: it updates fewer records. */
function warmUpUpdates(config: BenchConfig): number {
	return Math.min(config.updates, Math.max(200, Math.ceil(config.updates / 10)));
}

/** What every scenario child gets, for `scenario` in `round` (round 0 is the warm-up). */
function scenarioInput(
	config: BenchConfig,
	api: ApiProcess,
	builds: Builds,
	scenario: ScenarioName,
	tag: string,
	warmUpRound: boolean,
): ScenarioInput {
	return {
		scenario,
		api: api.endpoints,
		pageSize: config.pageSize,
		concurrency: config.concurrency,
		readConcurrency: config.readConcurrency,
		lookups: config.lookups,
		repeatShare: REPEAT_SHARE,
		tag,
		warmUp: true,
		updates: warmUpRound ? warmUpUpdates(config) : config.updates,
		rateLimit: rateLimitOf(config, scenario),
		seed: config.seed,
		buildDir: builds.buildDir,
		baselineBuildDir: builds.baselineBuildDir,
	};
}

interface Builds {
	buildDir?: string;
	baselineBuildDir?: string;
}

async function runRounds(
	config: BenchConfig,
	api: ApiProcess,
	env: NodeJS.ProcessEnv,
	builds: Builds,
): Promise<Collected> {
	const collected: Collected = { results: new Map(), failures: new Map() };
	const rounds = config.runs + 1;
	for (let round = 0; round < rounds; round++) {
		const warmUp = round === 0;
		const order: ScenarioName[] = [
			...rotated(config.reads, round),
			...rotated(config.latency, round),
			...rotated(config.cold, round),
			...rotated(config.writes, round),
		].filter((scenario) => round === 1 || !ONCE_SCENARIOS.includes(scenario));
		say(
			`\nRound ${round}/${config.runs}${warmUp ? ' (warm-up, discarded)' : ''}: ${order.join(', ')}`,
		);
		for (const scenario of order) {
			const input = scenarioInput(config, api, builds, scenario, `r${round}-${scenario}`, warmUp);
			const started = performance.now();
			try {
				const result = await runScenarioChild(REPO_ROOT, input, env);
				say(
					`  ${scenario.padEnd(36)} ${describeRun(result)}  (child ${((performance.now() - started) / 1000).toFixed(0)} s)`,
				);
				if (!warmUp) {
					const list = collected.results.get(scenario) ?? [];
					list.push({ ...result, round });
					collected.results.set(scenario, list);
				}
			} catch (error) {
				const message = error instanceof Error ? error.message : String(error);
				say(`  ${scenario.padEnd(36)} FAILED: ${message}`);
				if (!warmUp) {
					const list = collected.failures.get(scenario) ?? [];
					list.push(message);
					collected.failures.set(scenario, list);
				}
			}
		}
	}
	return collected;
}

function describeRun(result: ScenarioResult): string {
	const perSecond = Math.round(result.records / (result.wallMs / 1000)).toLocaleString('en-US');
	const base = `${(result.wallMs / 1000).toFixed(2)} s, ${perSecond} records/s, peak RSS ${(result.maxRssBytes / 1e6).toFixed(0)} MB`;
	if (result.details.peakInFlight !== undefined && result.details.allUpdated === undefined)
		return `${base}, ${result.details.requests} requests, at most ${result.details.peakInFlight} in flight, ${result.details.http429} × 429`;
	if (result.details.http429 === undefined) return base;
	return `${base}, ${result.details.http429} × 429, all updated: ${result.details.allUpdated}`;
}

const perSecondText = (value: number | undefined) =>
	value === undefined || !Number.isFinite(value) ? '-' : Math.round(value).toLocaleString('en-US');

interface ValidationScriptFigure {
	name: string;
	/** Records per second of CPU time of the script's process (what it judges its target by). */
	cpuRecordsPerSecond?: number;
	wallRecordsPerSecond: number;
}

const NUMBER = '([\\d,]+)';
const toNumber = (text: string) => Number(text.replaceAll(',', ''));

/** bench/validation.mts (the validation team's script) prints one line per figure. */
function parseValidationScript(output: string): ValidationScriptFigure[] {
	const figures: ValidationScriptFigure[] = [];
	const cpuAndWall = new RegExp(
		`^(.+?)\\s+${NUMBER} records/s by CPU time,\\s+${NUMBER} by wall time`,
	);
	const wallOnly = new RegExp(`^(.+?)\\s+median\\s+\\d+ ms\\s+${NUMBER} records/s`);
	for (const line of output.split('\n')) {
		const both = cpuAndWall.exec(line);
		if (both) {
			figures.push({
				name: both[1].trim(),
				cpuRecordsPerSecond: toNumber(both[2]),
				wallRecordsPerSecond: toNumber(both[3]),
			});
			continue;
		}
		const wall = wallOnly.exec(line);
		if (wall) figures.push({ name: wall[1].trim(), wallRecordsPerSecond: toNumber(wall[2]) });
	}
	return figures;
}

/** The validation team's own figure: validateCustomer (normalize) on valid records. */
const VALIDATION_SCRIPT_FIGURE = 'validateCustomer normalize, valid';

interface Ratios {
	getManyNodeOverHttpRequest: PairedRatio;
	getManyNodeOverFloor: PairedRatio;
	getManyNodeOverHttpRequestCpu: PairedRatio;
	getManyNodeOverFloorCpu: PairedRatio;
	/** The ablation: what transport, JSON.parse and the engine cost against the HTTP Request node. */
	getManyUnvalidatedOverHttpRequest: PairedRatio;
	getManyUnvalidatedOverHttpRequestCpu: PairedRatio;
	/** The node over its ablation: what renaming, validation and normalization add to Get Many. */
	getManyNodeOverUnvalidated: PairedRatio;
	updateHttpRequestOverNode: PairedRatio;
	updateHttpRequestOverNodeWithoutRead: PairedRatio;
	updateNodeOneAtATimeOverNode: PairedRatio;
	getManyNodeRssGrowthOverOutput: number;
	getManyNodeHeapGrowthOverOutput: number;
	getManyNodeRetainedHeapOverOutput: number;
	lookupsNodeOverHttpRequest: PairedRatio;
	lookupsNodeOverFloor: PairedRatio;
	/** The node before (the --baseline commit) over the node now: how much faster the lookups became. */
	lookupsBaselineOverNode: PairedRatio;
	pagesNodeOverHttpRequest: PairedRatio;
	pagesNodeOverFloor: PairedRatio;
	cursorNodeOverHttpRequest: PairedRatio;
	cursorNodeOverFloor: PairedRatio;
	coldNodeOverHttpRequest: PairedRatio;
	pagesNodeRssGrowthOverOutput: number;
}

function computeRatios(
	collected: Collected,
	summaries: Map<ScenarioName, ScenarioSummary>,
): Ratios {
	const runs = (name: ScenarioName) => collected.results.get(name) ?? [];
	const wall = (a: ScenarioName, b: ScenarioName) => pairedRatio(runs(a), runs(b), (r) => r.wallMs);
	const cpu = (a: ScenarioName, b: ScenarioName) => pairedRatio(runs(a), runs(b), (r) => r.cpuMs);
	const node = summaries.get('node-get-many');
	const pages = summaries.get('node-get-many-pages');
	return {
		getManyNodeOverHttpRequest: wall('node-get-many', 'http-request-get-many'),
		getManyNodeOverFloor: wall('node-get-many', 'floor-get-many'),
		getManyNodeOverHttpRequestCpu: cpu('node-get-many', 'http-request-get-many'),
		getManyNodeOverFloorCpu: cpu('node-get-many', 'floor-get-many'),
		getManyUnvalidatedOverHttpRequest: wall('node-get-many-unvalidated', 'http-request-get-many'),
		getManyUnvalidatedOverHttpRequestCpu: cpu('node-get-many-unvalidated', 'http-request-get-many'),
		getManyNodeOverUnvalidated: wall('node-get-many', 'node-get-many-unvalidated'),
		updateHttpRequestOverNode: wall('http-request-update-one-at-a-time', 'node-update'),
		updateHttpRequestOverNodeWithoutRead: wall(
			'http-request-update-one-at-a-time',
			'node-update-without-read',
		),
		updateNodeOneAtATimeOverNode: wall('node-update-one-at-a-time', 'node-update'),
		getManyNodeRssGrowthOverOutput: node ? node.rssGrowthBytes / node.outputBytes : Number.NaN,
		getManyNodeHeapGrowthOverOutput: node ? node.heapGrowthBytes / node.outputBytes : Number.NaN,
		getManyNodeRetainedHeapOverOutput: node
			? node.retainedHeapBytes / node.outputBytes
			: Number.NaN,
		lookupsNodeOverHttpRequest: wall('node-lookups', 'http-request-lookups'),
		lookupsNodeOverFloor: wall('node-lookups', 'floor-lookups'),
		lookupsBaselineOverNode: wall('node-lookups-baseline', 'node-lookups'),
		pagesNodeOverHttpRequest: wall('node-get-many-pages', 'http-request-get-many-pages'),
		pagesNodeOverFloor: wall('node-get-many-pages', 'floor-get-many-pages'),
		cursorNodeOverHttpRequest: wall('node-get-many-cursor', 'http-request-get-many-cursor'),
		cursorNodeOverFloor: wall('node-get-many-cursor', 'floor-get-many-cursor'),
		coldNodeOverHttpRequest: wall('node-get-many-cold', 'http-request-get-many-cold'),
		pagesNodeRssGrowthOverOutput: pages ? pages.rssGrowthBytes / pages.outputBytes : Number.NaN,
	};
}

/** Issue 12's targets: reads against a remote API, a cold process, a running n8n server. */
function latencyTargets(
	config: BenchConfig,
	ratios: Ratios,
	collected: Collected,
	server: ServerOutcome | undefined,
): Target[] {
	const judged = (value: number, ok: (v: number) => boolean) =>
		Number.isFinite(value) ? ok(value) : undefined;
	const at = `${config.latencyMs} ms`;
	const targets: Target[] = [];
	const wallTarget = (name: string, paired: PairedRatio, bound: number, below = true) => {
		if (paired.perRound.length === 0) return;
		targets.push({
			name,
			target: `${below ? '≤' : '≥'} ${bound.toFixed(2)}×`,
			value: ratio(paired.median),
			met: judged(paired.median, (v) => (below ? v <= bound : v >= bound)),
		});
	};
	wallTarget(
		`Lookups at ${at}: node / HTTP Request node (wall time)`,
		ratios.lookupsNodeOverHttpRequest,
		1.2,
	);
	wallTarget(
		`Lookups at ${at}: node before (--baseline) / node`,
		ratios.lookupsBaselineOverNode,
		10,
		false,
	);
	wallTarget(
		`Get Many by page number at ${at}: node / HTTP Request node`,
		ratios.pagesNodeOverHttpRequest,
		0.35,
	);
	wallTarget(
		`Get Many by cursor at ${at}: node / HTTP Request node`,
		ratios.cursorNodeOverHttpRequest,
		0.95,
	);
	for (const scenario of ['node-lookups', 'node-get-many-pages', 'node-get-many-cursor'] as const) {
		const runs = collected.results.get(scenario) ?? [];
		if (runs.length === 0) continue;
		const peak = peakInFlight(runs);
		targets.push({
			name: `${scenario}: most requests in flight at the API (all runs)`,
			target: `≤ ${config.readConcurrency} (Concurrency)`,
			value: String(peak),
			met: judged(peak, (v) => v <= config.readConcurrency),
		});
	}
	const limited = collected.results.get('node-lookups-rate-limited') ?? [];
	const limitedFailures = collected.failures.get('node-lookups-rate-limited') ?? [];
	if (limited.length || limitedFailures.length) {
		targets.push({
			name: 'Lookups under the rate-limited gateway: every item found, no retry before Retry-After',
			target: 'all runs',
			value:
				limited
					.map((run) => `${run.details.http429} × 429, ${run.details.earlyRetries} early`)
					.join(', ') || 'failed',
			met:
				limitedFailures.length === 0 &&
				limited.every(
					(run) => run.details.earlyRetries === 0 && run.records === run.details.expected,
				),
		});
	}
	if (Number.isFinite(ratios.pagesNodeRssGrowthOverOutput)) {
		targets.push({
			name: `Get Many by page number at ${at}: node peak RSS growth / output JSON`,
			target: '≤ 2.00×',
			value: ratio(ratios.pagesNodeRssGrowthOverOutput),
			met: ratios.pagesNodeRssGrowthOverOutput <= 2,
		});
	}
	wallTarget(
		'Get Many, 0 ms, cold process: node / HTTP Request node',
		ratios.coldNodeOverHttpRequest,
		1.4,
	);
	if (server) {
		wallTarget(
			'Get Many, 0 ms, running n8n server (webhook): node / HTTP Request node',
			server.nodeOverHttpRequest,
			1.25,
		);
	}
	return targets;
}

function buildTargets(
	ratios: Ratios,
	summaries: Map<ScenarioName, ScenarioSummary>,
	validation: { script?: number; served?: number },
): Target[] {
	const judged = (value: number, ok: (v: number) => boolean) =>
		Number.isFinite(value) ? ok(value) : undefined;
	const writes = WRITE_SCENARIOS.flatMap((name) => summaries.get(name) ?? []);
	const honoured = writes.every(
		(s) => s.failures.length === 0 && s.details.allUpdated === true && s.details.earlyRetries === 0,
	);
	return [
		{
			name: 'Get Many: node / HTTP Request node (wall time)',
			target: '≤ 0.70×',
			value: ratio(ratios.getManyNodeOverHttpRequest.median),
			met: judged(ratios.getManyNodeOverHttpRequest.median, (v) => v <= 0.7),
		},
		{
			name: 'Get Many: node / floor (wall time)',
			target: '≤ 1.25×',
			value: ratio(ratios.getManyNodeOverFloor.median),
			met: judged(ratios.getManyNodeOverFloor.median, (v) => v <= 1.25),
		},
		{
			name: `Validation alone, bench/validation.mts (${VALIDATION_SCRIPT_FIGURE}, by CPU time)`,
			target: '≥ 400,000/s',
			value: perSecondText(validation.script),
			met: validation.script === undefined ? undefined : validation.script >= 400_000,
		},
		{
			name: 'Validation as Get Many runs it (normalizeRecord + validateCustomer, served records)',
			target: '≥ 400,000/s',
			value: perSecondText(validation.served),
			met: validation.served === undefined ? undefined : validation.served >= 400_000,
		},
		{
			name: 'Get Many: node peak RSS growth / output JSON',
			target: '≤ 2.00×',
			value: ratio(ratios.getManyNodeRssGrowthOverOutput),
			met: judged(ratios.getManyNodeRssGrowthOverOutput, (v) => v <= 2),
		},
		{
			name: 'Update: HTTP Request one at a time / node (wall time)',
			target: '≥ 5.00×',
			value: ratio(ratios.updateHttpRequestOverNode.median),
			met: judged(ratios.updateHttpRequestOverNode.median, (v) => v >= 5),
		},
		{
			name: 'Update: same, node without Read Current Record First',
			target: '≥ 5.00×',
			value: ratio(ratios.updateHttpRequestOverNodeWithoutRead.median),
			met: judged(ratios.updateHttpRequestOverNodeWithoutRead.median, (v) => v >= 5),
		},
		{
			name: 'Update: every record updated, no retry before Retry-After',
			target: 'all runs',
			value: writes.length ? writes.map((s) => `${s.details.http429} × 429`).join(', ') : '-',
			met: writes.length ? honoured : undefined,
		},
	];
}

/** The gateway's limits for a write scenario: node-update-rate-limited has its own, tighter ones. */
function rateLimitOf(config: BenchConfig, scenario: ScenarioName): ScenarioInput['rateLimit'] {
	return scenario === 'node-update-rate-limited' || scenario === 'node-lookups-rate-limited'
		? { maxInFlight: config.limitedMaxInFlight, perSecond: config.limitedPerSecond }
		: { maxInFlight: config.maxInFlight, perSecond: config.perSecond };
}

async function profileScenarios(
	config: BenchConfig,
	api: ApiProcess,
	env: NodeJS.ProcessEnv,
	builds: Builds,
): Promise<Record<string, { file: string; summary: ReturnType<typeof summarizeProfile> }>> {
	const profiles: Record<string, { file: string; summary: ReturnType<typeof summarizeProfile> }> =
		{};
	if (config.profile.length === 0) return profiles;
	const dir = mkdtempSync(join(tmpdir(), 'customer-integration-bench-profile-'));
	for (const scenario of config.profile) {
		const file = join(dir, `${scenario}.cpuprofile`);
		say(`\nCPU profile of ${scenario} (one extra run, not in the medians): ${file}`);
		await runScenarioChild(
			REPO_ROOT,
			{
				...scenarioInput(config, api, builds, scenario, `profile-${scenario}`, false),
				cpuProfile: file,
			},
			env,
		);
		const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), 25);
		profiles[scenario] = { file, summary };
		say(formatProfileSummary(summary));
	}
	return profiles;
}

async function main(): Promise<void> {
	const config = parseConfig(process.argv.slice(2), REPO_ROOT);
	if (config === 'help') {
		say(USAGE);
		return;
	}
	if (!config.skipInstall) installRuntime();
	const n8nNodesBaseVersion = loadN8nNodesBaseVersion();
	let buildDir: string | undefined;
	let baselineBuildDir: string | undefined;
	if (config.baseline !== undefined && config.latency.includes('node-lookups-baseline')) {
		baselineBuildDir = buildCommit(REPO_ROOT, config.baseline);
		say(
			`Baseline (node-lookups-baseline): the package at ${config.baseline}, compiled into ${relative(REPO_ROOT, baselineBuildDir)}`,
		);
	}
	if (config.source) say('This package: TypeScript sources through tsx (--source)');
	else {
		buildDir = buildPackage(REPO_ROOT);
		say(`This package: compiled with tsc, as n8n loads it, into ${relative(REPO_ROOT, buildDir)}`);
	}

	const env: NodeJS.ProcessEnv = {
		...process.env,
		// n8n-core writes its instance settings under the user folder on first use.
		N8N_USER_FOLDER: mkdtempSync(join(tmpdir(), 'customer-integration-bench-n8n-')),
	};
	const machine = {
		node: process.version,
		cpus: cpus().length,
		cpuModel: cpus()[0]?.model ?? '',
		memoryBytes: totalmem(),
		loadAverageAtStart: loadavg(),
	};
	const commit = git(['rev-parse', 'HEAD']);
	const dirty = git(['status', '--porcelain']) !== '';
	say(
		`\nCustomer Integration benchmark — commit ${commit.slice(0, 10)}${dirty ? ' (working tree has changes)' : ''}`,
	);
	say(
		`Node ${machine.node}, ${machine.cpus} CPUs, load average ${machine.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}; n8n-nodes-base ${n8nNodesBaseVersion}`,
	);
	say(
		`Get Many: ${config.records.toLocaleString('en-US')} records, ${config.pageSize} per page. Update: ${config.updates.toLocaleString('en-US')} records, node Concurrency ${config.concurrency}, API latency ${config.writeLatencyMs} ms, rate limit ${config.maxInFlight} in flight / ${config.perSecond} per second (node-update-rate-limited: ${config.limitedMaxInFlight} / ${config.limitedPerSecond}), Retry-After ${config.retryAfterSeconds} s.`,
	);
	if (config.latency.length) {
		say(
			`Latency scenarios: remote API ${config.latencyMs} ms per request; ${config.lookups.toLocaleString('en-US')} lookups by CPF (${REPEAT_SHARE * 100}% repeats); Get and Get Many at Concurrency ${config.readConcurrency}.`,
		);
	}
	if (config.cold.length || config.server) {
		say(
			`Cold process and running n8n server: Get Many of ${config.coldRecords.toLocaleString('en-US')} records, no added latency.`,
		);
	}
	say(`${config.runs} measured run(s) per scenario after 1 warm-up run; medians.`);

	const api = await startApiProcesses(
		REPO_ROOT,
		{
			records:
				config.reads.length || config.latency.length
					? config.records
					: Math.min(config.records, 1000),
			'warmup-records': Math.min(config.records, 5 * config.pageSize),
			'cold-records': config.cold.length || config.server ? config.coldRecords : 1,
			latency: config.latencyMs,
			updates: config.updates,
			seed: config.seed,
			'write-latency': config.writeLatencyMs,
			'max-in-flight': config.maxInFlight,
			'per-second': config.perSecond,
			'retry-after': config.retryAfterSeconds,
		},
		env,
	);
	const builds: Builds = { buildDir, baselineBuildDir };
	try {
		let validation: ScenarioResult | undefined;
		let validationScript: ValidationScriptFigure[] = [];
		if (config.validation) {
			say(
				'\nValidation alone (normalizeRecord + validateCustomer on the served records, no HTTP, no n8n)',
			);
			validation = await runScenarioChild(
				REPO_ROOT,
				{
					...scenarioInput(config, api, builds, 'validation-alone', 'validation', false),
					api: { ...api.endpoints, records: config.records },
					updates: 0,
				},
				env,
			);
			say(
				`  ${Math.round(Number(validation.details.recordsPerSecond)).toLocaleString('en-US')} records/s (median of 5 passes over ${validation.records.toLocaleString('en-US')} records, ${validation.details.invalid} invalid)`,
			);
			say(
				`bench/validation.mts (the validation module's own throughput script), on ${buildDir === undefined ? 'the TypeScript sources' : 'the tsc build'}:`,
			);
			try {
				validationScript = parseValidationScript(
					await runScript(
						REPO_ROOT,
						'bench/validation.mts',
						env,
						buildDir === undefined ? [] : ['--build', buildDir],
					),
				);
				for (const figure of validationScript) {
					const cpu =
						figure.cpuRecordsPerSecond === undefined
							? ''
							: `${perSecondText(figure.cpuRecordsPerSecond)} records/s by CPU time, `;
					say(
						`  ${figure.name.padEnd(44)} ${cpu}${perSecondText(figure.wallRecordsPerSecond)} records/s by wall time`,
					);
				}
			} catch (error) {
				say(`  failed: ${error instanceof Error ? error.message : String(error)}`);
			}
		}

		const collected = await runRounds(config, api, env, builds);
		const summaries = new Map<ScenarioName, ScenarioSummary>();
		for (const scenario of [
			...READ_SCENARIOS,
			...LATENCY_SCENARIOS,
			...COLD_SCENARIOS,
			...WRITE_SCENARIOS,
		]) {
			const results = collected.results.get(scenario) ?? [];
			const failures = collected.failures.get(scenario) ?? [];
			if (results.length || failures.length)
				summaries.set(scenario, summarize(scenario, results, failures));
		}
		const server = config.server
			? await runServerScenario(config, api.endpoints, REPO_ROOT, say)
			: undefined;
		const profiles = await profileScenarios(config, api, env, builds);

		const scriptFigure = validationScript.find(
			(figure) => figure.name === VALIDATION_SCRIPT_FIGURE,
		);
		const validationFigures = {
			script: scriptFigure?.cpuRecordsPerSecond ?? scriptFigure?.wallRecordsPerSecond,
			served: validation === undefined ? undefined : Number(validation.details.recordsPerSecond),
		};
		const ratios = computeRatios(collected, summaries);
		const targets = [
			...buildTargets(ratios, summaries, validationFigures),
			...latencyTargets(config, ratios, collected, server),
		];

		say('\n================================ Results (medians) ================================');
		const reads = READ_SCENARIOS.flatMap((s) => summaries.get(s) ?? []);
		const writes = WRITE_SCENARIOS.flatMap((s) => summaries.get(s) ?? []);
		if (reads.length) {
			say(`\n${readTable(reads)}`);
			say('\n  Ratios of runs of the same round, median over the rounds:');
			say(`  node / HTTP Request  wall ${describeRatio(ratios.getManyNodeOverHttpRequest)}`);
			say(`                       CPU  ${describeRatio(ratios.getManyNodeOverHttpRequestCpu)}`);
			say(`  node / floor         wall ${describeRatio(ratios.getManyNodeOverFloor)}`);
			say(`                       CPU  ${describeRatio(ratios.getManyNodeOverFloorCpu)}`);
			if (ratios.getManyUnvalidatedOverHttpRequest.perRound.length) {
				say(
					'  Ablation, the node with renaming and validation taken out (node-get-many-unvalidated):',
				);
				say(
					`  unvalidated / HTTP Request  wall ${describeRatio(ratios.getManyUnvalidatedOverHttpRequest)}`,
				);
				say(
					`                              CPU  ${describeRatio(ratios.getManyUnvalidatedOverHttpRequestCpu)}`,
				);
				say(
					`  node / unvalidated          wall ${describeRatio(ratios.getManyNodeOverUnvalidated)}`,
				);
			}
		}
		const latency = [...LATENCY_SCENARIOS, ...COLD_SCENARIOS].flatMap(
			(s) => summaries.get(s) ?? [],
		);
		if (latency.length) {
			say(`\n${latencyTable(latency)}`);
			say(
				`\n  Remote API ${config.latencyMs} ms per request; node Concurrency ${config.readConcurrency}. Ratios of the same round, median over the rounds:`,
			);
			const line = (name: string, paired: PairedRatio) => {
				if (paired.perRound.length) say(`  ${name.padEnd(44)} ${describeRatio(paired)}`);
			};
			line('lookups: node / HTTP Request', ratios.lookupsNodeOverHttpRequest);
			line('lookups: node / floor', ratios.lookupsNodeOverFloor);
			line('lookups: node before (--baseline) / node', ratios.lookupsBaselineOverNode);
			line('Get Many by page number: node / HTTP Request', ratios.pagesNodeOverHttpRequest);
			line('Get Many by page number: node / floor', ratios.pagesNodeOverFloor);
			line('Get Many by cursor: node / HTTP Request', ratios.cursorNodeOverHttpRequest);
			line('Get Many by cursor: node / floor', ratios.cursorNodeOverFloor);
			line('cold process (0 ms): node / HTTP Request', ratios.coldNodeOverHttpRequest);
		}
		if (server) {
			say(`\n${describeServer(server)}`);
		}
		if (writes.length) {
			say(`\n${writeTable(writes)}`);
			say(
				'\n  Speed-up over the HTTP Request node one at a time (same round, median over the rounds):',
			);
			say(
				`  node, Concurrency ${config.concurrency}                              ${describeRatio(ratios.updateHttpRequestOverNode)}`,
			);
			say(
				`  node, Concurrency ${config.concurrency}, no Read Current Record First ${describeRatio(ratios.updateHttpRequestOverNodeWithoutRead)}`,
			);
			if (ratios.updateNodeOneAtATimeOverNode.perRound.length) {
				say(
					`  node Concurrency ${config.concurrency} over Concurrency 1: ${describeRatio(ratios.updateNodeOneAtATimeOverNode)}`,
				);
			}
		}
		if (config.validation) {
			say(
				`\nValidation alone: ${perSecondText(validationFigures.script)} records/s (bench/validation.mts, ${VALIDATION_SCRIPT_FIGURE}, by CPU time; ${perSecondText(scriptFigure?.wallRecordsPerSecond)} by wall time); ${perSecondText(validationFigures.served)} records/s as Get Many runs it (normalizeRecord + validateCustomer on the served records, wall time)`,
			);
		}
		say(`\n${targetTable(targets)}`);
		say(
			'\nRSS growth = peak RSS of the run minus the RSS right before it (modules loaded, warm-up done, after GC); kept after GC = heap the output still holds after a full GC at the end. MB = 10^6 bytes.',
		);

		const report = {
			commit,
			dirty,
			date: new Date().toISOString(),
			machine: { ...machine, loadAverageAtEnd: loadavg() },
			n8nNodesBaseVersion,
			config: { ...config, jsonPath: relative(REPO_ROOT, config.jsonPath) },
			validation: validation && { ...validation.details, script: validationScript },
			summaries: Object.fromEntries(summaries),
			ratios,
			targets,
			server,
			runs: Object.fromEntries(collected.results),
			failures: Object.fromEntries(collected.failures),
			profiles: Object.fromEntries(
				Object.entries(profiles).map(([scenario, { file, summary }]) => [
					scenario,
					{ file, byOrigin: summary.byOrigin.slice(0, 15), top: summary.top },
				]),
			),
		};
		mkdirSync(dirname(config.jsonPath), { recursive: true });
		writeFileSync(config.jsonPath, `${JSON.stringify(report, null, '\t')}\n`);
		say(`\nWrote ${relative(process.cwd(), config.jsonPath)}`);
	} finally {
		await api.stop();
		rmSync(env.N8N_USER_FOLDER ?? '', { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exit(1);
});
