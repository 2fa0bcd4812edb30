/**
 * `npm run demo`: the demo without the editor. Sets up n8n like `npm start` (in its own user folder, so
 * both can run at once), runs each demo workflow with `n8n execute` against the HTTPS sample API and
 * prints what the Customer Integration node returned. Exits 0 when every workflow succeeded.
 *
 *   npm run demo               set up (skipping what is current) and run the five workflows
 *   npm run demo -- --all      print every listed customer, not only the first ones
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import type { IRun } from 'n8n-workflow';

import { executeWorkflow, nodeOutput } from './n8n-runtime/n8n.mts';
import { customerTable, formatPhone, validationReport, type Item } from './lib/customerTable.mts';
import {
	buildPackage,
	DEMO_DIR,
	DEMO_WORKFLOWS,
	demoEnv,
	ensureRuntime,
	importDemoData,
	installPackage,
	startDemoApi,
	step,
	type DemoApi,
} from './lib/demoSetup.mts';

const { values: flags } = parseArgs({
	options: {
		all: { type: 'boolean', default: false },
		rebuild: { type: 'boolean', default: false },
		reset: { type: 'boolean', default: false },
		reimport: { type: 'boolean', default: false },
	},
});

const USER_FOLDER = join(DEMO_DIR, 'headless');
const LISTED_ROWS = 12;

function heading(title: string): void {
	process.stdout.write(`\n=== ${title} ===\n`);
}

function print(text: string): void {
	process.stdout.write(`${text}\n`);
}

/** Items a node emitted on output `index` (Route mode: 0 = Valid, 1 = Invalid). */
function outputOf(run: IRun, nodeName: string, index: number): Item[] {
	const task = run.data.resultData.runData[nodeName]?.[0];
	if (!task) throw new Error(`Node "${nodeName}" did not run`);
	return (task.data?.main?.[index] ?? []).map((item) => item.json);
}

async function execute(env: NodeJS.ProcessEnv, id: string): Promise<IRun> {
	step(`n8n execute --id=${id}`);
	return await executeWorkflow(env, id);
}

async function lookupByCpf(env: NodeJS.ProcessEnv): Promise<void> {
	const run = await execute(env, DEMO_WORKFLOWS.lookupByCpf);
	heading('(a) Look up a customer by CPF 529.982.247-25 (Basic Auth)');
	const found = nodeOutput(run, 'Get Customer by CPF');
	print(customerTable(found));
	if (found.length !== 1 || found[0].codigo !== 'C0001') {
		throw new Error(`Expected customer C0001, got ${found.length} item(s)`);
	}
}

async function listAll(env: NodeJS.ProcessEnv, demoApi: DemoApi): Promise<void> {
	const before = demoApi.api.state.requests.length;
	const tokensBefore = demoApi.api.state.tokensIssued;
	const run = await execute(env, DEMO_WORKFLOWS.listAll);
	const pages = demoApi.api.state.requests
		.slice(before)
		.filter((request) => request.path === '/api/clientes');
	heading('(b) List all customers, page by page (OAuth2 client credentials, Return All)');
	const customers = nodeOutput(run, 'List All Customers');
	const shown = flags.all ? customers : customers.slice(0, LISTED_ROWS);
	print(customerTable(shown));
	if (shown.length < customers.length) {
		print(
			`  … and ${customers.length - shown.length} more (npm run demo -- --all prints them all)`,
		);
	}
	const invalid = customers.filter(
		(item) => (item._validation as { valid?: boolean } | undefined)?.valid === false,
	).length;
	print(
		`\n  ${customers.length} customers in ${pages.length} page requests ` +
			`(${pages.map((request) => `${request.query} → ${request.status}`).join(', ')}); ` +
			`${demoApi.api.state.tokensIssued - tokensBefore} OAuth2 token(s) fetched by n8n; ` +
			`${invalid} invalid (Validation Mode: Report)`,
	);
	const byState = nodeOutput(run, 'Count by State')
		.map((row) => ({ uf: String(row.enderecoEstado ?? '?'), count: Number(row.count_codigo) }))
		.sort((a, b) => b.count - a.count || a.uf.localeCompare(b.uf));
	print(
		`  Count by State (Summarize node): ${byState.map((row) => `${row.uf} ${row.count}`).join(', ')}`,
	);
	if (customers.length !== demoApi.api.state.records.length) {
		throw new Error(
			`Listed ${customers.length} customers, the API has ${demoApi.api.state.records.length}`,
		);
	}
}

