/**
 * A minimal loopback HTTP server for what the sample API does not serve: hand-made next-page links,
 * a Latin-1 body with its charset, arbitrary fuzzed bodies, redirects, bodies that trickle or never end,
 * connections cut after the request arrived, and an "evil" host that counts whoever reaches it.
 */

import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackRequest {
	method: string;
	url: URL;
	headers: IncomingHttpHeaders;
	/** The request body as text ('' when none). */
	body: string;
}

export interface LoopbackReply {
	status?: number;
	headers?: Record<string, string>;
	body?: string | Buffer;
	/** Takes the response over (trickle, cut the connection, ...); status, headers and body are then unused. */
	raw?: (response: ServerResponse) => void;
}

export interface Loopback {
	/** e.g. http://127.0.0.1:41234 */
	origin: string;
	port: number;
	readonly requests: LoopbackRequest[];
	close(): Promise<void>;
}

export type LoopbackHandler = (request: LoopbackRequest) => LoopbackReply | Promise<LoopbackReply>;

const notFound: LoopbackHandler = () => ({ status: 404, body: '{"error":"not_found"}' });

export async function startLoopback(handler: LoopbackHandler = notFound): Promise<Loopback> {
	const requests: LoopbackRequest[] = [];
	const server = createServer((req, res) => {
		const request: LoopbackRequest = {
			method: req.method ?? 'GET',
			url: new URL(req.url ?? '/', 'http://loopback.invalid'),
			headers: req.headers,
			body: '',
		};
		requests.push(request);
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			request.body = Buffer.concat(chunks).toString('utf8');
			void Promise.resolve()
				.then(() => handler(request))
				.then(
					(reply) => {
						if (reply.raw) {
							reply.raw(res);
							return;
						}
						res.writeHead(reply.status ?? 200, {
							'content-type': 'application/json; charset=utf-8',
							...reply.headers,
						});
						res.end(reply.body);
					},
					(error: unknown) => {
						res.writeHead(500, { 'content-type': 'text/plain' });
						res.end(String(error));
					},
				);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		port,
		requests,
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};
}
