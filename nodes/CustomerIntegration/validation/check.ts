/**
 * The result of one field check. Messages never name the field (the caller knows it) and never
 * show a full CPF or CNPJ.
 */
export type Check = { ok: true; value: string | boolean } | { ok: false; rule: string; message: string };

export type CheckRule =
	| 'type'
	| 'format'
	| 'checkDigits'
	| 'repeatedDigits'
	| 'ddd'
	| 'calendar'
	| 'unknownValue'
	| 'required'
	| 'state'
	| 'length';

export function passed(value: string | boolean): Check {
	return { ok: true, value };
}

export function failed(rule: CheckRule, message: string): Check {
	return { ok: false, rule, message };
}

const MAX_SHOWN_LENGTH = 40;

/** A non-document value quoted for a message, cut short so one odd value cannot flood a report. */
export function quote(value: string): string {
	const shown = value.length > MAX_SHOWN_LENGTH ? value.slice(0, MAX_SHOWN_LENGTH) + '…' : value;
	return `'${shown}'`;
}

/** `.` `-` `/`, ASCII whitespace, or anything non-ASCII (which may be Unicode whitespace). */
function mayBeSeparator(code: number): boolean {
	return code === 46 || code === 45 || code === 47 || code <= 32 || code >= 128;
}

/**
 * Removes `.`, `-`, `/` and whitespace. Returns the input itself when there is nothing to remove,
 * which is the common case for unmasked API values.
 */
export function stripSeparators(raw: string): string {
	for (let i = 0; i < raw.length; i++) {
		if (mayBeSeparator(raw.charCodeAt(i))) return raw.replace(SEPARATORS, '');
	}
	return raw;
}

const SEPARATORS = /[.\-/\s]/g;
