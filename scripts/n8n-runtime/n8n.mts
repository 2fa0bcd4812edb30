/**
 * Drives the real n8n installed by scripts/n8n-runtime/install.sh (n8n 2.41.1 on its own Node 24) from
 * Node 20 tooling: the e2e tests, `npm start` and `npm run demo`.
 *
 * Every n8n process gets its whole configuration from n8nEnv(): inherited N8N_* and DB_* variables are
 * dropped so a developer's shell cannot change what a test sees.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IRun } from 'n8n-workflow';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const RUNTIME_DIR = process.env.N8N_RUNTIME_DIR ?? join(REPO_ROOT, '.n8n-runtime');

const RUNTIME_BIN_DIR = join(RUNTIME_DIR, 'node_modules', '.bin');
const NODE24 = join(RUNTIME_BIN_DIR, 'node');
const N8N_ENTRY = join(RUNTIME_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
const INSTALL_INFO = join(RUNTIME_DIR, 'install-info.json');

/** Fixed so that credentials imported by one command decrypt in the next; guards nothing real. */
export const TEST_ENCRYPTION_KEY = 'customer-integration-local-n8n-not-a-secret';

export interface N8nOwner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

/** The login `npm start` prints. Local demo only: the instance listens on 127.0.0.1. */
export const DEMO_OWNER: N8nOwner = {
	email: 'demo@example.com',
	password: 'Demo-Passw0rd',
	firstName: 'Demo',
	lastName: 'Owner',
};

export interface RuntimeInfo {
	n8nVersion: string;
	nodeVersion: string;
	expressionEngine: 'vm' | 'legacy';
	installSeconds: number;
}

export class N8nRuntimeMissingError extends Error {
	constructor() {
		super(`The n8n runtime is not installed in ${RUNTIME_DIR}: run scripts/n8n-runtime/install.sh`);
		this.name = 'N8nRuntimeMissingError';
	}
}

export function isRuntimeInstalled(): boolean {
	return existsSync(INSTALL_INFO) && existsSync(N8N_ENTRY) && existsSync(NODE24);
}

export function runtimeInfo(): RuntimeInfo {
	if (!isRuntimeInstalled()) throw new N8nRuntimeMissingError();
	return JSON.parse(readFileSync(INSTALL_INFO, 'utf8')) as RuntimeInfo;
}

/**
 * n8n's task broker listens on N8N_RUNNERS_BROKER_PORT (default 5679) during `execute` and `start`, so
 * parallel runs collide. Unless the caller picks one, each user folder gets its own port in 20000-29999.
 */
function brokerPortFor(userFolder: string): string {
	const hash = createHash('sha256').update(resolve(userFolder)).digest();
	return String(20000 + (hash.readUInt32BE(0) % 10000));
}

export function n8nEnv(
	userFolder: string,
	extra: Record<string, string | undefined> = {},
): NodeJS.ProcessEnv {
	const inherited = Object.fromEntries(
		Object.entries(process.env).filter(
			([name]) => !/^(N8N_|DB_|NODE_OPTIONS$|NODE_ENV$|npm_)/.test(name),
		),
	);
	const env: NodeJS.ProcessEnv = {
		...inherited,
		// vitest sets NODE_ENV=test, and under it `n8n execute` silently does nothing and exits 0.
		NODE_ENV: 'production',
		PATH: [RUNTIME_BIN_DIR, process.env.PATH].filter(Boolean).join(delimiter),
		N8N_USER_FOLDER: resolve(userFolder),
		N8N_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		// `execute` prints its result through the logger at level info: at warn the JSON never appears.
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_RUNNERS_BROKER_PORT: brokerPortFor(userFolder),
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		// Defaults to false in n8n v3; our package is not on n8n's verified list.
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// The editor is served over plain http://localhost.
		N8N_SECURE_COOKIE: 'false',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		// Its only outbound call at startup (api.n8n.io/api/mcp-servers) fails offline with a stack trace.
		N8N_DISABLED_MODULES: 'mcp-registry',
		// With the default 'vm' engine, CLI commands died of SIGSEGV after printing their result in 3 to 6
		// runs out of 10: BaseCommand.finally() calls process.exit() with isolated-vm isolates still alive
		// (only exitSuccessFully() disposes them). 'legacy' is also the engine of the in-process test harness.
		// startN8n() switches back to the engine the installer verified.
		N8N_EXPRESSION_ENGINE: 'legacy',
	};
	for (const [name, value] of Object.entries(extra)) {
		if (value === undefined) delete env[name];
		else env[name] = value;
	}
	return env;
}

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
	durationMs: number;
}

