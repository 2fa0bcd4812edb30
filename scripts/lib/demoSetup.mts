/**
 * What `npm start` and `npm run demo` share: build the package, install the real n8n, install the package
 * into an n8n user folder under <repo>/.demo/ as a community package, start the HTTPS sample API and
 * import the demo credentials and workflows from demo/.
 *
 * Every slow step remembers what it did (hashes in a state file next to the user folder) and is skipped
 * when nothing changed, so a second run only pays for starting n8n.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';

import {
	freePort,
	importCredentials,
	importWorkflows,
	installPackageIntoUserFolder,
	n8nEnv,
	REPO_ROOT,
	runtimeInfo,
} from '../n8n-runtime/n8n.mts';
import { startChatModelStub, type ChatModelStub } from '../../test/sample-api/chatModel.mts';
import { startSampleApi, type SampleApi } from '../../test/sample-api/server.mts';

export const DEMO_DIR = join(REPO_ROOT, '.demo');
export const DEMO_TEMPLATES_DIR = join(REPO_ROOT, 'demo');
const CERTS_DIR = join(DEMO_DIR, 'certs');
const BUILD_STATE = join(DEMO_DIR, 'build-state.json');

/** Customers the demo API serves: enough for three pages of 50 and a handful of invalid records. */
export const DEMO_RECORDS = 150;

/** Workflow ids of demo/workflows/*.json, in the order the demo runs them. */
export const DEMO_WORKFLOWS = {
	lookupByCpf: 'demoLookupByCpf',
	listAll: 'demoListAllCustomers',
	updatePhone: 'demoUpdatePhone',
	routeInvalid: 'demoRouteInvalid',
	aiAgent: 'demoAiAgentLookup',
} as const;

const startedAt = Date.now();

/** One progress line, with the seconds since the script started. */
export function step(message: string): void {
	const seconds = ((Date.now() - startedAt) / 1000).toFixed(1).padStart(5);
	process.stdout.write(`[${seconds}s] ${message}\n`);
}

