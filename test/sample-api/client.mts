/**
 * Small clients for tests of and with the sample API: an Authorization header, and a raw request over
 * node:http(s) that trusts the local CA (fetch cannot take a CA without an extra dependency) and
 * returns the exact bytes, so tests can look at non-UTF-8 or cut bodies.
 */

import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export function basicAuthorization(user: { username: string; password: string }): string {
	return 'Basic ' + Buffer.from(`${user.username}:${user.password}`).toString('base64');
}

export interface RawResponse {
	status: number;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

export interface RawRequestOptions {
	method?: string;
	headers?: Record<string, string>;
	body?: string;
	/** PEM of the CA to trust (HTTPS). */
	ca?: string;
}

/** Rejects when the connection fails or the body is cut (error code, e.g. ECONNRESET, kept). */
export function rawRequest(url: string, options: RawRequestOptions = {}): Promise<RawResponse> {
	const send = url.startsWith('https:') ? httpsRequest : httpRequest;
	return new Promise((resolve, reject) => {
		const req = send(
			url,
			{ method: options.method ?? 'GET', headers: options.headers, ca: options.ca, agent: false },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('aborted', () =>
					reject(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })),
				);
				res.on('error', reject);
				res.on('end', () => {
					if (!res.complete) {
						reject(Object.assign(new Error('response incomplete'), { code: 'ECONNRESET' }));
						return;
					}
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks),
					});
				});
			},
		);
		req.on('error', reject);
		req.end(options.body);
	});
}

/** `fetch` against `api.url` with the API's Basic user; `path` starts after `/api`. */
export function basicFetch(api: {
	url: string;
	credentials: { basic: { username: string; password: string } };
}): (path: string, init?: RequestInit) => Promise<Response> {
	const authorization = basicAuthorization(api.credentials.basic);
	return (path, init = {}) =>
		fetch(api.url + path, {
			...init,
			headers: { authorization, ...(init.headers as Record<string, string> | undefined) },
		});
}
