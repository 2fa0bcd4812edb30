/**
 * What the queue-mode suite sends and reads: the enrichment workflow (Webhook → Get by CPF → Update), the
 * customers it enriches, and the executions as n8n stored them in Postgres.
 */
import { randomUUID } from 'node:crypto';
import type { INode, IWorkflowBase } from 'n8n-workflow';

import type { RunningPostgres } from '../../scripts/queue/postgres.mts';
import { customerNode, node } from '../e2e/support.mts';
import { generateDataset } from '../sample-api/dataset.mts';

export const GET_NODE = 'Get by CPF';
export const UPDATE_NODE = 'Update Customer';

/** Webhook (POST { cpf, email }) → Get by CPF → Update the e-mail; the webhook answers with the Update's item. */
export function enrichmentWorkflow(id: string, path: string): IWorkflowBase {
	const webhook = {
		...node('Webhook', 'n8n-nodes-base.webhook', 2, {
			httpMethod: 'POST',
			path,
			responseMode: 'lastNode',
			options: {},
		}),
		webhookId: randomUUID(),
	} as INode;
	// Twenty executions at once share one rate limit and one token: each request may be refused a few times
	// in a row (429, or a token the others used up), so the flow allows more tries than the default 5.
	const options = { maxAttempts: 10 };
	const get = customerNode(
		GET_NODE,
		{
			operation: 'get',
			lookupField: 'cpf',
			lookupValue: '={{ $json.body.cpf }}',
			path: '/clientes',
			options,
		},
		'oauth2',
	);
	const update = customerNode(
		UPDATE_NODE,
		{
			operation: 'update',
			path: '/clientes/{codigo}',
			method: 'PATCH',
			columns: {
				mappingMode: 'defineBelow',
				value: {
					codigo: '={{ $json.codigo }}',
					email: "={{ $('Webhook').item.json.body.email }}",
				},
			},
			options,
		},
		'oauth2',
	);
	const nodes = [webhook, get, update].map((each, index) => ({
		...each,
		position: [index * 240, 0] as [number, number],
	}));
	return {
		id,
		name: `Queue: enrich customer (${path})`,
		active: false,
		nodes,
		connections: {
			Webhook: { main: [[{ node: GET_NODE, type: 'main', index: 0 }]] },
			[GET_NODE]: { main: [[{ node: UPDATE_NODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	} as unknown as IWorkflowBase;
}

export interface Customer {
	codigo: string;
	cpf: string;
}

/**
 * Customers of the sample API's generated dataset (same count and seed as the API process) that a Get
 * by CPF finds alone and an Update accepts: valid, flat, with a CPF no other record shares.
 */
export function enrichableCustomers(records: number): Customer[] {
	const dataset = generateDataset(records, 1);
	const invalid = new Set(dataset.invalid.map((note) => note.codigo));
	const nested = new Set(dataset.nested);
	const byCpf = new Map<string, Customer[]>();
	for (const record of dataset.records) {
		const codigo = String(record.codigo);
		if (typeof record.cpf !== 'string' || invalid.has(codigo) || nested.has(codigo)) continue;
		const cpf = record.cpf.replace(/\D/g, '');
		if (cpf.length !== 11) continue;
		byCpf.set(cpf, [...(byCpf.get(cpf) ?? []), { codigo, cpf }]);
	}
	return [...byCpf.values()].filter((group) => group.length === 1).map(([customer]) => customer);
}

export function emailFor(customer: Customer, run: string): string {
	return `${run}.${customer.codigo.toLowerCase()}@example.com`;
}

export interface StoredExecution {
	id: string;
	status: string;
	finished: boolean;
}

/** The executions of a workflow as n8n stored them. */
export async function executionsOf(
	postgres: RunningPostgres,
	workflowId: string,
): Promise<StoredExecution[]> {
	const rows = await postgres.query<{ id: number; status: string; finished: boolean }>(
		'SELECT id, status, finished FROM execution_entity WHERE "workflowId" = $1 ORDER BY id',
		[workflowId],
	);
	return rows.map((row) => ({ id: String(row.id), status: row.status, finished: row.finished }));
}

/** The error message n8n stored for an execution (its run data, as text), or '' if none. */
export async function storedErrorOf(
	postgres: RunningPostgres,
	executionId: string,
): Promise<string> {
	const rows = await postgres.query<{ data: string }>(
		'SELECT data FROM execution_data WHERE "executionId" = $1',
		[Number(executionId)],
	);
	return rows[0]?.data ?? '';
}

/**
 * The error message in an execution's stored data. n8n stores run data flattened (values referenced by
 * index), so the message is found as the text after a `"message"` key rather than by walking the object.
 */
export function errorMessageIn(storedData: string): string {
	const messages = [...storedData.matchAll(/"((?:[^"\\]|\\.){20,400})"/g)]
		.map((match) => match[1])
		.filter(
			(text) =>
				/error|fail|refused|unrecognized|processed/i.test(text) && !/^[A-Za-z]+Error$/.test(text),
		);
	return messages[0] ?? storedData.slice(0, 300);
}
