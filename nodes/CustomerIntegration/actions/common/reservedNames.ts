import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Names a plain object cannot hold as its own keys the way a field or query parameter needs: `__proto__`
 * sets the prototype instead, and `constructor`/`prototype` are dropped or shadowed on the way to the
 * request (a lookup by `constructor` listed every customer unfiltered). Refused wherever a user names one.
 */
const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isReservedName(name: string): boolean {
	return RESERVED_NAMES.has(name);
}

/** Throws an item error when `name` is reserved; `label` says which parameter gave it ("Filter 2"). */
export function refuseReservedName(
	fn: IExecuteFunctions,
	itemIndex: number,
	label: string,
	name: string,
	errorClass: typeof NodeOperationError = NodeOperationError,
): void {
	if (!isReservedName(name)) return;
	throw new errorClass(
		fn.getNode(),
		`Item ${itemIndex}: ${label} '${name}' cannot be used: __proto__, constructor and prototype are reserved names - nothing was sent`,
		{ itemIndex, description: 'Use the name the API gives the field, which cannot be one of these.' },
	);
}