export class N8nCliError extends Error {
	constructor(
		message: string,
		readonly result: CliResult,
	) {
		super(
			`${message}\n--- stdout (end) ---\n${tail(result.stdout)}\n--- stderr (end) ---\n${tail(result.stderr)}`,
		);
		this.name = 'N8nCliError';
	}
}

function tail(text: string, lines = 40): string {
	return text.split('\n').slice(-lines).join('\n');
}

/**
 * Runs `n8n <args>` on the runtime's Node 24. Output goes to files, not pipes: n8n calls process.exit()
 * right after printing, and a large result written to a pipe was seen cut off.
 */
export async function runN8n(
	args: string[],
	env: NodeJS.ProcessEnv,
	options: { timeoutMs?: number } = {},
): Promise<CliResult> {
	if (!isRuntimeInstalled()) throw new N8nRuntimeMissingError();
	const timeoutMs = options.timeoutMs ?? 180_000;
	const outputDir = await mkdtemp(join(tmpdir(), 'n8n-cli-'));
	const stdoutFile = await open(join(outputDir, 'stdout'), 'w');
	const stderrFile = await open(join(outputDir, 'stderr'), 'w');
	const startedAt = Date.now();
	try {
		const child = spawn(NODE24, [N8N_ENTRY, ...args], {
			env,
			cwd: env.N8N_USER_FOLDER ?? process.cwd(),
			stdio: ['ignore', stdoutFile.fd, stderrFile.fd],
			detached: true,
		});
		const code = await waitForExit(child, timeoutMs);
		const result: CliResult = {
			code: code ?? -1,
			stdout: await readFile(join(outputDir, 'stdout'), 'utf8'),
			stderr: await readFile(join(outputDir, 'stderr'), 'utf8'),
			durationMs: Date.now() - startedAt,
		};
		if (code === null) {
			throw new N8nCliError(`n8n ${args.join(' ')} did not finish within ${timeoutMs} ms`, result);
		}
		return result;
	} finally {
		await stdoutFile.close();
		await stderrFile.close();
		await rm(outputDir, { recursive: true, force: true });
	}
}

/** Resolves with the exit code, or null after killing the process group on timeout. */
async function waitForExit(child: ChildProcess, timeoutMs: number): Promise<number | null> {
	return await new Promise((resolvePromise, reject) => {
		const timer = setTimeout(() => {
			killGroup(child, 'SIGKILL');
			resolvePromise(null);
		}, timeoutMs);
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			resolvePromise(code ?? (signal ? 128 : -1));
		});
	});
}

