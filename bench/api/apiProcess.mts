/**
 * The benchmark's API process (a child of bench/run.mts, so the server never shares an event loop
 * with the measured code). It serves, on 127.0.0.1 over plain HTTP:
 *   - `reads`:   the sample API with the full dataset (Get Many scenarios);
 *   - `cold`:    the same API with --cold-records (cold-process and running-server scenarios);
 *   - `warmup`:  the same API with a few pages, for the in-process warm-up of each scenario child;
 *   - `writes`:  a sample API with the records to update, answering after --write-latency ms (a real
 *                ERP takes time to answer), behind a rate-limiting gateway (429 + Retry-After when too
 *                many requests are in flight or per second);
 *   - `remote`:  the `reads` API behind a gateway that holds every request --latency ms (a remote ERP)
 *                and counts the requests in flight, with no limit (the latency scenarios);
 *   - `admin`:   GET /stats, POST /reset, POST /limits?maxInFlight=n&perSecond=n, GET /codes?count=n,
 *                GET /verify?tag=t&count=n (not limited); GET /remote/stats, POST /remote/reset;
 *                GET /lookups?of=reads|writes&count=n&repeat=share&seed=n (the CPFs to look up).
 * When ready it prints one line: `@@ready {json}`. It stops on SIGTERM.
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';

import { startSampleApi } from '../../test/sample-api/server.mts';
import { codigoOf } from '../../test/sample-api/customerStore.mts';
import { lookupKeys } from '../lib/lookupKeys.mts';
import { markerEmail } from '../lib/updateMarker.mts';
import { startRateLimitGateway } from './rateLimitGateway.mts';

export interface ApiEndpoints {
	readsUrl: string;
	/** The reads API behind the latency gateway. */
	remoteUrl: string;
	/** The admin of the process serving reads and remote (the writes' admin is `adminUrl`). */
	readsAdminUrl: string;
	latencyMs: number;
	/** A smaller listing for the cold-process and running-server scenarios. */
	coldUrl: string;
	coldRecords: number;
	warmupUrl: string;
	/** Through the rate-limiting gateway. */
	writesUrl: string;
	adminUrl: string;
	basic: { username: string; password: string };
	records: number;
	warmupRecords: number;
	updates: number;
}

const { values } = parseArgs({
	options: {
		records: { type: 'string' },
		'warmup-records': { type: 'string' },
		updates: { type: 'string' },
		seed: { type: 'string' },
		'write-latency': { type: 'string' },
		'max-in-flight': { type: 'string' },
		'per-second': { type: 'string' },
		'retry-after': { type: 'string' },
		latency: { type: 'string' },
		'cold-records': { type: 'string' },
	},
});
const count = (name: keyof typeof values, fallback: number) => {
	const value = Number(values[name] ?? fallback);
	if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
	return value;
};

const seed = count('seed', 1);
const reads = await startSampleApi({ records: count('records', 100_000), seed, tls: false });
const cold = await startSampleApi({ records: count('cold-records', 20_000), seed, tls: false });
const warmup = await startSampleApi({ records: count('warmup-records', 5_000), seed, tls: false });
const writes = await startSampleApi({
	records: count('updates', 10_000),
	seed,
	tls: false,
	latencyMs: count('write-latency', 0),
});
const gateway = await startRateLimitGateway(writes.origin, {
	maxInFlight: count('max-in-flight', 8),
	perSecond: count('per-second', 1000),
	retryAfterSeconds: count('retry-after', 1),
});

const latencyMs = count('latency', 0);
const remote = await startRateLimitGateway(
	reads.origin,
	{
		maxInFlight: Number.POSITIVE_INFINITY,
		perSecond: Number.POSITIVE_INFINITY,
		retryAfterSeconds: 1,
	},
	{ latencyMs },
);

function lookupsOf(url: URL) {
	const api = url.searchParams.get('of') === 'writes' ? writes : reads;
	return lookupKeys(api.state.records, new Set(api.state.invalid.map((note) => note.codigo)), {
		count: Number(url.searchParams.get('count') ?? 0),
		repeatShare: Number(url.searchParams.get('repeat') ?? 0),
		seed: Number(url.searchParams.get('seed') ?? 1),
	});
}

function firstCodes(n: number): string[] {
	return writes.state.records.slice(0, n).map(codigoOf);
}

/** Whether the first `n` records carry the value the run with `tag` wrote. */
function verify(tag: string, n: number) {
	const records = writes.state.records.slice(0, n);
	const missing: string[] = [];
	let updated = 0;
	for (const record of records) {
		const codigo = codigoOf(record);
		if (record.email === markerEmail(tag, codigo)) updated++;
		else if (missing.length < 5) missing.push(codigo);
	}
	return { expected: records.length, updated, missing };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(text);
}

function admin(req: IncomingMessage, res: ServerResponse): void {
	const url = new URL(req.url ?? '/', 'http://admin.invalid');
	if (url.pathname === '/stats') {
		return reply(res, 200, { gateway: gateway.stats(), updatesStored: writes.state.updates });
	}
	if (url.pathname === '/limits' && req.method === 'POST') {
		const positive = (name: string) => {
			const value = Number(url.searchParams.get(name));
			return Number.isInteger(value) && value > 0 ? value : undefined;
		};
		gateway.setLimit({ maxInFlight: positive('maxInFlight'), perSecond: positive('perSecond') });
		return reply(res, 200, { ok: true });
	}
	if (url.pathname === '/reset' && req.method === 'POST') {
		writes.reset();
		gateway.resetStats();
		return reply(res, 200, { ok: true });
	}
	if (url.pathname === '/remote/stats') return reply(res, 200, { gateway: remote.stats() });
	if (url.pathname === '/remote/reset' && req.method === 'POST') {
		remote.resetStats();
		return reply(res, 200, { ok: true });
	}
	if (url.pathname === '/lookups') return reply(res, 200, lookupsOf(url));
	if (url.pathname === '/codes') {
		return reply(res, 200, firstCodes(Number(url.searchParams.get('count') ?? 0)));
	}
	if (url.pathname === '/verify') {
		const n = Number(url.searchParams.get('count') ?? writes.state.records.length);
		return reply(res, 200, verify(url.searchParams.get('tag') ?? '', n));
	}
	reply(res, 404, { error: 'not_found' });
}

const adminServer = createServer(admin);
await new Promise<void>((resolve) => adminServer.listen(0, '127.0.0.1', () => resolve()));

const endpoints: ApiEndpoints = {
	readsUrl: reads.url,
	remoteUrl: `${remote.origin}/api`,
	readsAdminUrl: `http://127.0.0.1:${(adminServer.address() as AddressInfo).port}`,
	latencyMs,
	coldUrl: cold.url,
	coldRecords: cold.state.records.length,
	warmupUrl: warmup.url,
	writesUrl: `${gateway.origin}/api`,
	adminUrl: `http://127.0.0.1:${(adminServer.address() as AddressInfo).port}`,
	basic: reads.credentials.basic,
	records: reads.state.records.length,
	warmupRecords: warmup.state.records.length,
	updates: writes.state.records.length,
};
process.stdout.write(`@@ready ${JSON.stringify(endpoints)}\n`);

process.on('SIGTERM', () => {
	void Promise.allSettled([
		reads.close(),
		cold.close(),
		warmup.close(),
		writes.close(),
		gateway.close(),
		remote.close(),
	]).then(() => {
		adminServer.close();
		adminServer.closeAllConnections();
		process.exit(0);
	});
});
