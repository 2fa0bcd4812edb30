/**
 * One measured scenario in a fresh process (spawned by bench/run.mts with --expose-gc and the
 * n8n-workflow resolve hook), so memory figures of one scenario never include another's.
 *
 *   node --import tsx --import ./bench/engine/register.mts --expose-gc bench/scenarios/scenario.mts '<ScenarioInput json>'
 *
 * Prints one line: `@@result <ScenarioResult json>`.
 */

import type { INodeExecutionData } from 'n8n-workflow';

import type { GatewayStats } from '../api/rateLimitGateway.mts';
import { loadN8nNodesBase } from '../engine/n8nNodesBase.mts';
import { loadNodeClass } from '../engine/packageCode.mts';
import { RESULT_MARKER, type ScenarioInput, type ScenarioResult } from '../lib/types.mts';
import type { ReadOutcome } from './floor.mts';
import { measure, serializedBytes } from './measure.mts';
import type { WriteOutcome } from './writes.mts';

/** Records of the warm-up run of a write scenario (on the same API, which is reset afterwards). */
const WRITE_WARM_UP_RECORDS = 200;

async function admin<T>(
	input: ScenarioInput,
	path: string,
	method = 'GET',
	adminUrl = input.api.adminUrl,
): Promise<T> {
	const response = await fetch(`${adminUrl}${path}`, { method });
	if (!response.ok) throw new Error(`admin ${path}: HTTP ${response.status}`);
	return (await response.json()) as T;
}

async function read(
	input: ScenarioInput,
	list: (input: ScenarioInput, baseUrl: string) => Promise<ReadOutcome>,
	{ baseUrl = input.api.readsUrl, records = input.api.records } = {},
): Promise<ScenarioResult> {
	if (input.warmUp) await list(input, input.api.warmupUrl);
	const measured = await measure(() => list(input, baseUrl), input.cpuProfile);
	const { value, ...figures } = measured;
	const jsons = value.jsons();
	if (jsons.length !== records) {
		throw new Error(`${input.scenario}: ${jsons.length} items for ${records} records`);
	}
	return {
		scenario: input.scenario,
		...figures,
		records: jsons.length,
		outputBytes: serializedBytes(jsons),
		details: value.details,
	};
}

/** What a gateway counted during the measured run: requests, the most in flight, 429s, retries. */
function gatewayDetails(gateway: GatewayStats): Record<string, number> {
	return {
		requests: gateway.admitted + gateway.rejected,
		peakInFlight: gateway.peakInFlight,
		http429: gateway.rejected,
		earlyRetries: gateway.earlyRetries,
		honouredRetries: gateway.honouredRetries,
		apiLatencyP50Ms: Math.round(gateway.latencyP50Ms),
	};
}

/** Warm-up records of a latency scenario's in-process warm-up: a few pages, a few lookups. */
const LATENCY_WARM_UP_LOOKUPS = 40;

/**
 * A scenario against the remote API (the reads API behind the latency gateway), or for
 * `rateLimited` against the writes API behind the rate-limiting gateway. The warm-up runs the
 * same work on a smaller input (lookups: the first few; listings: the warm-up API, without latency);
 * the gateway's counters are reset before the measured run and read after it.
 */
async function remote(
	input: ScenarioInput,
	work: (baseUrl: string, cpfs: string[]) => Promise<ReadOutcome>,
	{ lookups = false, rateLimited = false } = {},
): Promise<ScenarioResult> {
	const adminUrl = rateLimited ? input.api.adminUrl : input.api.readsAdminUrl;
	const baseUrl = rateLimited ? input.api.writesUrl : input.api.remoteUrl;
	const statsPath = rateLimited ? '/stats' : '/remote/stats';
	const resetPath = rateLimited ? '/reset' : '/remote/reset';
	let cpfs: string[] = [];
	if (lookups) {
		// The writes API holds fewer records (--updates): half of them at most, all distinct CPFs.
		const count = rateLimited
			? Math.min(input.lookups, Math.floor(input.api.updates / 2))
			: input.lookups;
		const keys = await admin<{ cpfs: string[] }>(
			input,
			`/lookups?of=${rateLimited ? 'writes' : 'reads'}&count=${count}&repeat=${rateLimited ? 0 : input.repeatShare}&seed=${input.seed}`,
			'GET',
			adminUrl,
		);
		cpfs = keys.cpfs;
	}
	if (rateLimited && input.rateLimit) {
		const { maxInFlight, perSecond } = input.rateLimit;
		await admin(input, `/limits?maxInFlight=${maxInFlight}&perSecond=${perSecond}`, 'POST');
	}
	if (input.warmUp) {
		if (lookups) await work(baseUrl, cpfs.slice(0, LATENCY_WARM_UP_LOOKUPS));
		else await work(input.api.warmupUrl, []);
	}
	await admin(input, resetPath, 'POST', adminUrl);
	const expected = lookups ? cpfs.length : input.api.records;
	const measured = await measure(() => work(baseUrl, cpfs), input.cpuProfile);
	const { value, ...figures } = measured;
	const { gateway } = await admin<{ gateway: GatewayStats }>(input, statsPath, 'GET', adminUrl);
	const jsons = value.jsons();
	if (jsons.length !== expected) {
		throw new Error(`${input.scenario}: ${jsons.length} items for ${expected} expected`);
	}
	return {
		scenario: input.scenario,
		...figures,
		records: jsons.length,
		outputBytes: serializedBytes(jsons),
		details: {
			...value.details,
			...gatewayDetails(gateway),
			expected,
			...(!rateLimited && { latencyMs: input.api.latencyMs }),
		},
	};
}

