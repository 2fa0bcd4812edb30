import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RequestPolicy } from '../../transport';
import { DEFAULT_POLICY } from '../../transport';

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
	const seconds = (value: unknown, fallbackMs: number) =>
		typeof value === 'number' && Number.isFinite(value) ? value * 1000 : fallbackMs;
	return {
		...DEFAULT_POLICY,
		maxAttempts:
			typeof options.maxAttempts === 'number'
				? Math.max(1, options.maxAttempts)
				: DEFAULT_POLICY.maxAttempts,
		maxWaitMs: seconds(options.maxWaitSeconds, DEFAULT_POLICY.maxWaitMs),
		timeoutMs: seconds(options.timeoutSeconds, DEFAULT_POLICY.timeoutMs),
		retryNonIdempotent: options.retryNonIdempotent === true,
	};
}
