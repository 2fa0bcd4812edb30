/**
 * A rate-limiting gateway in front of the sample API, as an API gateway (nginx, Kong, a cloud API
 * manager) sits in front of a real ERP: it answers 429 with Retry-After when too many requests are in
 * flight or too many arrived in the current second, and forwards the rest. With `latencyMs` it holds
 * every admitted request that long before forwarding it (a remote ERP's round trip), and counts it in
 * flight meanwhile: with no limits it is the latency scenarios' remote API and in-flight counter.
 *
 * It also checks that clients honour the 429: a request for the same method and URL that comes back
 * before Retry-After has passed is counted as an early retry.
 */

import {
	Agent,
	createServer,
	request as httpRequest,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RateLimit {
	/** Requests being handled at once; one more is answered 429. */
	maxInFlight: number;
	/** Requests admitted per clock second (a fixed window); one more is answered 429. */
	perSecond: number;
	/** Seconds in the Retry-After header of a 429. */
	retryAfterSeconds: number;
}

export interface GatewayStats {
	admitted: number;
	rejected: number;
	rejectedInFlight: number;
	rejectedPerSecond: number;
	/** Requests repeated after a 429 sooner than Retry-After allowed. */
	earlyRetries: number;
	/** Requests repeated after a 429 once Retry-After had passed. */
	honouredRetries: number;
	peakInFlight: number;
	/** Time from a forwarded request's arrival to the end of its answer, in ms. */
	latencyP50Ms: number;
	latencyP95Ms: number;
	latencyMaxMs: number;
}

export interface RateLimitGateway {
	/** Origin of the gateway, e.g. http://127.0.0.1:40123. */
	origin: string;
	stats(): GatewayStats;
	resetStats(): void;
	/** Changes the limits from the next request on (each write scenario sets its own). */
	setLimit(limit: Partial<RateLimit>): void;
	close(): Promise<void>;
}

/** Timers may fire a little early relative to another process's clock reading. */
const EARLY_TOLERANCE_MS = 10;

type Counters = Omit<GatewayStats, 'latencyP50Ms' | 'latencyP95Ms' | 'latencyMaxMs'>;

function emptyCounters(): Counters {
	return {
		admitted: 0,
		rejected: 0,
		rejectedInFlight: 0,
		rejectedPerSecond: 0,
		earlyRetries: 0,
		honouredRetries: 0,
		peakInFlight: 0,
	};
}

function quantile(sorted: number[], q: number): number {
	if (sorted.length === 0) return 0;
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export async function startRateLimitGateway(
	upstreamOrigin: string,
	initialLimit: RateLimit,
	{ latencyMs = 0 }: { latencyMs?: number } = {},
): Promise<RateLimitGateway> {
	const limit = { ...initialLimit };
	const upstream = new URL(upstreamOrigin);
	const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
	let stats = emptyCounters();
	let latencies: number[] = [];
	let inFlight = 0;
	let windowSecond = 0;
	let windowCount = 0;
	/** method + URL → the earliest time a retry of that 429'd request may come. */
	let retryNotBefore = new Map<string, number>();

	const reject = (
		res: ServerResponse,
		key: string,
		now: number,
		reason: 'inFlight' | 'perSecond',
	) => {
		stats.rejected++;
		if (reason === 'inFlight') stats.rejectedInFlight++;
		else stats.rejectedPerSecond++;
		retryNotBefore.set(key, now + limit.retryAfterSeconds * 1000);
		const body = JSON.stringify({ error: 'rate_limited', message: 'Too many requests.' });
		res.writeHead(429, {
			'content-type': 'application/json; charset=utf-8',
			'content-length': String(Buffer.byteLength(body)),
			'retry-after': String(limit.retryAfterSeconds),
		});
		res.end(body);
	};

	const forward = (req: IncomingMessage, res: ServerResponse, arrived: number) => {
		inFlight++;
		stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
		res.once('close', () => {
			inFlight--;
			latencies.push(performance.now() - arrived);
		});
		if (latencyMs > 0) setTimeout(() => send(req, res), latencyMs);
		else send(req, res);
	};

	const send = (req: IncomingMessage, res: ServerResponse) => {
		const outgoing = httpRequest(
			{
				host: upstream.hostname,
				port: upstream.port,
				method: req.method,
				path: req.url,
				headers: req.headers,
				agent,
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		outgoing.on('error', () => {
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
			res.end('{"error":"bad_gateway"}');
		});
		req.pipe(outgoing);
	};

	const server: Server = createServer((req, res) => {
		const arrived = performance.now();
		const now = Date.now();
		const key = `${req.method} ${req.url}`;
		const notBefore = retryNotBefore.get(key);
		if (notBefore !== undefined) {
			retryNotBefore.delete(key);
			if (now < notBefore - EARLY_TOLERANCE_MS) stats.earlyRetries++;
			else stats.honouredRetries++;
		}
		const second = Math.floor(now / 1000);
		if (second !== windowSecond) {
			windowSecond = second;
			windowCount = 0;
		}
		if (inFlight >= limit.maxInFlight) return reject(res, key, now, 'inFlight');
		if (windowCount >= limit.perSecond) return reject(res, key, now, 'perSecond');
		windowCount++;
		stats.admitted++;
		forward(req, res, arrived);
	});
	server.keepAliveTimeout = 30_000;

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;

	return {
		origin: `http://127.0.0.1:${port}`,
		stats: () => {
			const sorted = [...latencies].sort((a, b) => a - b);
			return {
				...stats,
				latencyP50Ms: quantile(sorted, 0.5),
				latencyP95Ms: quantile(sorted, 0.95),
				latencyMaxMs: sorted.at(-1) ?? 0,
			};
		},
		setLimit: (changes) => {
			if (changes.maxInFlight !== undefined) limit.maxInFlight = changes.maxInFlight;
			if (changes.perSecond !== undefined) limit.perSecond = changes.perSecond;
			if (changes.retryAfterSeconds !== undefined)
				limit.retryAfterSeconds = changes.retryAfterSeconds;
		},
		resetStats: () => {
			stats = emptyCounters();
			latencies = [];
			retryNotBefore = new Map();
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
				agent.destroy();
			}),
	};
}
