import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { openConnection } from '../transport';
import * as customer from './customer/Customer.resource';
import type { ItemOutput } from './common/records';
import { errorItem, newItemOutput } from './common/records';
import { readRequestPolicy, readValidationMode } from './common/settings';

type CustomerOperation = 'get' | 'getAll' | 'update';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as CustomerOperation;
	const mode = readValidationMode(this);
	const connection = await openConnection(this, readRequestPolicy(this));
	const handler = customer[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
	const concurrency =
		operation === 'update'
			? Math.max(1, Number(this.getNodeParameter('options.concurrency', 0, 8)) || 1)
			: 1;

	const perItem: ItemOutput[] = [];
	for (let start = 0; start < items.length; start += concurrency) {
		const window = items.slice(start, start + concurrency).map((_, offset) => start + offset);
		const settled = await Promise.allSettled(
			window.map(async (itemIndex) => {
				const output = newItemOutput();
				await handler.execute.call(this, connection, itemIndex, output);
				return output;
			}),
		);
		for (let offset = 0; offset < settled.length; offset++) {
			const itemIndex = window[offset];
			const result = settled[offset];
			if (result.status === 'fulfilled') {
				perItem[itemIndex] = result.value;
				continue;
			}
			const error = asNodeError(this, result.reason, itemIndex);
			if (!this.continueOnFail()) throw error;
			const extra: IDataObject | undefined =
				operation === 'update' ? customer.update.errorFields(error) : undefined;
			perItem[itemIndex] = { valid: [errorItem(error, itemIndex, extra)], invalid: [] };
		}
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
