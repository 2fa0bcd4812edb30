/**
 * The orchestrator's child processes: the API process, one process per measured scenario run, and
 * the validation team's script. Every child runs on this Node with tsx; scenario children also get
 * --expose-gc (for the memory baseline) and the n8n-workflow resolve hook.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import type { ApiEndpoints } from '../api/apiProcess.mts';
import { RESULT_MARKER, type ScenarioInput, type ScenarioResult } from './types.mts';

export interface ApiProcess {
	endpoints: ApiEndpoints;
	stop(): Promise<void>;
}

const READY_MARKER = '@@ready ';

/** Collects a child's stdout lines; resolves with the first line starting with `marker`. */
function lineWith(child: ChildProcess, marker: string, echo: boolean): Promise<string> {
	return new Promise((resolve, reject) => {
		let buffered = '';
		let found: string | undefined;
		child.stdout?.setEncoding('utf8');
		child.stdout?.on('data', (chunk: string) => {
			buffered += chunk;
			let newline: number;
			while ((newline = buffered.indexOf('\n')) >= 0) {
				const line = buffered.slice(0, newline);
				buffered = buffered.slice(newline + 1);
				if (found === undefined && line.startsWith(marker)) {
					found = line.slice(marker.length);
					resolve(found);
				} else if (echo && line.trim()) process.stdout.write(`    | ${line}\n`);
			}
		});
		child.once('error', reject);
		child.once('exit', (code, signal) => {
			if (found === undefined)
				reject(new Error(`exited with ${signal ?? `code ${code}`} before reporting`));
		});
	});
}

/** Every child runs its .mts with tsx's loader (resolved from the repo root, the children's cwd). */
const TSX = ['--import', 'tsx'];

/**
 * Two API processes: one serves the reads (and their warm-up), the other the writes behind the
 * rate-limiting gateway (and the admin endpoints), so that what a write scenario leaves behind in its
 * API process (heap, sockets) cannot slow the reads that follow it.
 */
export async function startApiProcesses(
	repoRoot: string,
	args: Record<string, number> & { records: number; 'warmup-records': number; updates: number },
	env: NodeJS.ProcessEnv,
): Promise<ApiProcess> {
	const [reads, writes] = await Promise.all([
		startApiProcess(repoRoot, { ...args, updates: 1 }, env),
		startApiProcess(
			repoRoot,
			{ ...args, records: 1, 'warmup-records': 1, 'cold-records': 1, latency: 0 },
			env,
		),
	]);
	return {
		endpoints: {
			...writes.endpoints,
			readsUrl: reads.endpoints.readsUrl,
			remoteUrl: reads.endpoints.remoteUrl,
			readsAdminUrl: reads.endpoints.readsAdminUrl,
			latencyMs: reads.endpoints.latencyMs,
			coldUrl: reads.endpoints.coldUrl,
			coldRecords: reads.endpoints.coldRecords,
			warmupUrl: reads.endpoints.warmupUrl,
			records: reads.endpoints.records,
			warmupRecords: reads.endpoints.warmupRecords,
		},
		stop: async () => {
			await Promise.all([reads.stop(), writes.stop()]);
		},
	};
}

async function startApiProcess(
	repoRoot: string,
	args: Record<string, number>,
	env: NodeJS.ProcessEnv,
): Promise<ApiProcess> {
	const flags = Object.entries(args).flatMap(([name, value]) => [`--${name}`, String(value)]);
	const child = spawn(
		process.execPath,
		[...TSX, join(repoRoot, 'bench/api/apiProcess.mts'), ...flags],
		{ cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const endpoints = JSON.parse(await lineWith(child, READY_MARKER, true)) as ApiEndpoints;
	return {
		endpoints,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}),
	};
}

export async function runScenarioChild(
	repoRoot: string,
	input: ScenarioInput,
	env: NodeJS.ProcessEnv,
): Promise<ScenarioResult> {
	const child = spawn(
		process.execPath,
		[
			...TSX,
			'--import',
			join(repoRoot, 'bench/engine/register.mts'),
			'--expose-gc',
			// For investigation only (e.g. --trace-gc): extra V8/Node flags of the measured children.
			...(process.env.BENCH_CHILD_FLAGS?.split(' ').filter(Boolean) ?? []),
			join(repoRoot, 'bench/scenarios/scenario.mts'),
			JSON.stringify(input),
		],
		{ cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'inherit'] },
	);
	return JSON.parse(await lineWith(child, RESULT_MARKER, true)) as ScenarioResult;
}

/** Runs a script to its end and returns its stdout. */
export function runScript(
	repoRoot: string,
	script: string,
	env: NodeJS.ProcessEnv,
	args: string[] = [],
): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [...TSX, join(repoRoot, script), ...args], {
			cwd: repoRoot,
			env,
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let output = '';
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk: string) => (output += chunk));
		child.once('error', reject);
		child.once('exit', (code) =>
			code === 0 ? resolve(output) : reject(new Error(`${script} exited with code ${code}`)),
		);
	});
}
