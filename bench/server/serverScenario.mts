/**
 * Both nodes in a running n8n server, the way users run them: the real n8n 2.41.1 (`n8n start`, its
 * defaults: executions saved, the 'vm' expression engine) with this package installed as a community
 * package, and one workflow per node, Webhook → node, each run started by a GET on its webhook and
 * answered when the workflow has finished (Respond: When Last Node Finishes). The time is the
 * webhook's round trip. The first run of each workflow after start is reported on its own (n8n loads
 * a node's code on first use); then `--runs` rounds alternate the two workflows.
 */

import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { INode, IWorkflowBase } from 'n8n-workflow';

import {
	freePort,
	importCredentials,
	importWorkflows,
	installPackageIntoUserFolder,
	n8nEnv,
	runN8n,
	startN8n,
	type RunningN8n,
} from '../../scripts/n8n-runtime/n8n.mts';
import type { ApiEndpoints } from '../api/apiProcess.mts';
import type { BenchConfig } from '../lib/config.mts';
import {
	describeRatio,
	median,
	pairedRatio,
	type PairedRatio,
	type RoundResult,
} from '../lib/report.mts';
import type { ScenarioInput } from '../lib/types.mts';
import { httpRequestListNode } from '../scenarios/reads.mts';

export interface ServerOutcome {
	records: number;
	/** Wall time of the first run of each workflow after n8n started. */
	firstRunMs: { node: number; httpRequest: number };
	/** Measured runs, one per round. */
	nodeMs: number[];
	httpRequestMs: number[];
	nodeOverHttpRequest: PairedRatio;
	startSeconds: number;
}

const CUSTOMER_NODE_TYPE = 'n8n-nodes-customer-integration.customerIntegration';
const CUSTOMER_CREDENTIAL = { id: 'benchBasic', name: 'Bench API (Basic)' };
const HTTP_CREDENTIAL = { id: 'benchHttpBasic', name: 'Bench API (HTTP Basic)' };

function webhookNode(path: string): INode {
	return {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'GET',
			path,
			responseMode: 'lastNode',
			responseData: 'firstEntryJson',
			options: {},
		},
	};
}

