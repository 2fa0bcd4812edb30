/**
 * Shared pieces of the fault-injection suite: credentials for a sample API, fast request options, the
 * node's error as the engine recorded it, and a summary of what a fault plan did to a run.
 */

import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';
import { afterAll } from 'vitest';

import type { RunResult } from '../harness/index.mjs';
import { rawRequest } from '../sample-api/client.mts';
import type { TRANSPORT_FAULTS } from '../sample-api/faults.mts';
import { startSampleApi, type SampleApi, type SampleApiOptions } from '../sample-api/server.mts';

/**
 * Real backoff and timeout code, with waits of milliseconds: Max Wait caps Retry-After too. The
 * timeout stays at a second because the API runs in the test's own process: on a busy two-core
 * machine a shorter one also fires on answers that are merely late.
 */
export const FAST_REQUESTS = { maxAttempts: 5, maxWaitSeconds: 0.01, timeoutSeconds: 1 };

/** A 'slow' answer this late is past FAST_REQUESTS' timeout. */
export const SLOW_MS = 1_500;

/** Every transient fault the node must survive. 500 is left out: the node does not retry it, by design. */
export const TRANSIENT_FAULTS: Array<(typeof TRANSPORT_FAULTS)[number]> = [
	'429',
	'429-retry-after',
	'429-retry-after-date',
	'502',
	'503',
	'504',
	'reset',
	'reset-mid-body',
	'slow',
];

/** Starts sample APIs that are closed when the calling test file ends. */
export function sampleApis(): (options?: SampleApiOptions) => Promise<SampleApi> {
	const started: SampleApi[] = [];
	afterAll(async () => {
		await Promise.all(started.splice(0).map((api) => api.close()));
	});
	return async (options = {}) => {
		const api = await startSampleApi(options);
		started.push(api);
		return api;
	};
}

export function basicCredentialOf(api: SampleApi): ICredentialDataDecryptedObject {
	return { baseUrl: api.url, ...api.credentials.basic };
}

export function oauthCredentialOf(api: SampleApi): ICredentialDataDecryptedObject {
	const { clientId, clientSecret, tokenUrl } = api.credentials.oauth;
	return {
		baseUrl: api.url,
		grantType: 'clientCredentials',
		accessTokenUrl: tokenUrl,
		clientId,
		clientSecret,
		scope: 'customers',
	};
}

export function listParameters(extra: INodeParameters = {}): INodeParameters {
	return {
		operation: 'getAll',
		path: '/clientes',
		returnAll: true,
		pagination: 'pageNumber',
		...extra,
		options: { ...FAST_REQUESTS, ...(extra.options as INodeParameters | undefined) },
	};
}

export function codesOf(items: IDataObject[]): unknown[] {
	return items.map((item) => item.codigo);
}

/** The node's error as the engine stored it (a plain copy of the NodeApiError / NodeOperationError). */
export interface RecordedError {
	name: string;
	message: string;
	description: string;
	itemIndex: number | undefined;
}

export function nodeErrorOf(result: RunResult): RecordedError {
	const error = result.error as
		| (IDataObject & { context?: { itemIndex?: number }; description?: string | null })
		| undefined;
	if (!error) throw new Error(`Expected the run to fail, but it ended with "${result.status}"`);
	return {
		name: String(error.name),
		message: String(error.message),
		description: String(error.description ?? ''),
		itemIndex: error.context?.itemIndex,
	};
}

export const NODE_ERRORS = ['NodeApiError', 'NodeOperationError'];

/** What a fault plan did to one run, read from the sample API's own logs. */
export interface FaultSummary {
	records: number;
	requests: number;
	faults: number;
	byKind: Record<string, number>;
	tokensIssued: number;
	tokenRefreshes: number;
	unauthorized: number;
	ms: number;
}

export function summarize(api: SampleApi, records: number, startedAt: number): FaultSummary {
	const byKind: Record<string, number> = {};
	for (const fault of api.state.faults) byKind[fault.kind] = (byKind[fault.kind] ?? 0) + 1;
	return {
		records,
		requests: api.state.requests.length,
		faults: api.state.faults.length,
		byKind,
		tokensIssued: api.state.tokensIssued,
		tokenRefreshes: Math.max(0, api.state.tokensIssued - 1),
		unauthorized: api.state.requests.filter((request) => request.status === 401).length,
		ms: Date.now() - startedAt,
	};
}

export function describeSummary(label: string, summary: FaultSummary): string {
	const kinds = Object.entries(summary.byKind)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([kind, count]) => `${kind}×${count}`)
		.join(' ');
	return (
		`${label}: ${summary.records} records, ${summary.requests} attempts (requests received), ${summary.faults} faults injected ` +
		`(${kinds}), ${summary.tokensIssued} tokens issued (${summary.tokenRefreshes} refreshes, ` +
		`${summary.unauthorized} answers 401), ${summary.ms} ms`
	);
}

const REDIRECT_URI = 'http://localhost:5678/rest/oauth2-credential/callback';

/**
 * The authorization code flow done by hand against the sample API: a code, its tokens, then one
 * refresh, so the first refresh token is already spent (as after another worker rotated it). Returns
 * the first token data, as n8n would have stored it; every token issued goes to `onToken`.
 */
export async function connectedUser(
	api: SampleApi,
	clientId: string,
	clientSecret: string,
	onToken: (token: string) => void = () => {},
): Promise<IDataObject> {
	const authorize = new URL(api.credentials.oauth.authorizeUrl);
	authorize.search = new URLSearchParams({
		response_type: 'code',
		client_id: clientId,
		redirect_uri: REDIRECT_URI,
		state: 'fault-suite',
	}).toString();
	const redirect = await rawRequest(authorize.href);
	const code = new URL(String(redirect.headers.location)).searchParams.get('code') ?? '';
	const token = async (form: Record<string, string>): Promise<IDataObject> => {
		const response = await rawRequest(api.credentials.oauth.tokenUrl, {
			method: 'POST',
			headers: {
				authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
				'content-type': 'application/x-www-form-urlencoded',
			},
			body: new URLSearchParams(form).toString(),
		});
		const data = JSON.parse(response.body.toString('utf8')) as IDataObject;
		for (const key of ['access_token', 'refresh_token']) onToken(String(data[key]));
		return data;
	};
	const first = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
	await token({ grant_type: 'refresh_token', refresh_token: String(first.refresh_token) });
	return { ...first, token_type: 'Bearer' };
}
