import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RequestPolicy } from '../../transport';
import { DEFAULT_POLICY } from '../../transport';
import { CONCURRENCY_BOUNDS, REQUEST_OPTION_BOUNDS } from './descriptions';

export type ValidationMode = 'strict' | 'route' | 'report';

export interface RecordSettings {
	mode: ValidationMode;
	nested: 'flatten' | 'refuse';
	normalize: boolean;
	simplify: boolean;
	required: string[];
	recordsPath: string;
}

export function readValidationMode(fn: IExecuteFunctions): ValidationMode {
	return fn.getNodeParameter('validationMode', 0, 'strict') as ValidationMode;
}

export function readRecordSettings(fn: IExecuteFunctions, itemIndex: number): RecordSettings {
	const options = fn.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		mode: readValidationMode(fn),
		nested: options.nestedObjects === 'refuse' ? 'refuse' : 'flatten',
		normalize: options.keepValuesAsReceived !== true,
		simplify: options.simplify === true,
		required: (options.requiredFields as string[] | undefined) ?? [],
		recordsPath: String(options.recordsPath ?? '').trim(),
	};
}

/** Request settings are read once per execution (item 0): one policy serves the whole run. */
export function readRequestPolicy(fn: IExecuteFunctions): RequestPolicy {
	const options = fn.getNodeParameter('options', 0, {}) as IDataObject;
	// The editor's bounds, kept for values that come from an expression too: a timeout of 0 would mean none
	// at all, and a million attempts retry a dead API for good.
	const within = (
		value: unknown,
		{ minValue, maxValue }: { minValue: number; maxValue: number },
		fallback: number,
	) =>
		typeof value === 'number' && Number.isFinite(value)
			? Math.min(maxValue, Math.max(minValue, value))
			: fallback;
	const bounds = REQUEST_OPTION_BOUNDS;
	return {
		...DEFAULT_POLICY,
		maxAttempts: Math.floor(
			within(options.maxAttempts, bounds.maxAttempts, DEFAULT_POLICY.maxAttempts),
		),
		maxWaitMs:
			within(options.maxWaitSeconds, bounds.maxWaitSeconds, DEFAULT_POLICY.maxWaitMs / 1000) * 1000,
		timeoutMs:
			within(options.timeoutSeconds, bounds.timeoutSeconds, DEFAULT_POLICY.timeoutMs / 1000) * 1000,
		maxResponseBytes:
			within(
				options.maxResponseSizeMb,
				bounds.maxResponseSizeMb,
				DEFAULT_POLICY.maxResponseBytes / 2 ** 20,
			) *
			2 ** 20,
		retryNonIdempotent: options.retryNonIdempotent === true,
	};
}

/**
 * The run's Concurrency (item 0: one pool serves the whole run), within the editor's bounds also for a value
 * from an expression; 1 for an operation without the option.
 */
export function readConcurrency(
	fn: IExecuteFunctions,
	defaultConcurrency: number | undefined,
): number {
	if (defaultConcurrency === undefined) return 1;
	const value = Math.floor(
		Number(fn.getNodeParameter('options.concurrency', 0, defaultConcurrency)),
	);
	if (Number.isNaN(value)) return 1;
	return Math.min(CONCURRENCY_BOUNDS.maxValue, Math.max(CONCURRENCY_BOUNDS.minValue, value));
}
