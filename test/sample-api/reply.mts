/**
 * What a route answers, as data, and the one place that writes it to the socket (where a fault may cut
 * it or reset the connection), plus reading and parsing request bodies.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { TLSSocket } from 'node:tls';
import { setTimeout as delay } from 'node:timers/promises';

export type HeaderMap = Record<string, string | string[]>;

/** A body produced piece by piece (the 50 MB payload), never held in memory as a whole. */
export interface StreamedBody {
	/** Known up front, so the client can see a cut body is short. */
	contentLength: number;
	produce(write: (chunk: Buffer) => Promise<void>): Promise<void>;
}

export interface Reply {
	status: number;
	headers?: HeaderMap;
	body?: string | Buffer | StreamedBody;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function json(status: number, value: unknown, headers: HeaderMap = {}): Reply {
	return {
		status,
		headers: { 'content-type': JSON_TYPE, ...headers },
		body: JSON.stringify(value),
	};
}

/** A JSON body already serialized (pages are assembled from cached record bytes). */
export function jsonText(status: number, text: string | Buffer, headers: HeaderMap = {}): Reply {
	return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: text };
}

export function errorReply(
	status: number,
	error: string,
	message: string,
	headers: HeaderMap = {},
): Reply {
	return json(status, { error, message }, headers);
}

export function isStreamed(body: Reply['body']): body is StreamedBody {
	return typeof body === 'object' && body !== null && !Buffer.isBuffer(body);
}

export function bodyLength(body: Reply['body']): number {
	if (body === undefined) return 0;
	if (isStreamed(body)) return body.contentLength;
	return typeof body === 'string' ? Buffer.byteLength(body) : body.length;
}

/** Resolves when the chunk is handed to the socket; waits for 'drain' when the socket is full. */
export function writeChunk(res: ServerResponse, chunk: Buffer | string): Promise<void> {
	return new Promise((resolve, reject) => {
		if (res.destroyed) {
			reject(new Error('response closed'));
			return;
		}
		const flushed = res.write(chunk, (error) => (error ? reject(error) : undefined));
		if (flushed) resolve();
		else {
			const onDrain = () => {
				res.off('close', onClose);
				resolve();
			};
			const onClose = () => {
				res.off('drain', onDrain);
				reject(new Error('response closed'));
			};
			res.once('drain', onDrain);
			res.once('close', onClose);
		}
	});
}

export async function readBody(
	req: IncomingMessage,
	limitBytes: number,
): Promise<Buffer | 'too-large'> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > limitBytes) return 'too-large';
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

/** What `send` records about the answer. */
export interface SentLog {
	seq: number;
	status: number;
	aborted?: boolean;
}

export function parseBody(raw: Buffer, contentType: string | undefined): unknown {
	const text = raw.toString('utf8');
	if (/application\/x-www-form-urlencoded/i.test(contentType ?? '')) {
		return Object.fromEntries(new URLSearchParams(text));
	}
	return JSON.parse(text) as unknown;
}

export function formOf(raw: Buffer, contentType: string | undefined): URLSearchParams {
	const text = raw.toString('utf8');
	if (/application\/json/i.test(contentType ?? '')) {
		try {
			const value = JSON.parse(text) as Record<string, unknown>;
			return new URLSearchParams(Object.entries(value).map(([key, v]) => [key, String(v)]));
		} catch {
			return new URLSearchParams();
		}
	}
	return new URLSearchParams(text);
}

/**
 * A TCP RST on plain HTTP. Node cannot reset the TCP connection under a TLS socket (the TLS handle
 * refuses, and reaching for the inner socket crashes the process), so over HTTPS the connection is
 * closed without an answer: clients see "socket hang up" (ECONNRESET) either way.
 */
export function resetConnection(res: ServerResponse): void {
	const socket = res.socket;
	if (!socket) return;
	if (socket instanceof TLSSocket) socket.destroy();
	else socket.resetAndDestroy();
}

class Cut extends Error {}

/** Writes a reply; with `cut`, only the first half of the body, then closes the connection. */
export async function send(
	res: ServerResponse,
	reply: Reply,
	log: SentLog,
	cut = false,
): Promise<void> {
	log.status = reply.status;
	const length = bodyLength(reply.body);
	const headers: Record<string, string | string[]> = {
		...reply.headers,
		'x-request-id': String(log.seq),
	};
	if (reply.status !== 204 && reply.status !== 304) headers['content-length'] = String(length);
	res.writeHead(reply.status, headers);
	const body = reply.body;
	if (!cut) {
		if (isStreamed(body)) {
			await body.produce((chunk) => writeChunk(res, chunk));
			res.end();
		} else res.end(body);
		return;
	}
	log.aborted = true;
	const limit = Math.floor(length / 2);
	let written = 0;
	const writeUpTo = async (chunk: Buffer | string) => {
		const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		const room = limit - written;
		if (room > 0) {
			await writeChunk(res, bytes.subarray(0, room));
			written += Math.min(room, bytes.length);
		}
		if (written >= limit) throw new Cut();
	};
	try {
		if (limit === 0) res.flushHeaders();
		else if (isStreamed(body)) await body.produce(writeUpTo);
		else if (body !== undefined) await writeUpTo(body);
	} catch (error) {
		if (!(error instanceof Cut)) throw error;
	}
	// Let the written part reach the client before the connection goes away.
	await delay(20);
	res.socket?.destroy();
}
