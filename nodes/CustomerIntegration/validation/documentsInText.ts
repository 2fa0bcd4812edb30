import { maskDocument } from './mask';

/** A digit of any script (full-width ５, Arabic-Indic ٥): validation reads none of them, people type them. */
const D = String.raw`\p{Nd}`;
/** One separator between the groups of a written document: anything but a letter or digit (`.` `-` `_` `:` …). */
const S = String.raw`[^\p{L}\p{N}]`;
const ALNUM = String.raw`[A-Za-z\p{Nd}]`;

/**
 * Where free text (a value quoted in a message, a record label, a response key, an API's error text)
 * may hold a CPF or CNPJ, however written: 11 or more digits with single `.` `-` `/` or whitespace
 * between them; the CPF (3-3-3-2) or CNPJ (2-3-3-4-2) grouping with any one separator between groups
 * (`529_982_247_25`, `529:982:247:25`); a CNPJ-shaped run of letters and digits (`12.ABC.345/01DE-35`,
 * any case); or an unbroken run of 11+ letters and digits with at least two digits. Shorter numbers
 * (CEP, dates, area codes) stay readable.
 */
const DOCUMENT_IN_TEXT = new RegExp(
	[
		String.raw`(?<!${D})${D}(?:[.\-/\s]?${D}){10,}(?!${D})`,
		String.raw`(?<!${ALNUM})${D}{3}(${S})${D}{3}\1${D}{3}${S}${D}{2}(?!${ALNUM})`,
		String.raw`(?<!${ALNUM})${D}{2}(${S})${D}{3}\2${D}{3}${S}${D}{4}${S}${D}{2}(?!${ALNUM})`,
		String.raw`(?<!${ALNUM})${ALNUM}{2}[.\s]?${ALNUM}{3}[.\s]?${ALNUM}{3}[/\s]?${ALNUM}{4}[-\s]?${D}{2}(?!${ALNUM})`,
		String.raw`(?<!${ALNUM})(?=(?:[A-Za-z]*${D}){2})${ALNUM}{11,}(?!${ALNUM})`,
	].join('|'),
	'gu',
);

/** Free text with every CPF- or CNPJ-like run masked by the one rule (maskDocument: `***.***.***-25`). */
export function maskDocumentsIn(text: string): string {
	return text.replace(DOCUMENT_IN_TEXT, (run) => maskDocument(run));
}
