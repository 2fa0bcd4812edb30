import { CUSTOMER_SHAPE, customerSchema, isAbsent } from './customerSchema';

export interface ValidationIssue {
	field: string;
	rule: string;
	message: string;
}

export interface ValidationResult {
	valid: boolean;
	normalized: Record<string, unknown>;
	issues: ValidationIssue[];
}

export interface ValidateOptions {
	/** Output normalized values (masks stripped, E.164, ISO dates, booleans) instead of the input's. */
	normalize: boolean;
	/** Keys that must hold a value (absent, null, '' and whitespace-only count as missing). */
	required?: string[];
}

/**
 * Validates a record with canonical keys against the customer schema. Never throws: wrong types
 * and broken values become issues. Absent values are not checked and are kept as received.
 * `normalized` keeps the record's key order; with `normalize: false` it holds the values as received.
 */
export function validateCustomer(
	record: Record<string, unknown>,
	options: ValidateOptions,
): ValidationResult {
	try {
		return validate(record, options);
	} catch (error) {
		// Unreachable by design; a bug here must become an issue, not a failed workflow.
		return {
			valid: false,
			normalized: { ...record },
			issues: [{ field: '', rule: 'type', message: `record could not be validated: ${String(error)}` }],
		};
	}
}

function validate(record: Record<string, unknown>, options: ValidateOptions): ValidationResult {
	if (typeof record !== 'object' || record === null || Array.isArray(record)) {
		return {
			valid: false,
			normalized: {},
			issues: [{ field: '', rule: 'type', message: 'record: expected an object' }],
		};
	}
	const issues: ValidationIssue[] = [];
	if (options.required !== undefined) {
		for (const field of options.required) {
			if (isAbsent(record[field])) {
				issues.push({ field, rule: 'required', message: `${field}: required but missing` });
			}
		}
	}
	const parsed = customerSchema.safeParse(record);
	if (parsed.success) {
		return {
			valid: issues.length === 0,
			normalized: options.normalize ? inRecordOrder(record, parsed.data) : { ...record },
			issues,
		};
	}
	const failedFields = new Set<string>();
	for (const issue of parsed.error.issues) {
		const field = issue.path.length > 0 ? String(issue.path[0]) : '';
		const rule = issue.code === 'custom' && issue.params?.rule ? String(issue.params.rule) : 'type';
		failedFields.add(field);
		issues.push({ field, rule, message: `${field}: ${issue.message}` });
	}
	return {
		valid: false,
		normalized: options.normalize ? normalizedExcept(record, failedFields) : { ...record },
		issues,
	};
}

function isCanonical(key: string): boolean {
	return Object.prototype.hasOwnProperty.call(CUSTOMER_SHAPE, key);
}

/** Canonical fields from the parse output, the rest as received, in the record's key order. */
function inRecordOrder(
	record: Record<string, unknown>,
	parsed: Record<string, unknown>,
): Record<string, unknown> {
	const normalized: Record<string, unknown> = {};
	for (const key of Object.keys(record)) {
		setOwn(normalized, key, isCanonical(key) ? parsed[key] : record[key]);
	}
	return normalized;
}

/** Valid fields normalized (each through its own field schema), failed ones as received. */
function normalizedExcept(
	record: Record<string, unknown>,
	failedFields: ReadonlySet<string>,
): Record<string, unknown> {
	const normalized: Record<string, unknown> = {};
	for (const key of Object.keys(record)) {
		const value = record[key];
		if (!isCanonical(key) || failedFields.has(key)) {
			setOwn(normalized, key, value);
		} else {
			const field = CUSTOMER_SHAPE[key].safeParse(value);
			normalized[key] = field.success ? field.data : value;
		}
	}
	return normalized;
}

/** An API may send a `__proto__` key (JSON.parse makes it an own property); keep it as data. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
	if (key === '__proto__') {
		Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
	} else {
		target[key] = value;
	}
}