async function updatePhone(env: NodeJS.ProcessEnv, demoApi: DemoApi): Promise<void> {
	const updatesBefore = demoApi.api.state.updateLog.length;
	const run = await execute(env, DEMO_WORKFLOWS.updatePhone);
	heading('(c) Update the phone number of C0001 (PATCH /clientes/{codigo}) and read it back');
	const before = nodeOutput(run, 'Get Customer C0001')[0];
	const asked = nodeOutput(run, 'Set New Phone')[0];
	const updated = nodeOutput(run, 'Update Customer')[0];
	const after = nodeOutput(run, 'Read It Back')[0];
	const sent = demoApi.api.state.updateLog.slice(updatesBefore);
	print(`  before:     telefone ${formatPhone(before.telefone)}`);
	print(`  Set node:   telefone ${String(asked.telefone)}`);
	for (const update of sent) {
		print(
			`  sent:       ${update.method} /clientes/${update.codigo} ${JSON.stringify(update.body)}`,
		);
	}
	print(`  node says:  _update ${JSON.stringify(updated._update)}`);
	print(`  read back:  telefone ${formatPhone(after.telefone)}`);
	if (after.telefone !== '+5511912345678') {
		throw new Error(`The phone read back is ${String(after.telefone)}, not +5511912345678`);
	}
}

async function routeInvalid(env: NodeJS.ProcessEnv): Promise<void> {
	const run = await execute(env, DEMO_WORKFLOWS.routeInvalid);
	heading('(d) Route invalid records (Get Many, Validation Mode: Route)');
	const valid = outputOf(run, 'Check All Customers', 0);
	const invalid = outputOf(run, 'Check All Customers', 1);
	print(`  Valid output: ${valid.length} records; Invalid output: ${invalid.length} records`);
	print('\n  Validation report of the invalid records:');
	print(validationReport(invalid));
	if (invalid.length === 0) throw new Error('The route workflow found no invalid record');
}

async function aiAgent(env: NodeJS.ProcessEnv, demoApi: DemoApi): Promise<void> {
	const before = demoApi.chatModel.requests.length;
	const run = await execute(env, DEMO_WORKFLOWS.aiAgent);
	heading(
		'(e) An AI Agent looks a customer up with this node as its tool (chat model: the local stand-in)',
	);
	const [{ output }] = nodeOutput(run, 'AI Agent');
	print(
		`  Model requests: ${demoApi.chatModel.requests.length - before} (a tool call, then the answer)`,
	);
	print(`  Agent's answer: ${String(output)}`);
	if (!String(output).includes('C0001'))
		throw new Error('The agent did not answer with customer C0001');
}

async function main(): Promise<void> {
	step('Customer Integration demo (headless): n8n execute against the HTTPS sample API');
	await ensureRuntime();
	await buildPackage({ force: flags.rebuild });
	await installPackage(USER_FOLDER);
	const demoApi = await startDemoApi(3444);
	step(`Sample API on ${demoApi.baseUrl} (${demoApi.api.state.records.length} customers)`);
	try {
		await importDemoData(USER_FOLDER, demoApi, { reset: flags.reset || flags.reimport });
		const env = demoEnv(USER_FOLDER, demoApi);
		await lookupByCpf(env);
		await listAll(env, demoApi);
		await updatePhone(env, demoApi);
		await routeInvalid(env);
		await aiAgent(env, demoApi);
		print('');
		step('All five demo workflows succeeded');
	} finally {
		await demoApi.close();
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(
			`\nDemo failed: ${error instanceof Error ? error.message : String(error)}\n`,
		);
		process.exit(1);
	},
);