/** Items the node marks `_update.applied: true`. */
function appliedCount(jsons: unknown[]): number {
	return jsons.filter(
		(json) => (json as { _update?: { applied?: unknown } })._update?.applied === true,
	).length;
}

async function write(
	input: ScenarioInput,
	update: (items: INodeExecutionData[]) => Promise<WriteOutcome>,
): Promise<ScenarioResult> {
	const { updateInput } = await import('./writes.mts');
	const codes = await admin<string[]>(input, `/codes?count=${input.updates}`);
	if (input.rateLimit) {
		const { maxInFlight, perSecond } = input.rateLimit;
		await admin(input, `/limits?maxInFlight=${maxInFlight}&perSecond=${perSecond}`, 'POST');
	}
	if (input.warmUp) {
		await update(updateInput(codes.slice(0, WRITE_WARM_UP_RECORDS), `${input.tag}-warm-up`));
	}
	await admin(input, '/reset', 'POST');
	const items = updateInput(codes, input.tag);
	const measured = await measure(() => update(items), input.cpuProfile);
	const { value, ...figures } = measured;
	const jsons = value.jsons();
	const { gateway, updatesStored } = await admin<{ gateway: GatewayStats; updatesStored: number }>(
		input,
		'/stats',
	);
	const verified = await admin<{ expected: number; updated: number; missing: string[] }>(
		input,
		`/verify?tag=${encodeURIComponent(input.tag)}&count=${codes.length}`,
	);
	return {
		scenario: input.scenario,
		...figures,
		records: verified.updated,
		outputBytes: serializedBytes(jsons),
		details: {
			...value.details,
			...(input.scenario.startsWith('node-') && { applied: appliedCount(jsons) }),
			expected: verified.expected,
			allUpdated: verified.updated === verified.expected,
			missing: verified.missing.join(' '),
			updatesStored,
			requests: gateway.admitted + gateway.rejected,
			http429: gateway.rejected,
			http429InFlight: gateway.rejectedInFlight,
			http429PerSecond: gateway.rejectedPerSecond,
			earlyRetries: gateway.earlyRetries,
			honouredRetries: gateway.honouredRetries,
			peakInFlight: gateway.peakInFlight,
			apiLatencyP50Ms: Math.round(gateway.latencyP50Ms),
			apiLatencyP95Ms: Math.round(gateway.latencyP95Ms),
			apiLatencyMaxMs: Math.round(gateway.latencyMaxMs),
		},
	};
}

