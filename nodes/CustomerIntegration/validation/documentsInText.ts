/**
 * Where free text (a value quoted in a message, a record label, a response key) may hold a CPF or CNPJ,
 * however written: 11 or more digits with single `.` `-` `/` or whitespace (any, as validation strips any) between them, a CNPJ-shaped
 * run of letters and digits (`12.ABC.345/01DE-35`, any case), or an unbroken run of 11+ letters and
 * digits with at least two digits. Shorter numbers (CEP, dates, area codes) stay readable.
 */
const DOCUMENT_IN_TEXT = new RegExp(
	[
		String.raw`(?<!\d)\d(?:[.\-/\s]?\d){10,}(?!\d)`,
		String.raw`(?<![0-9A-Za-z])[0-9A-Za-z]{2}[.\s]?[0-9A-Za-z]{3}[.\s]?[0-9A-Za-z]{3}[/\s]?[0-9A-Za-z]{4}[-\s]?\d{2}(?![0-9A-Za-z])`,
		String.raw`(?<![0-9A-Za-z])(?=(?:[A-Za-z]*\d){2})[0-9A-Za-z]{11,}(?![0-9A-Za-z])`,
	].join('|'),
	'g',
);

/** Free text with every CPF- or CNPJ-like run cut to its last two characters (`***25`). */
export function maskDocumentsIn(text: string): string {
	return text.replace(DOCUMENT_IN_TEXT, (run) => `***${run.slice(-2)}`);
}
