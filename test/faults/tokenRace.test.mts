/**
 * Tokens used up faster than n8n hands them out: an API whose access tokens expire after a few requests,
 * and an Update with more customers in flight than a token's budget. n8n refreshes once per expired token
 * (under its credential lock) and sends a refused request once more with the credential's newest token;
 * that token may already be spent by the other requests in flight.
 */
import { describe, expect, it } from 'vitest';

import { runCustomerNode, updateParametersWith } from '../node/customerNode.mjs';
import { oauthCredentialOf, sampleApis } from './support.mjs';

const startApi = sampleApis();

describe('an OAuth2 token that expires every 5 requests, 8 customers in flight', () => {
	it('every customer is written once, and the node asks for no more tokens than expired', async () => {
		const api = await startApi({ records: 60, oauth: { tokenTtlRequests: 5 } });
		const customers = api.state.records
			.filter((record) => !api.state.invalid.some((note) => note.codigo === record.codigo))
			.filter((record) => !api.state.nested.includes(String(record.codigo)))
			.slice(0, 40);

		const result = await runCustomerNode({
			auth: 'oauth2',
			credential: oauthCredentialOf(api),
			parameters: updateParametersWith(
				{ concurrency: 8 },
				{
					columns: {
						mappingMode: 'defineBelow',
						value: { codigo: '={{ $json.codigo }}', email: '={{ $json.email }}' },
					},
				},
			),
			input: customers.map((record) => ({
				json: {
					codigo: record.codigo,
					email: `race.${String(record.codigo).toLowerCase()}@example.com`,
				},
			})),
		});

		expect(result.error?.message).toBeUndefined();
		expect(result.status).toBe('success');
		const written = api.state.updateLog.map((write) => write.codigo).sort();
		expect(written).toEqual(customers.map((record) => String(record.codigo)).sort());
		const expired = new Set(
			api.state.requests
				.filter((request) => request.auth.scheme === 'bearer' && request.auth.problem === 'expired')
				.map((request) => (request.auth as { tokenId?: string }).tokenId),
		);
		// One token to start with, then at most one per token that expired: no refresh storm.
		expect(api.state.tokensIssued).toBeLessThanOrEqual(1 + expired.size);
	});
});
