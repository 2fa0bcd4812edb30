/**
 * Errors of the mapping layer. Plain `Error` subclasses so the pure modules stay free of n8n; the node
 * turns them into `NodeOperationError` / `NodeApiError` with the item index.
 */

import { maskDocumentsIn } from '../validation/documentsInText';

/** A record has a shape the node cannot read (a nested object when nesting is refused, too deep). */
export class RecordShapeError extends Error {
	/** The raw key (or dot path) of the offending field. */
	readonly field: string;

	constructor(message: string, field: string) {
		super(message);
		this.name = 'RecordShapeError';
		this.field = field;
	}
}

/** A response body is not what a customer API must answer (not JSON, no array of records, ...). */
export class ResponseShapeError extends Error {
	/** Where in the body the problem was found (an items path, `[3]`), when it is inside the body. */
	readonly path?: string;

	constructor(message: string, path?: string) {
		super(message);
		this.name = 'ResponseShapeError';
		if (path !== undefined) this.path = path;
	}
}

const MAX_SHOWN_KEY_LENGTH = 60;

/** A key for a message: quoted, and cut so a hostile or absurd key cannot flood the message. */
export function quoteKey(key: string): string {
	const shown = key.length > MAX_SHOWN_KEY_LENGTH ? `${key.slice(0, MAX_SHOWN_KEY_LENGTH)}…` : key;
	return `'${maskDocumentsIn(shown)}'`;
}
