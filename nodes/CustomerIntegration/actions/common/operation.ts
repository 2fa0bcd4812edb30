import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	NodeExecutionHint,
} from 'n8n-workflow';

import type { ApiConnection } from '../../transport';
import type { ItemOutput } from './records';

/** One execution of an operation over its input items. */
export interface OperationRun {
	/** Runs one input item; its output items go to `output`, kept only if the item succeeds. */
	item(itemIndex: number, output: ItemOutput): Promise<void>;
	/** Execution hints once every item has run (requests saved, a run that looks wrong without failing). */
	hints?(): NodeExecutionHint[];
	/**
	 * When the run stops on a failure: what its error should add about the items that had completed (Update:
	 * the customers already written, which a re-run would write again). Undefined: nothing to add.
	 */
	stopNote?(
		completed: ReadonlyArray<{ itemIndex: number; output: ItemOutput }>,
	): string | undefined;
}

/**
 * What the router needs from an operation; it knows none by name. `start` is called once per execution,
 * so an operation can share work between its items (Get's coalesced lookups, Update's per-customer order).
 */
export interface CustomerOperation {
	description: INodeProperties[];
	/** The default of the operation's Concurrency option; without one its items run one at a time. */
	defaultConcurrency?: number;
	/** Fields an error item carries besides the error, when the node continues on error. */
	errorFields?(error: unknown): IDataObject;
	start(fn: IExecuteFunctions, connection: ApiConnection): OperationRun;
}
