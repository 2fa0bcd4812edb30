import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { runNode, serialize, setupNock } from '../harness/index.mjs';
import {
	API_ORIGIN,
	BASIC_PASSWORD,
	BASIC_USERNAME,
	basicAuthorization,
	basicCredential,
	CUSTOMER_PATH,
	CUSTOMER_URL,
} from '../fixtures/credentialData.mjs';
import { RequestEcho } from '../fixtures/RequestEcho.node.mjs';

setupNock();

const runWithBasic = async (input = [{ json: {} }]) =>
	await runNode({
		node: new RequestEcho(),
		parameters: { authentication: 'basic', method: 'GET', url: CUSTOMER_URL },
		credentials: { customerIntegrationApi: basicCredential },
		input,
	});

describe('Customer Integration API credential (Basic Auth) through the engine', () => {
	it('sends the username and password as an HTTP Basic Authorization header', async () => {
		nock(API_ORIGIN)
			.get(CUSTOMER_PATH)
			.matchHeader('authorization', basicAuthorization(BASIC_USERNAME, BASIC_PASSWORD))
			.reply(200, { id: 42, nome: 'Ana' });

		const result = await runWithBasic();

		expect(result.status).toBe('success');
		expect(result.json).toEqual([[{ id: 42, nome: 'Ana' }]]);
		expect(result.credentialUpdates).toEqual([]);
	});

	it('authenticates every item of the input', async () => {
		const expected = basicAuthorization(BASIC_USERNAME, BASIC_PASSWORD);
		nock(API_ORIGIN).get(CUSTOMER_PATH).matchHeader('authorization', expected).times(2).reply(200, {
			ok: true,
		});

		const result = await runWithBasic([{ json: { n: 1 } }, { json: { n: 2 } }]);

		expect(result.json).toEqual([[{ ok: true }, { ok: true }]]);
		expect(result.outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('on 401 fails with "check your credentials" and never shows the password', async () => {
		let attempts = 0;
		nock(API_ORIGIN)
			.get(CUSTOMER_PATH)
			.times(2)
			.reply(() => {
				attempts++;
				return [401, { message: 'Invalid username or password' }];
			});

		const result = await runWithBasic();

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({
			name: 'NodeApiError',
			httpCode: '401',
			message: 'Authorization failed - please check your credentials',
			description: 'Invalid username or password',
		});
		// n8n-core retries once on 401 for non-OAuth credentials (its pre-authentication path).
		expect(attempts).toBe(2);

		const encodedPair = Buffer.from(`${BASIC_USERNAME}:${BASIC_PASSWORD}`).toString('base64');
		for (const text of [
			serialize(result.run),
			JSON.stringify(result.error),
			result.logger.text(),
		]) {
			expect(text).not.toContain(BASIC_PASSWORD);
			expect(text).not.toContain(encodedPair);
		}
	});
});
