import nock from 'nock';
import { afterEach, beforeEach } from 'vitest';

const LOOPBACK = /^127\.0\.0\.1(:\d+)?$/;

interface UnmatchedRequest {
	method?: string;
	host?: string;
	hostname?: string;
	path?: string;
}

function describeRequest(request: UnmatchedRequest): string {
	return `${request.method ?? 'GET'} ${request.host ?? request.hostname ?? '?'}${request.path ?? ''}`;
}

function isLoopback(request: UnmatchedRequest): boolean {
	return LOOPBACK.test(request.host ?? request.hostname ?? '');
}

/**
 * Registers beforeEach/afterEach hooks for the calling test file:
 * - real network is off, except 127.0.0.1 (tests may run loopback servers);
 * - a test fails when it leaves an interceptor unused, or when a request matched no interceptor
 *   (even if the node swallowed the resulting error, e.g. with continue-on-fail);
 * - all interceptors are removed after each test.
 */
export function setupNock(): void {
	let unmatched: string[] = [];
	// nock emits either (options) or (request, options, body) depending on the code path.
	const onNoMatch = (first: UnmatchedRequest, options?: UnmatchedRequest) => {
		const request = { ...first, ...options, path: first.path ?? options?.path };
		if (!isLoopback(request)) unmatched.push(describeRequest(request));
	};

	beforeEach(() => {
		unmatched = [];
		nock.cleanAll();
		nock.disableNetConnect();
		nock.enableNetConnect((host: string) => LOOPBACK.test(host));
		nock.emitter.on('no match', onNoMatch);
	});

	afterEach(() => {
		const pending = nock.isDone() ? [] : nock.pendingMocks();
		const escaped = unmatched;
		nock.emitter.removeListener('no match', onNoMatch);
		nock.cleanAll();
		nock.enableNetConnect();

		const problems = [
			...pending.map((mock) => `interceptor not used: ${mock}`),
			...escaped.map((request) => `request matched no interceptor: ${request}`),
		];
		if (problems.length > 0) {
			throw new Error(`HTTP mocks out of step with the test:\n  ${problems.join('\n  ')}`);
		}
	});
}
