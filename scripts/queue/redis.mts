/**
 * Redis for n8n's queue mode: Debian's `redis-server`, installed with apt-get when it is missing (as root,
 * as CI runs), started on a free loopback port with no persistence.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { userInfo } from 'node:os';
import { delimiter, join } from 'node:path';

import { freePort } from '../n8n-runtime/n8n.mts';

export interface RunningRedis {
	host: string;
	port: number;
	pid: number | undefined;
	stop(): Promise<void>;
}

function findOnPath(command: string): string | undefined {
	const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin'];
	return dirs.map((dir) => join(dir, command)).find((path) => existsSync(path));
}

function aptGet(args: string[]): void {
	const result = spawnSync('apt-get', args, {
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		stdio: 'pipe',
	});
	if (result.status !== 0) {
		throw new Error(`apt-get ${args.join(' ')} failed:\n${result.stderr.toString().slice(-2000)}`);
	}
}

/** The path of `redis-server`; installs Debian's package first when it is missing and we are root. */
export function ensureRedisServer(): string {
	const found = findOnPath('redis-server');
	if (found) return found;
	if (userInfo().uid !== 0 || !findOnPath('apt-get')) {
		throw new Error(
			'redis-server is not installed. Install it (Debian/Ubuntu: sudo apt-get install redis-server) or run as root.',
		);
	}
	const install = ['install', '-y', '--no-install-recommends', 'redis-server'];
	try {
		aptGet(install);
	} catch {
		aptGet(['update']);
		aptGet(install);
	}
	const installed = findOnPath('redis-server');
	if (!installed) throw new Error('apt-get installed redis-server, but it is not on the PATH');
	return installed;
}

async function answersPing(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1_000, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
	});
}

export async function startRedis(dir: string): Promise<RunningRedis> {
	const binary = ensureRedisServer();
	const port = await freePort();
	const child = spawn(
		binary,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
		await exited;
		clearTimeout(timer);
	};
	const deadline = Date.now() + 20_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`redis-server exited:\n${output.slice(-2000)}`);
		if (await answersPing(port)) return { host: '127.0.0.1', port, pid: child.pid, stop };
		await new Promise((wait) => setTimeout(wait, 200));
	}
	await stop();
	throw new Error(`redis-server did not answer on port ${port}:\n${output.slice(-2000)}`);
}
