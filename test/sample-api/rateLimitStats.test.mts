import { afterEach, describe, expect, it } from 'vitest';

import { basicAuthorization } from './client.mts';
import { RateLimit } from './rateLimit.mts';
import { startSampleApi, type SampleApi } from './server.mts';
import type { SampleApiStats } from './stats.mts';

let api: SampleApi | undefined;

afterEach(async () => {
	await api?.close();
	api = undefined;
});

describe('RateLimit', () => {
	it('lets the first n requests of a window through and refuses the rest until it ends', () => {
		const limit = new RateLimit({ requests: 2, windowMs: 1_000 });
		expect(limit.take(10_000)).toBeUndefined();
		expect(limit.take(10_100)).toBeUndefined();
		expect(limit.take(10_200)).toBe(1);
		expect(limit.take(10_999)).toBe(1);
		expect(limit.refused).toBe(2);
		expect(limit.take(11_000)).toBeUndefined();
	});

	it('answers the whole seconds left in a longer window', () => {
		const limit = new RateLimit({ requests: 1, windowMs: 5_000 });
		limit.take(0);
		expect(limit.take(1_500)).toBe(4);
	});
});

describe('sample API rate limit and /stats', () => {
	const auth = {
		authorization: basicAuthorization({ username: 'demo', password: 'demo-password' }),
	};

	it('refuses /api requests over the limit with 429 and Retry-After, and counts them', async () => {
		api = await startSampleApi({ records: 5, rateLimit: { requests: 3, windowMs: 60_000 } });
		const statuses: number[] = [];
		let retryAfter: string | null = null;
		for (let i = 0; i < 5; i++) {
			const response = await fetch(`${api.url}/clientes/C0001`, { headers: auth });
			statuses.push(response.status);
			if (response.status === 429) retryAfter = response.headers.get('retry-after');
			await response.arrayBuffer();
		}
		expect(statuses).toEqual([200, 200, 200, 429, 429]);
		expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
		// /health and /stats are not API routes: never limited.
		expect((await fetch(`${api.origin}/health`)).status).toBe(200);
		const stats = (await (await fetch(`${api.origin}/stats`)).json()) as SampleApiStats;
		expect(stats.rateLimited).toBe(2);
		expect(stats.statuses).toEqual({ 200: 3, 429: 2 });
	});

	it('counts writes per customer, token fetches and expiries by token id', async () => {
		api = await startSampleApi({ records: 5, oauth: { tokenTtlRequests: 1 } });
		const { clientId, clientSecret, tokenUrl } = api.credentials.oauth;
		const tokenResponse = await fetch(tokenUrl, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				authorization: basicAuthorization({ username: clientId, password: clientSecret }),
			},
			body: new URLSearchParams({ grant_type: 'client_credentials' }),
		});
		const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
		const bearer = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
		const first = await fetch(`${api.url}/clientes/C0002`, {
			method: 'PATCH',
			headers: bearer,
			body: JSON.stringify({ email: 'novo@example.com' }),
		});
		expect(first.status).toBe(200);
		const second = await fetch(`${api.url}/clientes/C0002`, {
			method: 'PATCH',
			headers: bearer,
			body: '{}',
		});
		expect(second.status).toBe(401);
		await fetch(`${api.url}/clientes/C0003`, { method: 'PATCH', headers: auth, body: '{}' });

		const stats = (await (await fetch(`${api.origin}/stats`)).json()) as SampleApiStats;
		expect(stats.tokensIssued).toBe(1);
		expect(stats.tokenFetches).toEqual([1]);
		expect(stats.expiries).toEqual([{ seq: 3, tokenId: expect.stringMatching(/^at-\d+$/) }]);
		expect(stats.writes).toEqual({ C0002: 1, C0003: 1 });
		expect(stats.requests).toBe(5);
		expect(JSON.stringify(stats)).not.toContain(token);
	});
});