async function run(command: string, args: string[], options: { quiet?: boolean } = {}) {
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')),
	);
	await new Promise<void>((resolvePromise, reject) => {
		const child = spawn(command, args, {
			cwd: REPO_ROOT,
			env,
			stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
		});
		let output = '';
		child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.once('error', reject);
		child.once('exit', (code) => {
			if (code === 0) resolvePromise();
			else reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${output}`));
		});
	});
}

async function readJson<T>(path: string, fallback: T): Promise<T> {
	try {
		return JSON.parse(await readFile(path, 'utf8')) as T;
	} catch {
		return fallback;
	}
}

function hashFiles(paths: string[]): string {
	const hash = createHash('sha256');
	for (const path of paths.sort()) {
		hash.update(relative(REPO_ROOT, path)).update('\0').update(readFileSync(path)).update('\0');
	}
	return hash.digest('hex');
}

function filesUnder(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.map((name) => join(dir, name))
		.filter((path) => statSync(path).isFile());
}

/** The n8n runtime (Node 24 + n8n 2.41.1); idempotent, milliseconds when already installed. */
export async function ensureRuntime(): Promise<void> {
	const installer = join(REPO_ROOT, 'scripts', 'n8n-runtime', 'install.sh');
	try {
		await run('bash', [installer, '--check'], { quiet: true });
	} catch {
		step(
			'Installing the n8n runtime (n8n 2.41.1 + Node 24) into .n8n-runtime/. The first time this takes ' +
				'5 to 15 minutes and about 2.8 GB of disk; later runs skip it.',
		);
		await run('bash', [installer]);
	}
	const info = runtimeInfo();
	step(`n8n ${info.n8nVersion} on Node ${info.nodeVersion} is installed`);
}

/** `npm run build`, unless the sources are the ones the current dist/ was built from. */
export async function buildPackage(options: { force?: boolean } = {}): Promise<void> {
	const sources = [
		...filesUnder(join(REPO_ROOT, 'nodes')),
		...filesUnder(join(REPO_ROOT, 'credentials')),
		...['index.ts', 'package.json', 'tsconfig.json'].map((name) => join(REPO_ROOT, name)),
	];
	const sourceHash = hashFiles(sources);
	const state = await readJson<{ sourceHash?: string }>(BUILD_STATE, {});
	if (!options.force && state.sourceHash === sourceHash && existsSync(join(REPO_ROOT, 'dist'))) {
		step('Package build is up to date (sources unchanged since the last build)');
		return;
	}
	step('Building the package (npm run build)');
	await run('npm', ['run', 'build', '--silent'], { quiet: true });
	await mkdir(DEMO_DIR, { recursive: true });
	await writeFile(BUILD_STATE, JSON.stringify({ sourceHash }, null, 2));
	step('Package built into dist/');
}

interface FolderState {
	distHash?: string;
	importHash?: string;
}

function folderStatePath(userFolder: string): string {
	return join(userFolder, 'demo-state.json');
}

/** Installs dist/ into the user folder as a community package when it differs from the installed one. */
export async function installPackage(userFolder: string): Promise<void> {
	await mkdir(userFolder, { recursive: true });
	const distHash = hashFiles([
		...filesUnder(join(REPO_ROOT, 'dist')).filter((path) => !path.endsWith('.tsbuildinfo')),
		join(REPO_ROOT, 'package.json'),
	]);
	const state = await readJson<FolderState>(folderStatePath(userFolder), {});
	const installed = join(
		userFolder,
		'.n8n',
		'nodes',
		'node_modules',
		'n8n-nodes-customer-integration',
	);
	if (state.distHash === distHash && existsSync(installed)) {
		step('Community package already installed in the n8n user folder (dist unchanged)');
		return;
	}
	step(
		`Installing the package into ${relative(REPO_ROOT, userFolder)}/.n8n/nodes (npm pack + unpack)`,
	);
	const { name, version } = await installPackageIntoUserFolder(userFolder);
	await writeFile(folderStatePath(userFolder), JSON.stringify({ ...state, distHash }, null, 2));
	step(`Installed ${name}@${version} as a community package`);
}

/** The preferred port when it is free (a stable port lets a rerun skip the imports), else any free one. */
export async function choosePort(preferred: number): Promise<number> {
	return await new Promise((resolvePromise) => {
		const server = createServer();
		server.once('error', () => void freePort().then(resolvePromise));
		server.listen(preferred, '127.0.0.1', () => server.close(() => resolvePromise(preferred)));
	});
}

export interface DemoApi {
	api: SampleApi;
	/** `https://localhost:<port>/api`: the host name the certificate is issued for. */
	baseUrl: string;
	tokenUrl: string;
	authorizeUrl: string;
	/** The OpenAI-compatible stand-in the AI Agent demo's chat model talks to. */
	chatModel: ChatModelStub;
	close(): Promise<void>;
}

/** The sample API on `preferredPort` (or a free one), the chat model stand-in on `preferredPort + 10`. */
export async function startDemoApi(preferredPort: number): Promise<DemoApi> {
	const port = await choosePort(preferredPort);
	const api = await startSampleApi({
		port,
		tls: { dir: CERTS_DIR },
		records: DEMO_RECORDS,
		// For the Authorization Code credential connected in the editor: Allow / Deny, as a real server asks.
		oauth: { consentPage: true },
	});
	let chatModel: ChatModelStub;
	try {
		chatModel = await startChatModelStub({ port: await choosePort(preferredPort + 10) });
	} catch (error) {
		await api.close();
		throw error;
	}
	const origin = `https://localhost:${new URL(api.origin).port}`;
	return {
		api,
		baseUrl: `${origin}/api`,
		tokenUrl: `${origin}/oauth/token`,
		authorizeUrl: `${origin}/oauth/authorize`,
		chatModel,
		close: async () => {
			await Promise.allSettled([api.close(), chatModel.close()]);
		},
	};
}

/** demo/credentials.template.json with the running API's URLs and the demo logins filled in. */
export async function renderCredentials(demoApi: DemoApi): Promise<object[]> {
	const template = await readFile(join(DEMO_TEMPLATES_DIR, 'credentials.template.json'), 'utf8');
	const values: Record<string, string> = {
		baseUrl: demoApi.baseUrl,
		tokenUrl: demoApi.tokenUrl,
		authorizeUrl: demoApi.authorizeUrl,
		basicUsername: demoApi.api.credentials.basic.username,
		basicPassword: demoApi.api.credentials.basic.password,
		clientId: demoApi.api.credentials.oauth.clientId,
		clientSecret: demoApi.api.credentials.oauth.clientSecret,
		chatModelUrl: demoApi.chatModel.url,
	};
	const rendered = template.replace(/\{\{(\w+)\}\}/g, (placeholder, name: string) => {
		const value = values[name];
		if (value === undefined) throw new Error(`Unknown placeholder ${placeholder} in the template`);
		// The values go inside JSON strings.
		return JSON.stringify(value).slice(1, -1);
	});
	return JSON.parse(rendered) as object[];
}

/** The environment every n8n command of the demo gets: the sample API's CA is trusted. */
export function demoEnv(userFolder: string, demoApi: DemoApi): NodeJS.ProcessEnv {
	return n8nEnv(userFolder, { NODE_EXTRA_CA_CERTS: demoApi.api.caPath });
}

/**
 * demo/workflows/*.json as n8n imports them. `isArchived: false` because an import replaces only the columns
 * it is given: a demo workflow the user archived ("deleted" in the editor) would otherwise come back edited
 * back to the original but still archived, out of sight.
 */
export async function demoWorkflows(): Promise<object[]> {
	const files = filesUnder(join(DEMO_TEMPLATES_DIR, 'workflows')).filter((path) =>
		path.endsWith('.json'),
	);
	return await Promise.all(
		files.sort().map(async (path) => ({
			...(JSON.parse(await readFile(path, 'utf8')) as object),
			isArchived: false,
		})),
	);
}

/**
 * Imports the credentials and workflows when they differ from what was last imported into this folder
 * (a new port, an edited template): a rerun with the same port keeps what the user changed in the editor,
 * since the editor saves every edit into the folder's database. `reset` imports them anyway, which puts the
 * demo credentials and workflows back as demo/ has them (edits undone, archived ones restored); workflows
 * and credentials the user created are left alone.
 */
export async function importDemoData(
	userFolder: string,
	demoApi: DemoApi,
	options: { reset?: boolean } = {},
): Promise<void> {
	const env = demoEnv(userFolder, demoApi);
	const credentials = await renderCredentials(demoApi);
	const workflowDir = join(DEMO_TEMPLATES_DIR, 'workflows');
	const importHash = createHash('sha256')
		.update(JSON.stringify(credentials))
		.update(hashFiles(filesUnder(workflowDir)))
		.digest('hex');
	const state = await readJson<FolderState>(folderStatePath(userFolder), {});
	if (!options.reset && state.importHash === importHash) {
		step(
			'Demo credentials and workflows already imported (unchanged); your edits are kept, ' +
				'`npm start -- --reset` restores the originals',
		);
		return;
	}
	step(
		options.reset
			? 'Resetting the demo credentials and workflows to the originals in demo/'
			: 'Importing the demo credentials (n8n import:credentials)',
	);
	await importCredentials(env, credentials);
	step('Importing the demo workflows (n8n import:workflow)');
	const workflows = await demoWorkflows();
	await importWorkflows(env, workflows);
	const latest = await readJson<FolderState>(folderStatePath(userFolder), {});
	await writeFile(folderStatePath(userFolder), JSON.stringify({ ...latest, importHash }, null, 2));
	step(`Imported ${credentials.length} credentials and ${workflows.length} workflows`);
}
