/**
 * The Basic credential's "Test connection" sends the password. n8n follows a test request's redirects,
 * to another origin with the Authorization header by default; this credential's test follows none, so a
 * Base URL that redirects is reported as such and no other server receives anything. Run through
 * n8n-core's RoutingNode as the n8n CLI runs a credential's test request.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { CustomerIntegrationApi } from '../../credentials/CustomerIntegrationApi.credentials.js';
import { runCredentialTest } from '../harness/index.mjs';
import { startLoopback, type Loopback } from '../faults/loopback.mjs';

const PASSWORD = 'Test-Connection-Pw-3';

let api: Loopback;
let other: Loopback;
let answer: { status: number; location?: string };

beforeAll(async () => {
	other = await startLoopback(() => ({ body: '[]' }));
	api = await startLoopback(() => ({
		status: answer.status,
		headers: answer.location ? { location: answer.location } : {},
		body: answer.status === 200 ? '[]' : '',
	}));
});

afterAll(async () => {
	await Promise.all([api.close(), other.close()]);
});

beforeEach(() => {
	api.requests.length = 0;
	other.requests.length = 0;
});

async function testConnection() {
	const credential = new CustomerIntegrationApi();
	return await runCredentialTest(credential.name, credential.test, {
		baseUrl: `${api.origin}/api`,
		username: 'erp',
		password: PASSWORD,
		testPath: '/clientes',
	});
}

describe('Basic credential: Test connection and redirects', () => {
	it('answers OK when the Base URL answers 2xx, sending the credential there', async () => {
		answer = { status: 200 };

		expect(await testConnection()).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(api.requests[0].headers.authorization).toMatch(/^Basic /);
	});

	for (const status of [301, 302, 303, 307, 308]) {
		it(`a ${status} to another origin: reported, and that origin receives nothing`, async () => {
			answer = { status, location: `${other.origin}/api/clientes` };

			const result = await testConnection();

			expect(result).toEqual({
				status: 'Error',
				message: expect.stringMatching(new RegExp(`^The Base URL redirects \\(HTTP ${status}\\)`)),
			});
			expect(other.requests).toEqual([]);
		});
	}

	it('a redirect out of the Base URL path on the same origin is not followed either', async () => {
		answer = { status: 302, location: '/admin/clientes' };

		const result = await testConnection();

		expect(result.status).toBe('Error');
		expect(api.requests.map((request) => request.url.pathname)).toEqual(['/api/clientes']);
	});
});
