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
import { RESULT_MARKER, type ScenarioInput, type ScenarioResult } from '../lib/types.mts';
import type { ReadOutcome } from './floor.mts';
import { measure, serializedBytes } from './measure.mts';
import type { WriteOutcome } from './writes.mts';

/** Records of the warm-up run of a write scenario (on the same API, which is reset afterwards). */
const WRITE_WARM_UP_RECORDS = 200;

async function admin<T>(input: ScenarioInput, path: string, method = 'GET'): Promise<T> {
	const response = await fetch(`${input.api.adminUrl}${path}`, { method });
	if (!response.ok) throw new Error(`admin ${path}: HTTP ${response.status}`);
	return (await response.json()) as T;
}

async function read(
	input: ScenarioInput,
	list: (input: ScenarioInput, baseUrl: string) => Promise<ReadOutcome>,
): Promise<ScenarioResult> {
	if (input.warmUp) await list(input, input.api.warmupUrl);
	const measured = await measure(() => list(input, input.api.readsUrl), input.cpuProfile);
	const { value, ...figures } = measured;
	const jsons = value.jsons();
	if (jsons.length !== input.api.records) {
		throw new Error(`${input.scenario}: ${jsons.length} items for ${input.api.records} records`);
	}
	return {
		scenario: input.scenario,
		...figures,
		records: jsons.length,
		outputBytes: serializedBytes(jsons),
		details: value.details,
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
