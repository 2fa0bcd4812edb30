/**
 * `npm start`: the real n8n 2.41.1 editor on http://localhost:5678 with this package installed as a
 * community package, the HTTPS sample customer API, and the demo credentials and workflows from demo/.
 * Runs until Ctrl+C, then stops n8n and the API.
 *
 * Everything lives in <repo>/.demo/ (git-ignored); a second start reuses it and skips every step whose
 * input did not change. The editor saves edits to the demo workflows into .demo/, so they persist across
 * starts. Flags: --rebuild (build even if the sources are unchanged), --reset (put the demo credentials and
 * workflows back as demo/ has them, undoing edits and restoring archived ones; --reimport is its old name).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { DEMO_OWNER, startN8n, type RunningN8n } from './n8n-runtime/n8n.mts';
import {
	buildPackage,
	choosePort,
	DEMO_DIR,
	ensureRuntime,
	importDemoData,
	installPackage,
	startDemoApi,
	step,
	type DemoApi,
} from './lib/demoSetup.mts';

const { values: flags } = parseArgs({
	options: {
		rebuild: { type: 'boolean', default: false },
		reset: { type: 'boolean', default: false },
		reimport: { type: 'boolean', default: false },
		verbose: { type: 'boolean', default: false },
	},
});

const USER_FOLDER = join(DEMO_DIR, 'editor');

let demoApi: DemoApi | undefined;
let n8n: RunningN8n | undefined;
let stopping = false;

async function stopAll(exitCode: number): Promise<never> {
	if (!stopping) {
		stopping = true;
		step('Stopping n8n and the sample API');
		await n8n?.stop().catch(() => undefined);
		await demoApi?.close();
		step('Stopped');
	}
	process.exit(exitCode);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	process.on(signal, () => void stopAll(0));
}

/**
 * n8n runs in its own process group, so if this process is killed outright (tsx or npm may SIGKILL it on
 * Ctrl+C) n8n would keep running. A detached shell waits for this process to go and then stops n8n.
 */
function guardAgainstOrphan(running: RunningN8n): void {
	const group = running.process.pid;
	if (group === undefined) return;
	const script =
		`while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ` +
		`kill -TERM -${group} 2>/dev/null && sleep 8; kill -KILL -${group} 2>/dev/null; exit 0`;
	spawn('bash', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
}

async function main(): Promise<void> {
	step('Customer Integration: starting the demo n8n (Ctrl+C stops it)');
	await ensureRuntime();
	await buildPackage({ force: flags.rebuild });
	await installPackage(USER_FOLDER);
	demoApi = await startDemoApi(3443);
	step(`Sample API on ${demoApi.baseUrl} (${demoApi.api.state.records.length} customers)`);
	await importDemoData(USER_FOLDER, demoApi, { reset: flags.reset || flags.reimport });

	const port = await choosePort(5678);
	// The only redirect URL the sample API accepts for Authorization Code: this n8n's OAuth callback.
	demoApi.api.setRedirectUris([`http://localhost:${port}/rest/oauth2-credential/callback`]);
	step(`Starting n8n on http://localhost:${port} (takes 15 to 40 seconds)`);
	n8n = await startN8n(USER_FOLDER, port, {
		owner: DEMO_OWNER,
		env: { NODE_EXTRA_CA_CERTS: demoApi.api.caPath },
		echo: flags.verbose,
	});
	step('n8n is ready');
	guardAgainstOrphan(n8n);
	n8n.process.once('exit', (code, signal) => {
		if (stopping) return;
		process.stderr.write(`\nn8n exited unexpectedly (${code ?? signal}). Last output:\n`);
		process.stderr.write(`${n8n?.logs().split('\n').slice(-30).join('\n')}\n`);
		void stopAll(1);
	});

	const { basic, oauth } = demoApi.api.credentials;
	process.stdout.write(
		[
			'',
			`  n8n editor:  ${n8n.url}`,
			`  Log in with: ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`,
			'',
			'  Workflows (Overview → Workflows), each with a manual trigger: open one, click "Execute workflow":',
			'    Demo: Look Up a Customer by CPF                 Get by CPF 529.982.247-25, Basic Auth',
			'    Demo: List All Customers (OAuth2, Paginated)    Get Many, Return All, Page Number, Summarize',
			'    Demo: Update a Phone Number and Read It Back    Get → Set → Update (PATCH) → Get',
			'    Demo: Route Invalid Customer Records            Get Many, Validation Mode Route (2 outputs)',
			'    Demo: AI Agent Looks Up a Customer              AI Agent + this node as its tool ($fromAI CPF)',
			'',
			`  Sample customer API: ${demoApi.baseUrl} (CA certificate ${demoApi.api.caPath})`,
			`    Basic Auth ${basic.username} / ${basic.password}; OAuth2 client ${oauth.clientId} / ${oauth.clientSecret}`,
			'    Credentials "Sample API (Basic Auth)" and "Sample API (OAuth2 Client Credentials)" point at it;',
			'    "Sample API (OAuth2 Authorization Code)" too: open it and click Connect (its consent page: Allow).',
			`  Chat model stand-in (OpenAI API) for the AI Agent demo: ${demoApi.chatModel.url}`,
			'    It calls the tool once, then quotes the customer; pick your own OpenAI credential for a real model.',
			'',
			'  Press Ctrl+C to stop n8n and the sample API.',
			'',
		].join('\n'),
	);
}

main().catch(async (error: unknown) => {
	process.stderr.write(
		`\nStart failed: ${error instanceof Error ? error.message : String(error)}\n`,
	);
	await stopAll(1);
});
