import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { RecordShapeError, ResponseShapeError } from '../../mapping/errors';
import { PaginationError, UrlScopeError } from '../../transport/errors';
import { redactSecrets } from '../../transport/redact';

/**
 * The pure modules throw plain errors with user-facing messages; n8n needs them as node errors that carry the
 * item index. Anything else is a bug and is rethrown as it is.
 */
export function throwAsItemError<T>(fn: IExecuteFunctions, itemIndex: number, work: () => T): T {
	try {
		return work();
	} catch (error) {
		throw asItemError(fn, itemIndex, error);
	}
}

export function asItemError(fn: IExecuteFunctions, itemIndex: number, error: unknown): unknown {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	if (error instanceof ResponseShapeError) {
		// The message may quote the answer (a JSON string, keys): credentials in it are cut out.
		const message = redactSecrets(error.message);
		return new NodeApiError(fn.getNode(), { message } as JsonObject, {
			message: `Item ${itemIndex}: ${message}`,
			description:
				'Check "Records Path" in the node options, and that the endpoint returns customers as JSON.',
			itemIndex,
		});
	}
	if (
		error instanceof RecordShapeError ||
		error instanceof UrlScopeError ||
		error instanceof PaginationError
	) {
		return new NodeOperationError(fn.getNode(), `Item ${itemIndex}: ${(error as Error).message}`, {
			itemIndex,
		});
	}
	return error;
}

/**
 * An error of a request several items shared (coalesced lookups), told for another of those items: the
 * same error, naming `itemIndex` instead of the item that sent the request.
 */
export function errorForItem(error: unknown, sentFor: number, itemIndex: number): unknown {
	if (!(error instanceof NodeOperationError || error instanceof NodeApiError)) return error;
	const copy = Object.assign(Object.create(Object.getPrototypeOf(error) as object) as object, error) as
		| NodeOperationError
		| NodeApiError;
	const prefix = `Item ${sentFor}:`;
	copy.message = error.message.startsWith(prefix)
		? `Item ${itemIndex}:${error.message.slice(prefix.length)}`
		: error.message;
	copy.stack = error.stack;
	copy.context = { ...error.context, itemIndex };
	return copy;
}
