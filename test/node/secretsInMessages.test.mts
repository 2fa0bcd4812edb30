/**
 * The API's text a message quotes never carries the credential, whatever form it takes there: a token
 * n8n fetched during the run (after the node read the credential), the password percent-encoded or
 * upper-cased, a token quoted by a 200 answer that is no customer list. Through the engine, with n8n's
 * own OAuth2 and Basic handling.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { setupNock } from '../harness/index.mjs';
import { API, AUTH, basicCredential, fastRetries, runCustomerNode } from './customerNode.mjs';

setupNock();

const lookup = {
	operation: 'get',
	lookupField: 'codigo',
	lookupValue: 'C0001',
	path: '/clientes',
	options: fastRetries,
};

describe('Secrets in the API text a message quotes', () => {
	it('a token n8n fetched during the run is cut out of the API text, even in prose', async () => {
		const token = 'fresh-Tok3n-issued-mid-run';
		nock(AUTH)
			.post('/oauth/token')
			.reply(200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
		nock(API)
			.get('/api/clientes')
			.query({ codigo: 'C0001' })
			.reply(400, { message: `credential ${token} lacks scope customers:read` });

		const result = await runCustomerNode({ auth: 'oauth2', parameters: lookup });

		expect(result.status).toBe('error');
		expect(result.error?.description).toBe(
			'The API said: credential [redacted] lacks scope customers:read',
		);
	});

	it('the password percent-encoded or upper-cased is cut out too', async () => {
		const password = 'pa ss/wörd:9Kx';
		nock(API)
			.get('/api/clientes')
			.query({ codigo: 'C0001' })
			.reply(400, {
				message: `bad login ${encodeURIComponent(password)} / ${password.toUpperCase()} / ${encodeURIComponent(password).replace(/%20/g, '+')}`,
			});

		const result = await runCustomerNode({
			credential: { ...basicCredential, password },
			parameters: lookup,
		});

		expect(result.status).toBe('error');
		expect(result.error?.description).toBe(
			'The API said: bad login [redacted] / [redacted] / [redacted]',
		);
	});

	it('a JWT-shaped token the API quotes is cut out though it is not the credential', async () => {
		const jwt =
			'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJlcnAtaW50ZWdyYXRpb24ifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';
		nock(API)
			.get('/api/clientes')
			.query({ codigo: 'C0001' })
			.reply(400, { message: `session ${jwt} expired` });

		const result = await runCustomerNode({ parameters: lookup });

		expect(result.error?.description).toBe('The API said: session [redacted] expired');
	});

	it('a 200 answer that is a JSON string quoting a credential: the error cuts it out', async () => {
		nock(API)
			.get('/api/clientes')
			.query({ codigo: 'C0001' })
			.reply(200, JSON.stringify('denied for Bearer abcdEFGH1234ijkl'), {
				'Content-Type': 'application/json',
			});

		const result = await runCustomerNode({ parameters: lookup });

		expect(result.status).toBe('error');
		expect(result.error?.message).not.toContain('abcdEFGH');
		expect(result.error?.message).toContain('Bearer [redacted]');
	});

	it('a Strict validation message quoting a record value cuts the credential out of it (Get Many and Get)', async () => {
		const password = 'S3cret-pw-9Kx';
		const record = { codigo: 'C0001', nome: 'Ana', email: `x ${password} Bearer abc.def-123` };
		nock(API).get('/api/clientes').reply(200, [record]);
		nock(API).get('/api/clientes').query({ codigo: 'C0001' }).reply(200, [record]);

		for (const parameters of [
			{
				operation: 'getAll',
				path: '/clientes',
				returnAll: true,
				pagination: 'none',
				validationMode: 'strict',
			},
			{ ...lookup, validationMode: 'strict' },
		]) {
			const result = await runCustomerNode({
				credential: { ...basicCredential, password },
				parameters,
			});

			expect(result.status).toBe('error');
			expect(result.error?.message).toContain('email');
			expect(result.error?.message).not.toContain(password);
			expect(result.error?.message).not.toContain('abc.def-123');
		}
	});
});