/** n8n spawns a task runner; the child is its own group leader so the runner goes with it. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// Already gone.
	}
}

async function runOrThrow(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
	const result = await runN8n(args, env);
	if (result.code !== 0) {
		throw new N8nCliError(`n8n ${args.join(' ')} exited with code ${result.code}`, result);
	}
	return result;
}

/** A file or folder argument is used as is; JSON values are written to a temporary file first. */
async function withInputPath<T>(
	input: string | object,
	use: (path: string, isDirectory: boolean) => Promise<T>,
): Promise<T> {
	if (typeof input === 'string') {
		const path = resolve(input);
		return await use(path, statSync(path).isDirectory());
	}
	const dir = await mkdtemp(join(tmpdir(), 'n8n-import-'));
	try {
		const file = join(dir, 'input.json');
		await writeFile(file, JSON.stringify(input));
		return await use(file, false);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

/**
 * `data` may be plain JSON: n8n encrypts it with N8N_ENCRYPTION_KEY on import. Re-importing an id replaces
 * the credential, including any OAuth2 token n8n stored in it.
 */
export async function importCredentials(
	env: NodeJS.ProcessEnv,
	credentials: string | object[],
): Promise<CliResult> {
	return await withInputPath(credentials, async (path, isDirectory) =>
		runOrThrow(
			['import:credentials', `--input=${path}`, ...(isDirectory ? ['--separate'] : [])],
			env,
		),
	);
}

/** A workflow file, a folder of workflow files, or workflow JSON (one or an array). Keep fixed ids. */
export async function importWorkflows(
	env: NodeJS.ProcessEnv,
	workflows: string | object | object[],
): Promise<CliResult> {
	return await withInputPath(workflows, async (path, isDirectory) =>
		runOrThrow(['import:workflow', `--input=${path}`, ...(isDirectory ? ['--separate'] : [])], env),
	);
}

export interface ExecutionResult extends CliResult {
	/** Undefined when n8n printed no run (for example when the workflow id does not exist). */
	run: IRun | undefined;
}

/** Runs `n8n execute --id` and returns the run, whatever its outcome. */
export async function executeWorkflowRaw(
	env: NodeJS.ProcessEnv,
	workflowId: string,
): Promise<ExecutionResult> {
	const result = await runN8n(['execute', `--id=${workflowId}`, '--rawOutput'], env);
	return { ...result, run: parseRun(result.stdout) };
}

/** Runs `n8n execute --id` and returns the run; throws unless n8n exited 0 with a successful run. */
export async function executeWorkflow(env: NodeJS.ProcessEnv, workflowId: string): Promise<IRun> {
	const result = await executeWorkflowRaw(env, workflowId);
	if (result.code !== 0 || result.run?.status !== 'success') {
		throw new N8nCliError(
			`Workflow ${workflowId} did not succeed (exit code ${result.code}, status ${result.run?.status})`,
			result,
		);
	}
	return result.run;
}

/** Log lines come first on stdout; the run is the JSON from the first line that is exactly `{`. */
export function parseRun(stdout: string): IRun | undefined {
	const lines = stdout.split('\n');
	const start = lines.indexOf('{');
	if (start === -1) return undefined;
	const end = lines.lastIndexOf('}');
	if (end < start) return undefined;
	return JSON.parse(lines.slice(start, end + 1).join('\n')) as IRun;
}

/** Items a node emitted on its first output in its first run. */
export function nodeOutput(run: IRun, nodeName: string): Array<Record<string, unknown>> {
	const taskData = run.data.resultData.runData[nodeName]?.[0];
	if (!taskData) throw new Error(`Node "${nodeName}" did not run`);
	return (taskData.data?.main?.[0] ?? []).map((item) => item.json);
}

export interface InstalledPackage {
	name: string;
	version: string;
	directory: string;
}

/**
 * Installs the built package (its `dist/` must exist: `npm run build`) into $N8N_USER_FOLDER/.n8n/nodes the
 * way n8n 2.41's own community-package installer does (CommunityPackagesService.downloadPackage): unpack
 * the `npm pack` tarball into nodes/node_modules/<name>, drop dev, peer and optional dependencies, install
 * the remaining dependencies without scripts, and record the package in nodes/package.json. Node types
 * are then `<package name>.<node name>`, as users see them. n8n-workflow is not installed: n8n puts its
 * own modules on the resolution path of community packages.
 */
export async function installPackageIntoUserFolder(
	userFolder: string,
	options: { packageDir?: string } = {},
): Promise<InstalledPackage> {
	const packageDir = resolve(options.packageDir ?? REPO_ROOT);
	if (!existsSync(join(packageDir, 'dist'))) {
		throw new Error(`${packageDir}/dist does not exist: run \`npm run build\` first`);
	}
	const nodesDir = join(resolve(userFolder), '.n8n', 'nodes');
	const packDir = await mkdtemp(join(tmpdir(), 'n8n-pack-'));
	try {
		const packed = await runCommand(
			'npm',
			['pack', '--json', '--ignore-scripts', `--pack-destination=${packDir}`],
			packageDir,
		);
		const [{ name, version, filename }] = JSON.parse(packed) as Array<{
			name: string;
			version: string;
			filename: string;
		}>;
		const directory = join(nodesDir, 'node_modules', name);
		await rm(directory, { recursive: true, force: true });
		await mkdir(directory, { recursive: true });
		await runCommand(
			'tar',
			['-xzf', join(packDir, filename), '-C', directory, '--strip-components=1'],
			packDir,
		);

		const manifestPath = join(directory, 'package.json');
		const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
		delete manifest.devDependencies;
		delete manifest.peerDependencies;
		delete manifest.optionalDependencies;
		await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
		if (Object.keys((manifest.dependencies as object | undefined) ?? {}).length > 0) {
			await runCommand(
				'npm',
				[
					'install',
					'--audit=false',
					'--fund=false',
					'--bin-links=false',
					'--install-strategy=shallow',
					'--ignore-scripts=true',
					'--package-lock=false',
				],
				directory,
			);
		}

		const nodesManifestPath = join(nodesDir, 'package.json');
		const nodesManifest = existsSync(nodesManifestPath)
			? (JSON.parse(await readFile(nodesManifestPath, 'utf8')) as {
					dependencies?: Record<string, string>;
				})
			: { name: 'installed-nodes', private: true, dependencies: {} };
		nodesManifest.dependencies = { ...nodesManifest.dependencies, [name]: version };
		await writeFile(nodesManifestPath, JSON.stringify(nodesManifest, null, 2));
		return { name, version, directory };
	} finally {
		await rm(packDir, { recursive: true, force: true });
	}
}

async function runCommand(command: string, args: string[], cwd: string): Promise<string> {
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')),
	);
	return await new Promise((resolvePromise, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.once('error', reject);
		child.once('close', (code) => {
			if (code === 0) resolvePromise(stdout);
			else
				reject(new Error(`${command} ${args.join(' ')} exited with ${code} in ${cwd}:\n${stderr}`));
		});
	});
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
	return await new Promise((resolvePromise, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => {
				if (address && typeof address === 'object') resolvePromise(address.port);
				else reject(new Error('No port assigned'));
			});
		});
	});
}

