import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import { extractRecords } from '../mapping/extractRecords';
import { normalizeRecord } from '../mapping/normalizeRecord';
import { apiRequest, DEFAULT_POLICY, openConnection, type RequestPolicy } from '../transport';

/** The editor waits on these calls: a short timeout and one retry, not an execution's patience. */
const EDITOR_POLICY: RequestPolicy = {
	...DEFAULT_POLICY,
	maxAttempts: 2,
	maxWaitMs: 2_000,
	timeoutMs: 10_000,
};

/** `/clientes/{codigo}` → `/clientes`: the list beside a customer's own path (a path without one stays). */
export function listPathOf(path: string): string {
	const withoutQuery = path.trim().split('?')[0];
	const placeholder = withoutQuery.search(/\/[^/]*\{/);
	if (placeholder === -1) return withoutQuery || '/';
	return withoutQuery.slice(0, placeholder) || '/';
}

/**
 * The customers one GET of `path` answers (its first page, as the API serves it), normalized as the node
 * outputs them, through the node's own transport and credential. A 404 gives none.
 */
export async function readSampleRecords(
	fn: ILoadOptionsFunctions,
	path: string,
	options: { qs?: IDataObject; recordsPath?: string } = {},
): Promise<Array<Record<string, unknown>>> {
	const connection = await openConnection(fn, EDITOR_POLICY);
	const response = await apiRequest(connection, {
		method: 'GET',
		path,
		qs: options.qs,
		itemIndex: 0,
	});
	if (response.status === 404) return [];
	return extractRecords(response.body, options.recordsPath || undefined).map(
		(raw) => normalizeRecord(raw, { nested: 'flatten' }).record,
	);
}

/**
 * Where the editor reads customers for this node's settings: the operation's own option (Update's Field List
 * Path, Get's List Search Path), else its Path up to the first `{placeholder}`.
 */
export function samplePathOf(
	fn: ILoadOptionsFunctions,
	ownOption: 'fieldListPath' | 'listSearchPath',
): string {
	const options = (fn.getNodeParameter('options', {}) ?? {}) as IDataObject;
	return (
		String(options[ownOption] ?? '').trim() ||
		listPathOf(String(fn.getNodeParameter('path', '') ?? ''))
	);
}

/** The transport names the item a request was made for; the editor's requests have none. */
export function editorMessageOf(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.replace(/^Item \d+: /, '');
}
