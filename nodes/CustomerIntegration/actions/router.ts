import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { credentialTypeFor, openConnection } from '../transport';
import { operations } from './customer/Customer.resource';
import type { CustomerOperation } from './common/operation';
import type { ItemOutput } from './common/records';
import { errorItem, newItemOutput } from './common/records';
import { readConcurrency, readRequestPolicy, readValidationMode } from './common/settings';
import { runPool } from './common/workerPool';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const name = this.getNodeParameter('operation', 0) as string;
	const mode = readValidationMode(this);
	const operation: CustomerOperation | undefined = Object.prototype.hasOwnProperty.call(
		operations,
		name,
	)
		? operations[name as keyof typeof operations]
		: undefined;
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${name}" is not supported`);
	}
	const concurrency = readConcurrency(this, operation.defaultConcurrency);
	// The connection's request limit is the pool's size: a listing's pages and a run's lookups share it.
	const connection = await openConnection(this, readRequestPolicy(this), concurrency);
	const run = operation.start(this, connection);

	const continueOnFail = this.continueOnFail();
	const settled = await runPool(
		items.length,
		concurrency,
		async (itemIndex) => {
			const output = newItemOutput();
			await run.item(itemIndex, output);
			return output;
		},
		!continueOnFail,
		// n8n fetches an OAuth2 credential's first token outside its per-credential lock: sent together, every
		// request of the pool would fetch and save a token of its own. The first customer goes alone.
		concurrency > 1 && connection.credentialType === credentialTypeFor('oAuth2'),
	);
	const perItem: ItemOutput[] = [];
	for (let itemIndex = 0; itemIndex < settled.length; itemIndex++) {
		// Unstarted items only follow a failure, which has been thrown by then.
		const result = settled[itemIndex];
		if (result === undefined) break;
		if (result.status === 'fulfilled') {
			perItem.push(result.value);
			continue;
		}
		const error = asNodeError(this, result.reason, itemIndex);
		if (!continueOnFail) throw withStopNote(error, run.stopNote?.(completedItems(settled)));
		perItem.push({
			main: [errorItem(error, itemIndex, operation.errorFields?.(error))],
			invalid: [],
		});
	}
	const hints = run.hints?.() ?? [];
	if (hints.length > 0) this.addExecutionHints(...hints);

	const main = perItem.flatMap((output) => output.main);
	if (mode !== 'route') return [main];
	return [main, perItem.flatMap((output) => output.invalid)];
}

/** The items whose task had finished, before or after the failure (the pool awaits those in flight). */
function completedItems(
	settled: Array<PromiseSettledResult<ItemOutput> | undefined>,
): Array<{ itemIndex: number; output: ItemOutput }> {
	const completed: Array<{ itemIndex: number; output: ItemOutput }> = [];
	settled.forEach((result, itemIndex) => {
		if (result?.status === 'fulfilled') completed.push({ itemIndex, output: result.value });
	});
	return completed;
}

function withStopNote<E extends NodeApiError | NodeOperationError>(error: E, note?: string): E {
	if (note) error.description = error.description ? `${error.description} ${note}` : note;
	return error;
}

function asNodeError(
	fn: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(fn.getNode(), error as Error, { itemIndex });
}
