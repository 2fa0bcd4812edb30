// Runs of 6+ digits (optionally with the . - / of CPF, CNPJ and phone masks), or of 11+ letters and digits
// (alphanumeric CNPJ), are personal data in this domain: error messages show only their last two characters.
const DOCUMENT_LIKE = /\d[\d.\-/]{4,}\d|\b(?=[0-9A-Z]*\d)[0-9A-Z]{11,}\b/g;

export function maskDigitRuns(text: string): string {
	return text.replace(DOCUMENT_LIKE, (run) => `***${run.slice(-2)}`);
}
