/**
 * The floor's HTTP client: `node:http` with a keep-alive agent, the body kept as raw Buffers and
 * concatenated once. Nothing else in front of the socket (no fetch/undici stream machinery, no
 * n8n helpers), so what it costs is what plain Node costs.
 */

import { Agent, request, type IncomingHttpHeaders } from 'node:http';

export interface PlainResponse {
	status: number;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

export class PlainClient {
	private readonly agent: Agent;
	private readonly host: string;
	private readonly port: number;
	private readonly basePath: string;
	private readonly headers: Record<string, string>;

	constructor(baseUrl: string, basic: { username: string; password: string }, sockets: number) {
		const url = new URL(baseUrl);
		if (url.protocol !== 'http:')
			throw new Error(`the floor speaks plain http, not ${url.protocol}`);
		this.host = url.hostname;
		this.port = Number(url.port);
		this.basePath = url.pathname.replace(/\/$/, '');
		this.agent = new Agent({ keepAlive: true, maxSockets: Math.max(1, sockets) });
		this.headers = {
			authorization: `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}`,
			accept: 'application/json',
		};
	}

	/** GET `path` (with its query) under the base URL. */
	get(path: string): Promise<PlainResponse> {
		return new Promise((resolve, reject) => {
			const outgoing = request(
				{
					host: this.host,
					port: this.port,
					path: this.basePath + path,
					method: 'GET',
					headers: this.headers,
					agent: this.agent,
				},
				(response) => {
					const chunks: Buffer[] = [];
					let length = 0;
					response.on('data', (chunk: Buffer) => {
						chunks.push(chunk);
						length += chunk.length;
					});
					response.once('end', () =>
						resolve({
							status: response.statusCode ?? 0,
							headers: response.headers,
							body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length),
						}),
					);
					response.once('error', reject);
				},
			);
			outgoing.once('error', reject);
			outgoing.end();
		});
	}

	/** GET and JSON.parse a 200 answer; anything else throws with the path. */
	async getJson<T>(path: string): Promise<{ body: T; headers: IncomingHttpHeaders }> {
		const response = await this.get(path);
		if (response.status !== 200) throw new Error(`GET ${path}: HTTP ${response.status}`);
		return { body: JSON.parse(response.body.toString('utf8')) as T, headers: response.headers };
	}

	close(): void {
		this.agent.destroy();
	}
}

/**
 * Runs `task(0..count-1)` with at most `limit` running at once, in index order; the first failure
 * rejects (the tasks already started run on).
 */
export async function eachWithLimit(
	count: number,
	limit: number,
	task: (index: number) => Promise<void>,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < count) await task(next++);
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
}
