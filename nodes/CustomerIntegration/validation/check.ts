import { maskDocumentsIn } from './documentsInText';
import { cutForMessage, MAX_QUOTED_LENGTH } from './mask';

/**
 * The result of one field check. Messages never name the field (the caller knows it) and never
 * show a full CPF or CNPJ.
 */
export type Check =
	| { ok: true; value: string | boolean }
	| { ok: false; rule: string; message: string };

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

/** Only ASCII digits (true for ''). */
export function isDigits(value: string): boolean {
	for (let i = 0; i < value.length; i++) {
		const code = value.charCodeAt(i);
		if (code < 48 || code > 57) return false;
	}
	return true;
}

/**
 * A value quoted for a message, cut short so one odd value cannot flood a report. A CPF or CNPJ typed
 * into another field (an e-mail, a name) is masked all the same.
 */
export function quote(value: string): string {
	return `'${cutForMessage(value, MAX_QUOTED_LENGTH, maskDocumentsIn)}'`;
}

function separatorTable(separators: string): Uint8Array {
	const table = new Uint8Array(128);
	for (const character of separators) table[character.charCodeAt(0)] = 1;
	return table;
}

const DOCUMENT_SEPARATORS = separatorTable('.-/ ');
const DOCUMENT_SEPARATORS_ANYWHERE = /[.\-/\s]/g;
const PHONE_SEPARATORS = separatorTable('()-. ');
const PHONE_SEPARATORS_ANYWHERE = /[().\-\s]/g;

/**
 * Removes the separators of `table`. Returns the input itself when there is nothing to remove, the
 * common case for unmasked API values. Hand-written: it runs for most fields of every record, and
 * slicing between separators is several times faster than a regex replace.
 */
function withoutSeparators(raw: string, table: Uint8Array, anywhere: RegExp): string {
	let compact = '';
	let start = 0;
	for (let i = 0; i < raw.length; i++) {
		const code = raw.charCodeAt(i);
		if (code < 32 || code >= 128) {
			// Tabs, line breaks, no-break and other Unicode spaces: rare, left to the regex.
			return raw.replace(anywhere, '');
		}
		if (table[code] === 1) {
			if (i > start) compact += raw.slice(start, i);
			start = i + 1;
		}
	}
	if (start === 0) return raw;
	return start < raw.length ? compact + raw.slice(start) : compact;
}

/** Removes `.`, `-`, `/` and whitespace (CPF, CNPJ, CEP masks). */
export function stripSeparators(raw: string): string {
	return withoutSeparators(raw, DOCUMENT_SEPARATORS, DOCUMENT_SEPARATORS_ANYWHERE);
}

/** Removes `(`, `)`, `-`, `.` and whitespace (phone masks). */
export function stripPhoneMask(raw: string): string {
	return withoutSeparators(raw, PHONE_SEPARATORS, PHONE_SEPARATORS_ANYWHERE);
}