function webhookWorkflow(id: string, path: string, target: INode): IWorkflowBase {
	const trigger = webhookNode(path);
	return {
		id,
		name: `Bench: ${target.name}`,
		active: false,
		nodes: [trigger, { ...target, position: [240, 0] }],
		connections: { [trigger.name]: { main: [[{ node: target.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	} as unknown as IWorkflowBase;
}

function customerNode(config: BenchConfig): INode {
	return {
		id: randomUUID(),
		name: 'Customer Integration',
		type: CUSTOMER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {
			authentication: 'basicAuth',
			resource: 'customer',
			operation: 'getAll',
			path: '/clientes',
			returnAll: true,
			pagination: 'pageNumber',
			paginationOptions: { pageSize: config.pageSize, pageSizeParameter: 'limit' },
			validationMode: 'route',
			options: { concurrency: config.readConcurrency },
		},
		credentials: { customerIntegrationApi: CUSTOMER_CREDENTIAL },
	};
}

/**
 * n8n answers its readiness check before it has registered the webhooks of published workflows:
 * until then a webhook answers 404 at once, and is asked again.
 */
const REGISTRATION_WAIT_MS = 120_000;

async function timedGet(url: string): Promise<number> {
	const deadline = Date.now() + REGISTRATION_WAIT_MS;
	for (;;) {
		const started = performance.now();
		const response = await fetch(url);
		const body = await response.text();
		const wallMs = performance.now() - started;
		if (response.status === 404 && Date.now() < deadline) {
			await new Promise((wait) => setTimeout(wait, 250));
			continue;
		}
		return checked(url, response.status, body, wallMs);
	}
}

function checked(url: string, status: number, body: string, wallMs: number): number {
	if (status !== 200) throw new Error(`${url}: HTTP ${response.status}: ${body.slice(0, 300)}`);
	const first = JSON.parse(body) as { codigo?: unknown };
	if (typeof first.codigo !== 'string')
		throw new Error(`${url}: the first item has no codigo: ${body.slice(0, 200)}`);
	return wallMs;
}

export async function runServerScenario(
	config: BenchConfig,
	api: ApiEndpoints,
	repoRoot: string,
	say: (text?: string) => void,
): Promise<ServerOutcome> {
	say(
		'\nRunning n8n server: building the package (n8n-node build) and installing it as a community package',
	);
	const build = spawnSync('npx', ['n8n-node', 'build'], { cwd: repoRoot, stdio: 'pipe' });
	if (build.status !== 0)
		throw new Error(`n8n-node build failed: ${build.stderr.toString().slice(-2000)}`);
	const userFolder = await mkdtemp(join(tmpdir(), 'customer-integration-bench-server-'));
	let n8n: RunningN8n | undefined;
	try {
		await installPackageIntoUserFolder(userFolder, { packageDir: repoRoot });
		const env = n8nEnv(userFolder);
		await importCredentials(env, [
			{
				...CUSTOMER_CREDENTIAL,
				type: 'customerIntegrationApi',
				data: { baseUrl: api.coldUrl, username: api.basic.username, password: api.basic.password },
			},
			{
				...HTTP_CREDENTIAL,
				type: 'httpBasicAuth',
				data: { user: api.basic.username, password: api.basic.password },
			},
		]);
		const http = httpRequestListNode(
			{ pageSize: config.pageSize } as ScenarioInput,
			api.coldUrl,
			HTTP_CREDENTIAL.id,
		);
		const workflows = [
			webhookWorkflow('benchNodeGetMany', 'bench-node', customerNode(config)),
			webhookWorkflow('benchHttpGetMany', 'bench-http', http),
		];
		await importWorkflows(env, workflows);
		for (const workflow of workflows) {
			const published = await runN8n(['publish:workflow', `--id=${workflow.id}`], env);
			if (published.code !== 0)
				throw new Error(`publish:workflow ${workflow.id}: ${published.stderr.slice(-1000)}`);
		}
		const started = performance.now();
		n8n = await startN8n(userFolder, await freePort());
		const startSeconds = (performance.now() - started) / 1000;
		say(
			`  n8n started in ${startSeconds.toFixed(0)} s; Get Many of ${api.coldRecords.toLocaleString('en-US')} records per run`,
		);
		const nodeUrl = `${n8n.url}/webhook/bench-node`;
		const httpUrl = `${n8n.url}/webhook/bench-http`;

		const firstRunMs = { node: await timedGet(nodeUrl), httpRequest: await timedGet(httpUrl) };
		say(
			`  first run after start: node ${(firstRunMs.node / 1000).toFixed(2)} s, HTTP Request ${(firstRunMs.httpRequest / 1000).toFixed(2)} s`,
		);
		const nodeRuns: RoundResult[] = [];
		const httpRuns: RoundResult[] = [];
		const asResult = (round: number, wallMs: number) =>
			({ round, wallMs }) as unknown as RoundResult;
		for (let round = 1; round <= config.runs; round++) {
			// Alternate which goes first, as the in-process rounds rotate.
			const order = round % 2 === 1 ? (['node', 'http'] as const) : (['http', 'node'] as const);
			for (const which of order) {
				const wallMs = await timedGet(which === 'node' ? nodeUrl : httpUrl);
				(which === 'node' ? nodeRuns : httpRuns).push(asResult(round, wallMs));
			}
			say(
				`  round ${round}: node ${(nodeRuns.at(-1)!.wallMs / 1000).toFixed(2)} s, HTTP Request ${(httpRuns.at(-1)!.wallMs / 1000).toFixed(2)} s`,
			);
		}
		return {
			records: api.coldRecords,
			firstRunMs,
			nodeMs: nodeRuns.map((run) => run.wallMs),
			httpRequestMs: httpRuns.map((run) => run.wallMs),
			nodeOverHttpRequest: pairedRatio(nodeRuns, httpRuns, (run) => run.wallMs),
			startSeconds,
		};
	} finally {
		await n8n?.stop();
		await rm(userFolder, { recursive: true, force: true });
	}
}

export function describeServer(server: ServerOutcome): string {
	const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
	return [
		`Running n8n server, Get Many of ${server.records.toLocaleString('en-US')} records, each run started by a webhook (medians):`,
		`  node ${s(median(server.nodeMs))}, HTTP Request ${s(median(server.httpRequestMs))}; node / HTTP Request ${describeRatio(server.nodeOverHttpRequest)}`,
		`  first run after start: node ${s(server.firstRunMs.node)}, HTTP Request ${s(server.firstRunMs.httpRequest)} (${(server.firstRunMs.node / server.firstRunMs.httpRequest).toFixed(2)}×)`,
	].join('\n');
}
