/**
 * Errors of the pure transport modules. Plain `Error` subclasses: the node turns them into
 * `NodeOperationError` / `NodeApiError` with the item index. Their messages never contain
 * credentials, query strings or path values (a path value may be a CPF/CNPJ).
 */

export type UrlScopeReason =
	| 'invalid'
	| 'scheme'
	| 'host'
	| 'userinfo'
	| 'characters'
	| 'path'
	| 'placeholder';

/** A URL that would send the credential outside its base URL, or a base URL that is not safe to use. */
export class UrlScopeError extends Error {
	readonly reason: UrlScopeReason;

	constructor(message: string, reason: UrlScopeReason) {
		super(message);
		this.name = 'UrlScopeError';
		this.reason = reason;
	}
}

/** Pagination settings that cannot work, or an API whose pages would never end. */
export class PaginationError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PaginationError';
	}
}
