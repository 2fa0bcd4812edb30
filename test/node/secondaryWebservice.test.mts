import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { setupNock } from '../harness/index.mjs';
import { ANA, API, basicCredential, fastRetries, runCustomerNode } from './customerNode.mjs';

setupNock();

const BACKUP = 'https://erp-backup.example.com';
const withSecondary = { ...basicCredential, secondaryBaseUrl: `${BACKUP}/api` };

const lookup = (extra: Record<string, unknown> = {}) => ({
	operation: 'get',
	lookupField: 'cpf',
	lookupValue: '52998224725',
	path: '/clientes',
	...extra,
});

describe('Secondary webservice', () => {
	it('answers when the primary keeps failing; each item says which webservice answered', async () => {
		nock(API).get('/api/clientes').query(true).times(2).reply(503);
		nock(BACKUP).get('/api/clientes').query({ cpf: '52998224725' }).reply(200, [ANA]);

		const result = await runCustomerNode({
			credential: withSecondary,
			parameters: lookup({ options: { ...fastRetries, maxAttempts: 2 } }),
		});

		expect(result.status).toBe('success');
		expect(result.json[0]).toEqual([
			expect.objectContaining({ codigo: 'C0001', _webservice: 'secondary' }),
		]);
	});

	it('is asked when the primary finds nothing, only if the user chose so', async () => {
		nock(API).get('/api/clientes').query(true).times(2).reply(200, []);
		nock(BACKUP).get('/api/clientes').query(true).reply(200, [ANA]);

		const onErrorOnly = await runCustomerNode({ credential: withSecondary, parameters: lookup() });
		const alsoNotFound = await runCustomerNode({
			credential: withSecondary,
			parameters: lookup({ options: { secondaryWebservice: 'onErrorOrNotFound' } }),
		});

		expect(onErrorOnly.json).toEqual([[]]);
		expect(alsoNotFound.json[0][0]._webservice).toBe('secondary');
	});

	it('is not asked after an authorization failure, which the secondary would not fix', async () => {
		nock(API).get('/api/clientes').query(true).times(2).reply(401);

		const result = await runCustomerNode({ credential: withSecondary, parameters: lookup() });

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Authorization failed/);
	});

	it('restarts a listing from its first page on the secondary, so no record is lost or repeated', async () => {
		nock(API)
			.get('/api/clientes')
			.query(true)
			.reply(200, [{ codigo: 'P1' }, { codigo: 'P2' }]);
		nock(API).get('/api/clientes').query(true).reply(502);
		nock(BACKUP)
			.get('/api/clientes')
			.query({ page: '1', limit: '2' })
			.reply(200, [{ codigo: 'S1' }, { codigo: 'S2' }]);
		nock(BACKUP)
			.get('/api/clientes')
			.query({ page: '2', limit: '2' })
			.reply(200, [{ codigo: 'S3' }]);

		const result = await runCustomerNode({
			credential: withSecondary,
			parameters: {
				operation: 'getAll',
				path: '/clientes',
				returnAll: true,
				pagination: 'pageNumber',
				paginationOptions: { pageSize: 2 },
				// One page at a time: the exact sequence of requests is the point here (the window: getManyPages.test.mts).
				options: { ...fastRetries, maxAttempts: 1, concurrency: 1 },
			},
		});

		expect(result.json[0].map((item) => `${item.codigo}@${item._webservice}`)).toEqual([
			'S1@secondary',
			'S2@secondary',
			'S3@secondary',
		]);
	});
});
