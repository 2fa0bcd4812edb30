/**
 * n8n 2.41.1 in queue mode, for real: Postgres 17, Redis, one main and two workers, each worker with this
 * package installed the way a community package is, driven through the main's webhooks against the sample
 * API (latency, a rate limit, OAuth2 tokens that expire every few requests).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
	startQueueDeployment,
	type QueueDeployment,
	type RunningWorker,
} from '../../scripts/queue/deployment.mts';
import { oauthCredential } from '../e2e/support.mts';
import {
	emailFor,
	enrichableCustomers,
	enrichmentWorkflow,
	executionsOf,
	errorMessageIn,
	storedErrorOf,
	type Customer,
} from './support.mts';

const RECORDS = 600;
const WORKFLOW_ID = 'queueEnrichCustomer';
const WEBHOOK_PATH = 'enrich-customer';

let deployment: QueueDeployment;
let customers: Customer[];

beforeAll(async () => {
	customers = enrichableCustomers(RECORDS);
	deployment = await startQueueDeployment({
		api: { records: RECORDS, tokenTtlRequests: 10, latencyMs: 20, rateLimit: 40 },
		credentials: (api) => [oauthCredential(api)],
		workflows: [enrichmentWorkflow(WORKFLOW_ID, WEBHOOK_PATH)],
	});
});

afterAll(async () => {
	await deployment?.stop();
});

function log(line: string): void {
	process.stdout.write(`[queue] ${line}\n`);
}

describe('a worker without the package', () => {
	let bare: RunningWorker;
	let answer: { status: number; body: unknown };

	beforeAll(async () => {
		const folder = await deployment.prepareUserFolder('worker-1', { withPackage: false });
		bare = await deployment.startWorker('worker-1 (no package)', folder);
		answer = await deployment.callWebhook(WEBHOOK_PATH, {
			cpf: customers[0].cpf,
			email: emailFor(customers[0], 'bare'),
		});
		await bare.stop();
	});

	it('fails the execution loudly: "Unrecognized node type", in the worker log and the stored execution', async () => {
		log(`webhook answer without the package: ${answer.status} ${JSON.stringify(answer.body)}`);
		expect(answer.status).toBeGreaterThanOrEqual(500);
		expect(bare.logs()).toContain('Unrecognized node type');
		const executions = await executionsOf(deployment.postgres, WORKFLOW_ID);
		expect(executions).toHaveLength(1);
		expect(executions[0].status).toBe('error');
		expect(await storedErrorOf(deployment.postgres, executions[0].id)).toContain(
			'Unrecognized node type: n8n-nodes-customer-integration.customerIntegration',
		);
		expect((await deployment.api.stats()).writes).toEqual({});
	});
});

interface Answer {
	customer: Customer;
	status: number;
	body: unknown;
}

async function enrich(batch: Customer[], run: string): Promise<Answer[]> {
	return await Promise.all(
		batch.map(async (customer) => ({
			customer,
			...(await deployment.callWebhook(WEBHOOK_PATH, {
				cpf: customer.cpf,
				email: emailFor(customer, run),
			})),
		})),
	);
}

function isAppliedUpdateOf(answer: Answer): boolean {
	const body = answer.body as { codigo?: string; _update?: { applied?: boolean } };
	return (
		answer.status === 200 &&
		body.codigo === answer.customer.codigo &&
		body._update?.applied === true
	);
}

/** The API's stored records, by code (one Basic-auth listing, retried while the rate limit refuses it). */
async function storedRecords(): Promise<Map<string, Record<string, unknown>>> {
	const { username, password } = deployment.api.credentials.basic;
	const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
	for (;;) {
		const response = await fetch(`${deployment.api.url}/clientes`, { headers: { authorization } });
		if (response.status === 429) {
			await new Promise((wait) => setTimeout(wait, 1_000));
			continue;
		}
		const records = (await response.json()) as Array<Record<string, unknown>>;
		return new Map(records.map((record) => [String(record.codigo), record]));
	}
}

function writesDuring(
	before: Record<string, number>,
	after: Record<string, number>,
	batch: Customer[],
): Map<string, number> {
	return new Map(
		batch.map((customer) => [
			customer.codigo,
			(after[customer.codigo] ?? 0) - (before[customer.codigo] ?? 0),
		]),
	);
}

