/**
 * A response body → text, decoded while it streams in: an arraybuffer would keep every chunk and a joined
 * copy of the whole body outside the JS heap until a full collection (measured in docs/ARCHITECTURE.md).
 */

/** The body's bytes are not valid in the charset it declared (UTF-8 unless said otherwise). */
export class UndecodableBodyError extends Error {
	constructor() {
		super('invalid UTF-8');
		this.name = 'UndecodableBodyError';
	}
}

/**
 * The body is larger than the node accepts: Max Response Size (`limit: 'setting'`, counted on the
 * decoded bytes, so a small compressed body that expands is caught as it expands), or longer than the
 * longest string the JavaScript engine can hold (`limit: 'engine'`, about 512 MB).
 */
export class ResponseTooLargeError extends Error {
	constructor(
		readonly limit: 'setting' | 'engine',
		readonly maxBytes: number,
	) {
		super('response too large');
		this.name = 'ResponseTooLargeError';
	}
}

type Body = AsyncIterable<Uint8Array | string> & { destroy?: () => void };

function isStream(body: unknown): body is Body {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof (body as Body)[Symbol.asyncIterator] === 'function'
	);
}

/** ISO-8859-1 or windows-1252 declared in Content-Type (quoted or not); anything else is read as UTF-8. */
export function isLatin1Charset(contentType: string | undefined): boolean {
	const charset = /charset=([^;]+)/i
		.exec(contentType ?? '')?.[1]
		.trim()
		.replace(/^"(.*)"$/, '$1')
		.toLowerCase();
	return charset === 'iso-8859-1' || charset === 'latin1' || charset === 'windows-1252';
}

/**
 * Reads the whole body, at most `maxBytes` of it (decoded bytes: after gzip/deflate/br). Throws
 * UndecodableBodyError for bytes that are not valid UTF-8 (a declared Latin-1 body always decodes),
 * ResponseTooLargeError past `maxBytes` or the engine's string limit (the stream is let go at once), and
 * rethrows whatever the stream fails with (a connection reset while the body was on its way): the caller
 * decides whether to try again.
 */
export async function readBodyText(
	body: unknown,
	latin1: boolean,
	maxBytes = Number.POSITIVE_INFINITY,
): Promise<string> {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') {
		if (body.length > maxBytes) throw new ResponseTooLargeError('setting', maxBytes);
		return body;
	}
	const decoder = new TextDecoder(latin1 ? 'latin1' : 'utf-8', { fatal: !latin1 });
	const decode = (bytes: Uint8Array, stream: boolean): string => {
		const text = decodeOrUndefined(decoder, bytes, stream);
		if (text === undefined) throw new UndecodableBodyError();
		return text;
	};
	const whole = (bytes: Uint8Array): string => {
		if (bytes.byteLength > maxBytes) throw new ResponseTooLargeError('setting', maxBytes);
		return decode(bytes, false);
	};
	if (body instanceof ArrayBuffer) return whole(new Uint8Array(body));
	if (body instanceof Uint8Array) return whole(body);
	if (!isStream(body)) return '';
	let text = '';
	let received = 0;
	let complete = false;
	try {
		for await (const chunk of body) {
			received += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
			if (received > maxBytes) throw new ResponseTooLargeError('setting', maxBytes);
			const longer = joined(text, typeof chunk === 'string' ? chunk : decode(chunk, true));
			if (longer === undefined) throw new ResponseTooLargeError('engine', maxBytes);
			text = longer;
		}
		complete = true;
	} finally {
		if (!complete) body.destroy?.();
	}
	const rest = joined(text, decode(new Uint8Array(0), false));
	if (rest === undefined) throw new ResponseTooLargeError('engine', maxBytes);
	return rest;
}

/** `text + more`, or undefined past the engine's longest string (V8 throws RangeError: Invalid string length). */
function joined(text: string, more: string): string | undefined {
	try {
		return text + more;
	} catch {
		return undefined;
	}
}

/**
 * The decoder's verdict without its exception: throwing our own error from a catch block is what n8n's
 * lint reserves for NodeApiError and NodeOperationError, and the transport turns this one into those.
 */
function decodeOrUndefined(
	decoder: InstanceType<typeof TextDecoder>,
	bytes: Uint8Array,
	stream: boolean,
): string | undefined {
	try {
		return decoder.decode(bytes, { stream });
	} catch {
		return undefined;
	}
}

/** Lets go of a body nobody will read, so its connection is freed. */
export function discardBody(body: unknown): void {
	if (isStream(body)) body.destroy?.();
}