/** bcrypt, with the bcryptjs that n8n itself uses (pure JS, so it loads on Node 20 too). */
function bcryptHash(password: string): string {
	const requireFromRuntime = createRequire(
		join(RUNTIME_DIR, 'node_modules', 'n8n', 'package.json'),
	);
	const bcrypt = requireFromRuntime('bcryptjs') as {
		hashSync(text: string, rounds: number): string;
	};
	return bcrypt.hashSync(password, 10);
}

/**
 * n8n 2.41 creates the owner at `start` from these variables (OwnerInstanceSettingsLoader), overwriting any
 * existing owner, so the login is known on a fresh and on a reused user folder alike.
 */
export function ownerEnv(owner: N8nOwner): Record<string, string> {
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcryptHash(owner.password),
	};
}

export interface RunningN8n {
	url: string;
	process: ChildProcess;
	/** Everything n8n printed so far (stdout and stderr interleaved). */
	logs(): string;
	/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
	stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
	/**
	 * The n8n command and its arguments; default `['start']`. For `['worker', ...]` the port is the
	 * worker's health server (QUEUE_HEALTH_CHECK_PORT), whose /healthz/readiness is polled the same way.
	 */
	command?: string[];
	/** Extra environment, applied last (see n8nEnv). */
	env?: Record<string, string | undefined>;
	/** Creates or overwrites the owner account; omit to leave user management as n8n has it. */
	owner?: N8nOwner;
	/** Forward n8n's output to this process's stdout as it comes. */
	echo?: boolean;
	timeoutMs?: number;
}

/** `n8n start` (or `options.command`) on 127.0.0.1:<port>; resolves once /healthz/readiness answers 200. */
export async function startN8n(
	userFolder: string,
	port: number,
	options: StartOptions = {},
): Promise<RunningN8n> {
	if (!isRuntimeInstalled()) throw new N8nRuntimeMissingError();
	const command = options.command ?? ['start'];
	const env = n8nEnv(userFolder, {
		N8N_PORT: String(port),
		// A worker's health server is the readiness URL polled below.
		...(command[0] === 'worker'
			? {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(port),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				}
			: {}),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		// What users get by default; `start` shuts down through the path that disposes the isolates.
		N8N_EXPRESSION_ENGINE: runtimeInfo().expressionEngine,
		...(options.owner ? ownerEnv(options.owner) : {}),
		...options.env,
	});
	const child = spawn(NODE24, [N8N_ENTRY, ...command], {
		env,
		cwd: env.N8N_USER_FOLDER,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	const collect = (chunk: Buffer) => {
		output += chunk.toString();
		if (options.echo) process.stdout.write(chunk);
	};
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));

	const stop = async (graceMs = 10_000) => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		killGroup(child, 'SIGTERM');
		const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
		await exited;
		clearTimeout(timer);
		// The task runner is in the same group; make sure nothing of it is left.
		killGroup(child, 'SIGKILL');
	};

	const url = `http://localhost:${port}`;
	const deadline = Date.now() + (options.timeoutMs ?? 180_000);
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(
				`n8n ${command[0]} exited with ${child.exitCode ?? child.signalCode}:\n${tail(output)}`,
			);
		}
		if (await isReady(`http://127.0.0.1:${port}/healthz/readiness`)) {
			return { url, process: child, logs: () => output, stop };
		}
		await new Promise((wait) => setTimeout(wait, 500));
	}
	await stop();
	throw new Error(`n8n ${command[0]} did not become ready on port ${port}:\n${tail(output)}`);
}

async function isReady(readinessUrl: string): Promise<boolean> {
	try {
		const response = await fetch(readinessUrl, { signal: AbortSignal.timeout(2_000) });
		return response.status === 200;
	} catch {
		return false;
	}
}

/** Logs in through the REST API as the editor does; resolves with the session cookie. */
export async function login(
	url: string,
	owner: Pick<N8nOwner, 'email' | 'password'>,
): Promise<string> {
	const response = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': 'customer-integration-scripts' },
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
	});
	if (response.status !== 200) {
		throw new Error(`Login as ${owner.email} failed with HTTP ${response.status}`);
	}
	const cookie = response.headers.get('set-cookie');
	if (!cookie) throw new Error('Login succeeded without a session cookie');
	return cookie.split(';')[0];
}
