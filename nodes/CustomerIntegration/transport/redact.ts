import { maskDocumentsIn } from '../validation/documentsInText';
import { maskDocument } from '../validation/mask';

// Runs of 6+ digits (optionally with the . - / of CPF, CNPJ and phone masks) are personal data in this
// domain: in text from the API or a URL, error messages show them masked by the one rule (maskDocument).
const DIGIT_RUN = /\p{Nd}[\p{Nd}.\-/]{4,}\p{Nd}/gu;

/** Paths and API text for messages: documents (see maskDocumentsIn) and any 6+ digit run masked. */
export function maskDigitRuns(text: string): string {
	return maskDocumentsIn(text).replace(DIGIT_RUN, (run) => maskDocument(run));
}

// An API or gateway may echo the request in its error text (`Authorization: Basic dXNlcjpz...`) or
// answer with token fields; the node quotes that text, so credentials in it are cut out first.
// Scheme names as HTTP writes them (case-sensitive), so prose such as "basic plan" is left alone.
const SCHEME_CREDENTIAL = /\b(Basic|Bearer)\s+[A-Za-z0-9._~+/=-]{4,}/g;
const SECRET_FIELD =
	/(["']?\b(?:access_token|refresh_token|id_token|client_secret|password|passwd|senha|secret|api[_-]?key|token|authorization)\b["']?\s*[:=]\s*["']?)(?:(?:Basic|Bearer)\s+)?[^"'&\s,;}]+/gi;

/** A JWT (header.payload.signature, base64url): a token whoever issued it, never quoted. */
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The forms a secret takes in an API's text: as it is, percent-encoded (a URL or form body echoed back,
 * spaces as %20 or +), in any case (an API that upper-cases what it quotes). Longest first, so the
 * encoded form is cut whole.
 */
function secretForms(secret: string): RegExp {
	const encoded = encodeURIComponent(secret);
	const forms = [...new Set([secret, encoded, encoded.replace(/%20/g, '+'), encodeURI(secret)])];
	forms.sort((a, b) => b.length - a.length);
	return new RegExp(forms.map(escapeRegExp).join('|'), 'giu');
}

/**
 * API text without credentials: the credential's own secret values in any phrasing (`token abc lacks
 * scope`) and form, then whatever has the shape of one.
 */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
	let result = text;
	for (const secret of knownSecrets) result = result.replace(secretForms(secret), '[redacted]');
	return result
		.replace(JWT, '[redacted]')
		.replace(SCHEME_CREDENTIAL, '$1 [redacted]')
		.replace(SECRET_FIELD, '$1[redacted]');
}

/** A request path for a message: query string dropped, percent-escapes decoded (so `%2F` or `%20` cannot hide a document's separators), numbers masked. */
export function maskPath(path: string): string {
	const withoutQuery = path.split('?')[0];
	let decoded = withoutQuery;
	try {
		decoded = decodeURIComponent(withoutQuery);
	} catch {
		// A malformed escape: mask the path as it is.
	}
	return maskDigitRuns(decoded);
}
