import { NodeApiError } from 'n8n-workflow';

import { CredentialRefusedError } from './apiErrors';
import type { ApiConnection, Webservice } from './connection';

export type FallbackPolicy = 'never' | 'onError' | 'onErrorOrNotFound';

/**
 * Run a read against the primary webservice and, where the credential has a secondary one and the policy
 * says so, again against the secondary: when the primary failed for good (retries spent, network, 5xx), or
 * also when it found nothing. Authorization and request errors are not the primary's fault and are thrown.
 */
export async function readWithFallback<T>(
	connection: ApiConnection,
	policy: FallbackPolicy,
	read: (webservice: Webservice) => Promise<T>,
	foundNothing: (result: T) => boolean,
): Promise<T> {
	if (!connection.secondaryBaseUrl || policy === 'never') return await read('primary');
	const primary = await read('primary').then(
		(result) => ({ result }),
		(error: unknown) => ({ error }),
	);
	if ('error' in primary) {
		if (isWebserviceFailure(primary.error)) return await read('secondary');
		throw primary.error;
	}
	if (policy === 'onErrorOrNotFound' && foundNothing(primary.result))
		return await read('secondary');
	return primary.result;
}

function isWebserviceFailure(error: unknown): boolean {
	if (!(error instanceof NodeApiError) || error instanceof CredentialRefusedError) return false;
	const status = Number(error.httpCode);
	return !(status >= 400 && status < 500);
}
