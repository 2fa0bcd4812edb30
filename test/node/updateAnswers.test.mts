/**
 * What Update reports after its write: applied only when the API took it, and applied whatever the API
 * says about it in its body, since a flow may retry a failed item and write it twice.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { setupNock } from '../harness/index.mjs';
import { API, AUTH, fastRetries, runCustomerNode, updateParametersWith } from './customerNode.mjs';

setupNock();

const updateParameters = (extra: Record<string, unknown> = {}) =>
	updateParametersWith({ ...fastRetries, readBeforeWrite: false }, extra);

describe('Update: the answer to the write', () => {
	it('a 404 to the write fails the item as not applied, naming it', async () => {
		nock(API).patch('/api/clientes/C404').reply(404);

		const result = await runCustomerNode({
			parameters: updateParameters(),
			input: [{ json: { codigo: 'C404', nome: 'Ana' } }],
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.status).toBe('success');
		const [item] = result.json[0];
		expect(item.error).toBe(
			'Item 0: the customer API answered 404 to PATCH /clientes/C404 - no customer there, nothing was written',
		);
		expect(item._update).toEqual({ applied: false, outcome: 'failed' });
	});

	it.each([
		['true', 'application/json'],
		['OK', 'text/plain'],
		['<html><body>Saved</body></html>', 'text/html'],
	])('a 2xx answer %j that is not a record still counts as applied', async (answer, type) => {
		nock(API)
			.patch('/api/clientes/C0001', { codigo: 'C0001', nome: 'Ana' })
			.reply(200, answer, { 'Content-Type': type });

		const result = await runCustomerNode({
			parameters: updateParameters(),
			input: [{ json: { codigo: 'C0001', nome: 'Ana' } }],
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.status).toBe('success');
		expect(result.json[0][0]).toEqual({
			codigo: 'C0001',
			nome: 'Ana',
			_update: { applied: true, method: 'PATCH', status: 200 },
		});
	});
});

describe('Update: Concurrency', () => {
	it('an expression above 50 is held to 50 requests in flight, as the editor limits it', async () => {
		const codes = Array.from({ length: 80 }, (_, index) => `C${index + 1}`);
		let inFlight = 0;
		let mostInFlight = 0;
		nock(API)
			.patch(/\/api\/clientes\/C\d+$/)
			.times(codes.length)
			.reply((_uri, _body, callback) => {
				inFlight++;
				mostInFlight = Math.max(mostInFlight, inFlight);
				setTimeout(() => {
					inFlight--;
					callback(null, [204]);
				}, 100);
			});

		const result = await runCustomerNode({
			parameters: updateParameters({ options: { concurrency: '={{ 120 }}' } }),
			input: codes.map((codigo) => ({ json: { codigo, nome: 'X' } })),
		});

		expect(result.status).toBe('success');
		expect(result.json[0]).toHaveLength(codes.length);
		expect(mostInFlight).toBe(50);
	});
});

describe('Update: OAuth2 with many requests at once', () => {
	it('a credential without a token yet gets one token for the run, not one per concurrent request', async () => {
		// n8n does not lock the first token fetch of a credential: the first customer goes alone, then the pool.
		let tokenRequests = 0;
		nock(AUTH)
			.post('/oauth/token')
			.times(16)
			.optionally()
			.reply(() => {
				tokenRequests++;
				return [
					200,
					{ access_token: `tok-${tokenRequests}`, token_type: 'Bearer', expires_in: 3600 },
				];
			});
		const seen = new Set<string>();
		nock(API)
			.patch(/\/api\/clientes\/C\d+$/)
			.times(16)
			.reply(function () {
				seen.add(String(this.req.headers.authorization));
				return [204];
			});

		const result = await runCustomerNode({
			auth: 'oauth2',
			parameters: updateParameters({ options: { concurrency: 16 } }),
			input: Array.from({ length: 16 }, (_, index) => ({
				json: { codigo: `C${index + 1}`, nome: 'X' },
			})),
		});

		expect(result.status).toBe('success');
		expect(tokenRequests).toBe(1);
		expect([...seen]).toEqual(['Bearer tok-1']);
		expect(result.credentialUpdates).toHaveLength(1);
	});
});