const LOAD = 200;

describe(`${LOAD} enrichments at once on two workers with the package (OAuth2 tokens expire every 10 requests)`, () => {
	const batch = () => customers.slice(1, 1 + LOAD);
	let answers: Answer[];
	let seconds: number;
	let statsBefore: Awaited<ReturnType<QueueDeployment['api']['stats']>>;
	let statsAfter: typeof statsBefore;
	let lastExecutionBefore: number;

	beforeAll(async () => {
		// The README's install, on the same worker folder that just failed, then a second worker.
		const [folder1, folder2] = await Promise.all([
			deployment.prepareUserFolder('worker-1', { withPackage: true }),
			deployment.prepareUserFolder('worker-2', { withPackage: true }),
		]);
		await Promise.all([
			deployment.startWorker('worker-1', folder1),
			deployment.startWorker('worker-2', folder2),
		]);
		lastExecutionBefore = Math.max(
			0,
			...(await executionsOf(deployment.postgres, WORKFLOW_ID)).map((each) => Number(each.id)),
		);
		statsBefore = await deployment.api.stats();
		const startedAt = Date.now();
		answers = await enrich(batch(), 'load');
		seconds = (Date.now() - startedAt) / 1000;
		statsAfter = await deployment.api.stats();
	});

	it('every execution succeeded and answered with the customer it updated', async () => {
		const executions = (await executionsOf(deployment.postgres, WORKFLOW_ID)).filter(
			(each) => Number(each.id) > lastExecutionBefore,
		);
		const failedExecutions = executions.filter((each) => each.status !== 'success');
		const reasons = await Promise.all(
			failedExecutions
				.slice(0, 3)
				.map(async (each) => errorMessageIn(await storedErrorOf(deployment.postgres, each.id))),
		);
		expect({ failed: failedExecutions.length, reasons }).toEqual({ failed: 0, reasons: [] });
		expect(answers.filter((answer) => !isAppliedUpdateOf(answer))).toEqual([]);
		expect(executions).toHaveLength(LOAD);
		log(`${LOAD} executions in ${seconds.toFixed(1)} s, all success in Postgres`);
	});

	it('every customer was written exactly once, with the e-mail its own call sent', async () => {
		const writes = writesDuring(statsBefore.writes, statsAfter.writes, batch());
		expect([...writes.values()].every((count) => count === 1)).toBe(true);
		expect(Object.values(statsAfter.writes).reduce((sum, count) => sum + count, 0)).toBe(LOAD);
		const stored = await storedRecords();
		for (const customer of batch()) {
			expect(stored.get(customer.codigo)?.email).toBe(emailFor(customer, 'load'));
		}
	});

	it('both workers took work', () => {
		const [worker1, worker2] = deployment.workers.slice(-2);
		const counts = [worker1.startedExecutions().length, worker2.startedExecutions().length];
		log(`executions per worker: worker-1 ${counts[0]}, worker-2 ${counts[1]}`);
		expect(counts[0] + counts[1]).toBe(LOAD);
		expect(counts[0]).toBeGreaterThan(0);
		expect(counts[1]).toBeGreaterThan(0);
	});

	it('the shared OAuth2 credential: one new token per expired token at most (no refresh storm)', () => {
		const issued = statsAfter.tokensIssued - statsBefore.tokensIssued;
		const expiries = statsAfter.expiries.filter((each) => each.seq > statsBefore.requests);
		const expiredTokens = new Set(expiries.map((each) => each.tokenId)).size;
		const firstExpiry = expiries[0]?.seq ?? Number.POSITIVE_INFINITY;
		// The credential had no token: every execution that started before one was saved fetched its own.
		const firstFetches = statsAfter.tokenFetches.filter(
			(seq) => seq > statsBefore.requests && seq < firstExpiry,
		).length;
		const rateLimited = statsAfter.rateLimited - statsBefore.rateLimited;
		log(
			`OAuth2: ${issued} tokens issued = ${firstFetches} first fetches (unlocked) + ` +
				`${issued - firstFetches} refreshes; ${expiredTokens} tokens expired, ` +
				`${expiries.length} requests refused as expired; ${rateLimited} requests refused by the rate limit`,
		);
		expect(firstFetches).toBeGreaterThanOrEqual(1);
		expect(expiredTokens).toBeGreaterThan(0);
		expect(issued - firstFetches).toBeLessThanOrEqual(expiredTokens);
	});
});

