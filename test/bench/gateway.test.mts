/**
 * The gateway in front of the benchmark's APIs (bench/api/rateLimitGateway.mts) counts the requests in
 * flight: the figure the "never more than Concurrency in flight" target is judged by.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startRateLimitGateway, type RateLimitGateway } from '../../bench/api/rateLimitGateway.mts';
import { PlainClient } from '../../bench/lib/plainHttp.mts';
import { startSampleApi, type SampleApi } from '../sample-api/server.mts';

describe('the latency gateway', () => {
	let api: SampleApi;
	let gateway: RateLimitGateway;
	let client: PlainClient;

	beforeAll(async () => {
		api = await startSampleApi({ records: 20, seed: 1, tls: false });
		gateway = await startRateLimitGateway(
			api.origin,
			{
				maxInFlight: Number.POSITIVE_INFINITY,
				perSecond: Number.POSITIVE_INFINITY,
				retryAfterSeconds: 1,
			},
			{ latencyMs: 30 },
		);
		client = new PlainClient(`${gateway.origin}/api`, api.credentials.basic, 10);
	});

	afterAll(async () => {
		client.close();
		await gateway.close();
		await api.close();
	});

	it('counts the most requests in flight at once, and forwards every one', async () => {
		const paths = Array.from({ length: 6 }, (_, i) => `/clientes?page=${i + 1}&limit=3`);
		const answers = await Promise.all(paths.map((path) => client.getJson<unknown[]>(path)));
		expect(answers.map((answer) => answer.body.length)).toEqual([3, 3, 3, 3, 3, 3, 2].slice(0, 6));
		expect(gateway.stats()).toMatchObject({ admitted: 6, rejected: 0, peakInFlight: 6 });

		gateway.resetStats();
		for (const path of paths.slice(0, 3)) await client.getJson(path);
		expect(gateway.stats()).toMatchObject({ admitted: 3, peakInFlight: 1 });
	});
});
