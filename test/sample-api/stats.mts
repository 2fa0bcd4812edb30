/**
 * `GET /stats`: what the sample API counted, for a test that runs it as a separate process (the queue-mode
 * suite) and cannot read its state directly. Token ids only (`at-3`), never a token.
 */

import type { SampleApiState } from './server.mts';

export interface SampleApiStats {
	/** Requests received so far (the sequence number of the last one). */
	requests: number;
	/** Access tokens issued by the token endpoint. */
	tokensIssued: number;
	/** Request sequence numbers of the token endpoint's successful answers, in order. */
	tokenFetches: number[];
	/** Every API request refused because its access token had expired. */
	expiries: Array<{ seq: number; tokenId: string }>;
	/** Requests refused by the rate limit (429). */
	rateLimited: number;
	/** Writes (PUT/PATCH/POST) stored, per customer code. */
	writes: Record<string, number>;
	/** Statuses the API answered on `/api/*`, with their counts. */
	statuses: Record<string, number>;
}

export function statsOf(state: SampleApiState): SampleApiStats {
	const tokenFetches: number[] = [];
	const expiries: SampleApiStats['expiries'] = [];
	const statuses: Record<string, number> = {};
	let rateLimited = 0;
	let requests = 0;
	for (const request of state.requests) {
		requests = request.seq;
		if (request.path === '/oauth/token' && request.status === 200) tokenFetches.push(request.seq);
		if (request.auth.scheme === 'bearer' && request.auth.problem === 'expired') {
			expiries.push({ seq: request.seq, tokenId: request.auth.tokenId ?? '' });
		}
		if (request.rateLimited) rateLimited++;
		if (request.path.startsWith('/api/')) {
			statuses[request.status] = (statuses[request.status] ?? 0) + 1;
		}
	}
	const writes: Record<string, number> = {};
	for (const write of state.updateLog) writes[write.codigo] = (writes[write.codigo] ?? 0) + 1;
	return {
		requests,
		tokensIssued: state.tokensIssued,
		tokenFetches,
		expiries,
		rateLimited,
		writes,
		statuses,
	};
}
