import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { credentialTypeFor, openConnection } from '../transport';
import * as customer from './customer/Customer.resource';
import type { ItemOutput } from './common/records';
import { errorItem, newItemOutput } from './common/records';
import { readRequestPolicy, readValidationMode } from './common/settings';
import { runPool } from './common/workerPool';

type CustomerOperation = 'get' | 'getAll' | 'update';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as CustomerOperation;
	const mode = readValidationMode(this);
	const handler = customer[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
	// The editor caps Concurrency, an expression does not: the cap holds either way.
	const concurrency =
		operation === 'update'
			? Math.min(
					customer.update.CONCURRENCY_BOUNDS.maxValue,
					Math.max(1, Math.floor(Number(this.getNodeParameter('options.concurrency', 0, 16))) || 1),
				)
			: 1;
	const connection = await openConnection(this, readRequestPolicy(this), concurrency);

	const continueOnFail = this.continueOnFail();
	const settled = await runPool(
		items.length,
		concurrency,
		async (itemIndex) => {
			const output = newItemOutput();
			await handler.execute.call(this, connection, itemIndex, output);
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
		if (!continueOnFail) throw error;
		const extra: IDataObject | undefined =
			operation === 'update' ? customer.update.errorFields(error) : undefined;
		perItem.push({ valid: [errorItem(error, itemIndex, extra)], invalid: [] });
	}

	const valid = perItem.flatMap((output) => output.valid);
	if (mode !== 'route') return [valid];
	return [valid, perItem.flatMap((output) => output.invalid)];
}

function asNodeError(
	fn: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(fn.getNode(), error as Error, { itemIndex });
}