describe('a worker killed (SIGKILL) in the middle of the load', () => {
	const batch = () => customers.slice(1 + LOAD, 1 + 2 * LOAD);
	let answers: Answer[];
	let statsBefore: Awaited<ReturnType<QueueDeployment['api']['stats']>>;
	let statsAfter: typeof statsBefore;
	let lastExecutionBefore: number;
	let killedInFlight: string[];
	let seconds: number;

	beforeAll(async () => {
		const [survivor, victim] = deployment.workers.slice(-2);
		lastExecutionBefore = Math.max(
			...(await executionsOf(deployment.postgres, WORKFLOW_ID)).map((each) => Number(each.id)),
		);
		const victimBefore = victim.startedExecutions().length;
		statsBefore = await deployment.api.stats();
		const startedAt = Date.now();
		const pending = enrich(batch(), 'fault');
		while (victim.startedExecutions().length < victimBefore + 10) {
			await new Promise((wait) => setTimeout(wait, 50));
		}
		const finished = new Set(
			[...victim.logs().matchAll(/Worker finished execution (\d+)/g)].map((match) => match[1]),
		);
		victim.kill();
		killedInFlight = victim.startedExecutions().filter((id) => !finished.has(id));
		log(
			`killed ${victim.name} with ${killedInFlight.length} executions in flight; ${survivor.name} goes on`,
		);
		answers = await pending;
		seconds = (Date.now() - startedAt) / 1000;
		statsAfter = await deployment.api.stats();
	});

	it('no customer was written twice, and none was skipped silently', async () => {
		const writes = writesDuring(statsBefore.writes, statsAfter.writes, batch());
		const executions = new Map(
			(await executionsOf(deployment.postgres, WORKFLOW_ID))
				.filter((each) => Number(each.id) > lastExecutionBefore)
				.map((each) => [each.id, each]),
		);
		expect(executions.size).toBe(LOAD);
		const succeeded = answers.filter(isAppliedUpdateOf);
		const failed = answers.filter((answer) => !isAppliedUpdateOf(answer));
		const failedWritten = failed.filter((answer) => writes.get(answer.customer.codigo) === 1);
		const statuses = [...executions.values()].reduce<Record<string, number>>((counts, each) => {
			counts[each.status] = (counts[each.status] ?? 0) + 1;
			return counts;
		}, {});
		log(
			`after the kill: ${succeeded.length} succeeded, ${failed.length} failed visibly ` +
				`(webhook ${[...new Set(failed.map((answer) => answer.status))].join('/')}; ` +
				`${failedWritten.length} of them had already written their customer, ${failed.length - failedWritten.length} had not); ` +
				`stored statuses ${JSON.stringify(statuses)}; ${seconds.toFixed(1)} s`,
		);
		expect([...writes.values()].every((count) => count <= 1)).toBe(true);
		for (const answer of succeeded) expect(writes.get(answer.customer.codigo)).toBe(1);
		// Every failure is visible twice: in the caller's answer and in the stored execution.
		const notSuccess = [...executions.values()].filter((each) => each.status !== 'success');
		expect(notSuccess).toHaveLength(failed.length);
		expect(failed.every((answer) => answer.status >= 500)).toBe(true);
		expect(failed.length).toBeGreaterThan(0);
	});

	it("n8n fails the dead worker's running executions, and only those", async () => {
		const executions = (await executionsOf(deployment.postgres, WORKFLOW_ID)).filter(
			(each) => Number(each.id) > lastExecutionBefore,
		);
		const notSuccess = executions.filter((each) => each.status !== 'success');
		for (const id of killedInFlight) {
			expect(notSuccess.map((each) => each.id)).toContain(id);
		}
		const message = errorMessageIn(await storedErrorOf(deployment.postgres, notSuccess[0].id));
		log(
			`stored error of execution ${notSuccess[0].id} (status ${notSuccess[0].status}): ${message}`,
		);
	});
});
