import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureCertificates } from './certificates.mts';
import { basicAuthorization, rawRequest } from './client.mts';
import { startSampleApi, type SampleApi } from './server.mts';

let dir: string;
let api: SampleApi;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'sample-api-tls-'));
	api = await startSampleApi({ records: 10, tls: { dir } });
});

afterAll(async () => {
	await api.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('HTTPS', () => {
	it('writes ca.pem, server.pem and server-key.pem, and returns the CA path', () => {
		expect(api.caPath).toBe(join(dir, 'ca.pem'));
		expect(api.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/api$/);
		for (const name of ['ca.pem', 'server.pem', 'server-key.pem']) {
			expect(readFileSync(join(dir, name), 'utf8')).toMatch(/^-----BEGIN /);
		}
	});

	it('signs a localhost certificate with the local CA (SANs: localhost, 127.0.0.1, ::1)', () => {
		const ca = new X509Certificate(readFileSync(join(dir, 'ca.pem')));
		const server = new X509Certificate(readFileSync(join(dir, 'server.pem')));
		expect(ca.ca).toBe(true);
		expect(server.ca).toBe(false);
		expect(server.verify(ca.publicKey)).toBe(true);
		expect(server.checkHost('localhost')).toBe('localhost');
		expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
		expect(server.checkIP('::1')).toBe('::1');
		expect(server.checkHost('example.com')).toBeUndefined();
	});

	it('is trusted with the CA, by IP and by name, and only with it', async () => {
		const headers = { authorization: basicAuthorization(api.credentials.basic) };
		const byIp = await rawRequest(`${api.url}/clientes/C0001`, { headers, ca: api.ca });
		expect(byIp.status).toBe(200);
		const byName = await rawRequest(`${api.url.replace('127.0.0.1', 'localhost')}/clientes/C0001`, {
			headers,
			ca: readFileSync(api.caPath!, 'utf8'),
		});
		expect(JSON.parse(byName.body.toString('utf8'))).toMatchObject({ codigo: 'C0001' });
		await expect(rawRequest(`${api.url}/clientes/C0001`, { headers })).rejects.toMatchObject({
			code: expect.stringMatching(/CERT|SIGNATURE|SELF_SIGNED|UNABLE/),
		});
	});

	it('runs OAuth2 over HTTPS', async () => {
		const { clientId, clientSecret, tokenUrl } = api.credentials.oauth;
		const response = await rawRequest(tokenUrl, {
			method: 'POST',
			ca: api.ca,
			headers: {
				authorization: basicAuthorization({ username: clientId, password: clientSecret }),
				'content-type': 'application/x-www-form-urlencoded',
			},
			body: 'grant_type=client_credentials',
		});
		const { access_token: accessToken } = JSON.parse(response.body.toString('utf8')) as {
			access_token: string;
		};
		const listed = await rawRequest(`${api.url}/clientes?page=1&pageSize=3`, {
			ca: api.ca,
			headers: { authorization: `Bearer ${accessToken}` },
		});
		expect(JSON.parse(listed.body.toString('utf8'))).toHaveLength(3);
	});

	it('reuses the certificates already in the folder', async () => {
		const before = readFileSync(join(dir, 'server.pem'), 'utf8');
		const second = await startSampleApi({ records: 1, tls: { dir } });
		try {
			expect(second.ca).toBe(api.ca);
			expect(readFileSync(join(dir, 'server.pem'), 'utf8')).toBe(before);
		} finally {
			await second.close();
		}
	});

	it('generates them again when a file is missing', () => {
		const other = mkdtempSync(join(tmpdir(), 'sample-api-tls-'));
		try {
			const first = ensureCertificates(other);
			rmSync(first.keyPath);
			const second = ensureCertificates(other);
			expect(second.ca).not.toBe(first.ca);
			expect(
				new X509Certificate(second.cert).verify(new X509Certificate(second.ca).publicKey),
			).toBe(true);
		} finally {
			rmSync(other, { recursive: true, force: true });
		}
	});
});