// Each scenario loads only what it needs: the floor and the validator never load n8n.
async function run(input: ScenarioInput): Promise<ScenarioResult> {
	switch (input.scenario) {
		case 'node-get-many':
			return await read(input, (await import('./reads.mts')).nodeGetMany);
		case 'node-get-many-unvalidated': {
			const { nodeGetMany } = await import('./reads.mts');
			return await read(input, (scenarioInput, baseUrl) =>
				nodeGetMany(scenarioInput, baseUrl, { unvalidated: true }),
			);
		}
		case 'http-request-get-many':
			return await read(input, (await import('./reads.mts')).httpRequestGetMany);
		case 'floor-get-many':
			return await read(input, (await import('./floor.mts')).floorGetMany);
		case 'node-lookups':
		case 'node-lookups-rate-limited':
		case 'node-lookups-baseline': {
			const { nodeLookups } = await import('./reads.mts');
			const buildDir =
				input.scenario === 'node-lookups-baseline' ? input.baselineBuildDir : input.buildDir;
			return await remote(input, (url, cpfs) => nodeLookups(input, url, cpfs, buildDir), {
				lookups: true,
				rateLimited: input.scenario === 'node-lookups-rate-limited',
			});
		}
		case 'http-request-lookups': {
			const { httpRequestLookups } = await import('./reads.mts');
			return await remote(input, (url, cpfs) => httpRequestLookups(input, url, cpfs), {
				lookups: true,
			});
		}
		case 'floor-lookups': {
			const { floorLookups } = await import('./floor.mts');
			return await remote(input, (url, cpfs) => floorLookups(input, url, cpfs), {
				lookups: true,
			});
		}
		case 'node-get-many-pages':
		case 'node-get-many-cursor': {
			const { nodeGetMany } = await import('./reads.mts');
			const cursor = input.scenario === 'node-get-many-cursor';
			return await remote(input, (url) => nodeGetMany(input, url, { cursor }));
		}
		case 'http-request-get-many-pages':
		case 'http-request-get-many-cursor': {
			const { httpRequestGetMany } = await import('./reads.mts');
			const cursor = input.scenario === 'http-request-get-many-cursor';
			return await remote(input, (url) => httpRequestGetMany(input, url, { cursor }));
		}
		case 'floor-get-many-pages':
			return await remote(input, async (url) =>
				(await import('./floor.mts')).floorGetMany(input, url),
			);
		case 'floor-get-many-cursor':
			return await remote(input, async (url) =>
				(await import('./floor.mts')).floorCursor(input, url),
			);
		// The node's module is loaded first, as n8n has loaded it before the run starts, and its load time
		// reported apart; then one run, with nothing warmed up.
		case 'node-get-many-cold':
		case 'http-request-get-many-cold': {
			const reads = await import('./reads.mts');
			const node = input.scenario === 'node-get-many-cold';
			const loadStarted = performance.now();
			if (node) await loadNodeClass(input.buildDir);
			else void loadN8nNodesBase().httpRequest;
			const loadMs = performance.now() - loadStarted;
			const result = await read(
				{ ...input, warmUp: false },
				node ? reads.nodeGetMany : reads.httpRequestGetMany,
				{ baseUrl: input.api.coldUrl, records: input.api.coldRecords },
			);
			return { ...result, details: { ...result.details, moduleLoadMs: Math.round(loadMs) } };
		}
		case 'node-update': {
			const { nodeUpdate } = await import('./writes.mts');
			return await write(input, (items) => nodeUpdate(input, items, input.concurrency));
		}
		case 'node-update-without-read': {
			const { nodeUpdate } = await import('./writes.mts');
			return await write(input, (items) =>
				nodeUpdate(input, items, input.concurrency, { readBeforeWrite: false }),
			);
		}
		case 'node-update-rate-limited': {
			const { nodeUpdate } = await import('./writes.mts');
			return await write(input, (items) => nodeUpdate(input, items, input.concurrency));
		}
		case 'node-update-one-at-a-time': {
			const { nodeUpdate } = await import('./writes.mts');
			return await write(input, (items) => nodeUpdate(input, items, 1));
		}
		case 'http-request-update-one-at-a-time': {
			const { httpRequestUpdate } = await import('./writes.mts');
			return await write(input, (items) => httpRequestUpdate(input, items));
		}
		case 'validation-alone': {
			const { validationAlone } = await import('./validationAlone.mts');
			const figures = await validationAlone(input.api.records, input.seed, input.buildDir);
			return {
				scenario: input.scenario,
				wallMs: figures.medianMs,
				cpuMs: Number.NaN,
				records: figures.records,
				outputBytes: 0,
				maxRssBytes: process.resourceUsage().maxRSS * 1024,
				baselineRssBytes: 0,
				peakHeapUsedBytes: 0,
				baselineHeapUsedBytes: 0,
				retainedHeapBytes: 0,
				peakHeapTotalBytes: 0,
				peakExternalBytes: 0,
				details: figures,
			};
		}
	}
}

const input = JSON.parse(process.argv[2] ?? '') as ScenarioInput;
const result = await run(input);
process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
// Keep-alive sockets and n8n-core's timers would keep the child alive.
process.exit(0);
