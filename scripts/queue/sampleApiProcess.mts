/**
 * The sample customer API (test/sample-api/cli.mts) as its own loopback process, the way an ERP sits
 * outside n8n: the suite reads what it counted from `GET /stats`.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

import { REPO_ROOT } from '../n8n-runtime/n8n.mts';
import type { SampleApi } from '../../test/sample-api/server.mts';
import type { SampleApiStats } from '../../test/sample-api/stats.mts';

export interface SampleApiProcessOptions {
	records: number;
	/** Access tokens expire after this many API requests. */
	tokenTtlRequests?: number;
	latencyMs?: number;
	/** `/api` requests accepted per second; the rest get 429 with Retry-After. */
	rateLimit?: number;
}

export interface SampleApiProcess {
	/** Base URL including `/api` (plain http on 127.0.0.1). */
	url: string;
	origin: string;
	credentials: SampleApi['credentials'];
	pid: number | undefined;
	stats(): Promise<SampleApiStats>;
	stop(): Promise<void>;
}

export async function startSampleApiProcess(
	options: SampleApiProcessOptions,
): Promise<SampleApiProcess> {
	const args = ['--port', '0', '--no-tls', '--json', '--records', String(options.records)];
	if (options.tokenTtlRequests) args.push('--token-ttl-requests', String(options.tokenTtlRequests));
	if (options.latencyMs) args.push('--latency', String(options.latencyMs));
	if (options.rateLimit) args.push('--rate-limit', String(options.rateLimit));
	// `node --import tsx`, not the tsx command: one process (tsx's command runs the script in a child).
	const child = spawn(
		process.execPath,
		['--import', 'tsx', join(REPO_ROOT, 'test', 'sample-api', 'cli.mts'), ...args],
		{ cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
		await exited;
		clearTimeout(timer);
	};

	const firstLine = await new Promise<string>((resolve, reject) => {
		const lines = createInterface({ input: child.stdout });
		const timer = setTimeout(
			() => reject(new Error(`The sample API did not start:\n${stderr}`)),
			60_000,
		);
		lines.once('line', (line) => {
			clearTimeout(timer);
			resolve(line);
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`The sample API exited with ${code}:\n${stderr}`));
		});
	}).catch(async (error: unknown) => {
		await stop();
		throw error;
	});
	// cli.mts --json: { url, origin, basic, oauth, ... }
	const started = JSON.parse(firstLine) as Pick<SampleApiProcess, 'url' | 'origin'> &
		SampleApi['credentials'];
	return {
		url: started.url,
		origin: started.origin,
		credentials: { basic: started.basic, oauth: started.oauth },
		pid: child.pid,
		stats: async () => {
			const response = await fetch(`${started.origin}/stats`);
			return (await response.json()) as SampleApiStats;
		},
		stop,
	};
}
