/**
 * The sample customer API: a loopback HTTP(S) server playing a company's ERP, for the engine tests,
 * the fault-injection suite, the demo (real n8n over HTTPS) and the benchmark (100k records).
 *
 * Routes (all under `/api` need Basic or a Bearer token):
 *   GET  /health                          no auth, `{ ok: true }`
 *   GET  /stats                           no auth, what the API counted (stats.mts): tokens, expiries, writes
 *   GET  /oauth/authorize                 redirects back at once with a code, or (oauth.consentPage)
 *                                         shows an Allow / Deny page that POSTs to the same path
 *   POST /oauth/token                     client_credentials, authorization_code, refresh_token
 *   GET  /api/clientes                    list: filters = any other query key; pagination (pagination.mts)
 *   POST /api/clientes/busca              lookup with criteria in a JSON body → array
 *   GET  /api/clientes/{codigo}           one object, or 404
 *   PUT|PATCH|POST /api/clientes/{codigo} replace | merge (RFC 7396) | merge
 *   GET  /api/hostile/{kind}              hostile payloads (hostile.mts); GET /api/hostile lists them
 */

import {
	createServer as createHttpServer,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

import { authenticate, DEFAULT_BASIC, type AuthUsed, type BasicUser } from './auth.mts';
import { ensureCertificates } from './certificates.mts';
import {
	getCustomer,
	listCustomers,
	searchCustomers,
	updateCustomer,
	updateResponseOf,
	type UpdateLog,
	type UpdateResponse,
} from './customerRoutes.mts';
import { codigoOf, compareCodigo, CustomerStore } from './customerStore.mts';
import { generateDataset, type InvalidRecordNote, type RawCustomer } from './dataset.mts';
import {
	FaultInjector,
	statusFaultReply,
	type FaultDecision,
	type FaultPlan,
	type FaultRecord,
} from './faults.mts';
import { HOSTILE_KINDS, hostileReply, isHostileKind, type HostileKind } from './hostile.mts';
import { OAuthServer, resolveOAuthOptions, type OAuthOptions } from './oauth.mts';
import type { PageSizeRules } from './pagination.mts';
import { RateLimit, type RateLimitOptions } from './rateLimit.mts';
import {
	errorReply,
	formOf,
	json,
	parseBody,
	readBody,
	resetConnection,
	send,
	type Reply,
} from './reply.mts';
import { statsOf } from './stats.mts';

export type { FaultPlan } from './faults.mts';
export type { RawCustomer } from './dataset.mts';

export interface SampleApiOptions {
	/** Default 0 (a free port). The host is always 127.0.0.1. */
	port?: number;
	/** HTTPS with a localhost certificate from a local CA, generated into (or reused from) `dir`. */
	tls?: false | { dir: string };
	/** A count to generate (default 300, seeded) or the records themselves (served in codigo order). */
	records?: number | RawCustomer[];
	seed?: number;
	/** Default demo / demo-password. */
	basic?: BasicUser;
	oauth?: Partial<OAuthOptions>;
	faults?: FaultPlan;
	/** Delay before every request is handled. */
	latencyMs?: number;
	/** The list's own page size parameter(s) and default size (an API that ignores `limit`). */
	pageSize?: PageSizeRules;
	/** Requests to `/api/*` beyond this many per window are refused with 429 and `Retry-After`. */
	rateLimit?: RateLimitOptions;
	/** How PUT/PATCH answer unless the query says otherwise (`?noContent=1`, `?response=ack`). */
	updateResponse?: UpdateResponse;
}

export interface RequestLog {
	seq: number;
	method: string;
	path: string;
	/** The query string including '?', or '' (token-like parameters shown as `***`). */
	query: string;
	/** Scheme and user or token id; never a password or a token. */
	auth: AuthUsed;
	/** 0 when the connection was reset before any answer. */
	status: number;
	fault?: FaultDecision['kind'];
	/** The body was cut and the connection closed ('reset-mid-body'), or no answer at all ('reset'). */
	aborted?: boolean;
	/** Refused by the rate limit (429). */
	rateLimited?: boolean;
	error?: string;
	startedAt: number;
	durationMs?: number;
}

export interface SampleApiState {
	/** Current records, in codigo order (read-only: change them through the API). */
	readonly records: RawCustomer[];
	/** Generated datasets only: which records are invalid, by which rule. */
	readonly invalid: InvalidRecordNote[];
	/** Generated datasets only: codes of records with a nested `endereco` object. */
	readonly nested: string[];
	/** The most recent requests (up to 10,000), oldest first. */
	readonly requests: RequestLog[];
	/** `/api` requests being handled now, and the most at once since the start (or the last reset). */
	readonly inFlight: number;
	readonly peakInFlight: number;
	readonly tokensIssued: number;
	readonly refreshTokensIssued: number;
	/** Number of PUT/PATCH/POST updates stored. */
	readonly updates: number;
	readonly updateLog: UpdateLog[];
	readonly faults: FaultRecord[];
}

export interface SampleApi {
	/** Base URL including `/api`, e.g. `https://127.0.0.1:3443/api`. */
	url: string;
	origin: string;
	/** PEM file of the local CA (HTTPS only): give it to n8n as NODE_EXTRA_CA_CERTS. */
	caPath?: string;
	/** The CA certificate itself (HTTPS only), for an `https.Agent({ ca })`. */
	ca?: string;
	credentials: {
		basic: BasicUser;
		oauth: { clientId: string; clientSecret: string; tokenUrl: string; authorizeUrl: string };
	};
	state: SampleApiState;
	close(): Promise<void>;
	setFaults(plan: FaultPlan | undefined): void;
	/** Records, request log, update log and counters back to the start; the fault plan restarts; tokens stay valid. */
	reset(): void;
	/** Every access token issued so far expires now (refresh tokens keep working). */
	expireTokens(): void;
	/** The OAuth client is revoked from now on: its tokens and the token endpoint refuse it. */
	revokeClient(): void;
	/** The OAuth client's registered redirect URLs from now on (undefined: any). */
	setRedirectUris(uris: string[] | undefined): void;
}

const MAX_LOGGED_REQUESTS = 10_000;
const MAX_REQUEST_BODY = 10 * 1024 * 1024;
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\]):\d{1,5}$/;

function initialRecords(options: SampleApiOptions): {
	records: RawCustomer[];
	invalid: InvalidRecordNote[];
	nested: string[];
} {
	const given = options.records ?? 300;
	if (typeof given === 'number') return generateDataset(given, options.seed ?? 1);
	const records = given.slice().sort((a, b) => compareCodigo(codigoOf(a), codigoOf(b)));
	return { records, invalid: [], nested: [] };
}

export async function startSampleApi(options: SampleApiOptions = {}): Promise<SampleApi> {
	const dataset = initialRecords(options);
	const store = new CustomerStore(dataset.records);
	const basic = options.basic ?? DEFAULT_BASIC;
	const oauthOptions = resolveOAuthOptions(options.oauth);
	const oauth = new OAuthServer(oauthOptions);
	const faults = new FaultInjector(options.faults);
	const rateLimit = options.rateLimit ? new RateLimit(options.rateLimit) : undefined;
	const updateMode = options.updateResponse ?? 'record';
	let requests: RequestLog[] = [];
	let updateLog: UpdateLog[] = [];
	let updates = 0;
	let seq = 0;
	let inFlight = 0;
	let peakInFlight = 0;

	const certificates = options.tls ? ensureCertificates(options.tls.dir) : undefined;
	const protocol = certificates ? 'https' : 'http';
	let origin = '';

	const state: SampleApiState = {
		get records() {
			return store.records;
		},
		invalid: dataset.invalid,
		nested: dataset.nested,
		get requests() {
			return requests;
		},
		get inFlight() {
			return inFlight;
		},
		get peakInFlight() {
			return peakInFlight;
		},
		get tokensIssued() {
			return oauth.accessTokensIssued;
		},
		get refreshTokensIssued() {
			return oauth.refreshTokensIssued;
		},
		get updates() {
			return updates;
		},
		get updateLog() {
			return updateLog;
		},
		get faults() {
			return faults.history;
		},
	};

	function requestOrigin(req: IncomingMessage): string {
		const host = req.headers.host;
		return host && LOOPBACK_HOST.test(host) ? `${protocol}://${host}` : origin;
	}

	async function requestBody(req: IncomingMessage): Promise<Buffer | Reply> {
		const raw = await readBody(req, MAX_REQUEST_BODY);
		if (raw === 'too-large')
			return errorReply(413, 'payload_too_large', 'The request body is too large.');
		return raw;
	}

	async function apiRoute(req: IncomingMessage, url: URL, log: RequestLog): Promise<Reply> {
		const method = req.method ?? 'GET';
		const segments = pathSegments(url.pathname);
		if (!segments)
			return errorReply(400, 'invalid_path', 'The path is not valid percent-encoding.');
		const [, resource, id] = segments;
		if (resource === 'clientes' && segments.length === 2) {
			if (method !== 'GET') return methodNotAllowed('GET');
			return listCustomers(
				store,
				url.searchParams,
				url.pathname,
				requestOrigin(req),
				options.pageSize,
			);
		}
		if (resource === 'clientes' && id === 'busca' && segments.length === 3 && method === 'POST') {
			const raw = await requestBody(req);
			if (!Buffer.isBuffer(raw)) return raw;
			let criteria: unknown;
			try {
				criteria = parseBody(raw, req.headers['content-type']);
			} catch {
				return errorReply(400, 'invalid_json', 'The request body is not valid JSON.');
			}
			return searchCustomers(store, criteria, url.searchParams, url.pathname, requestOrigin(req));
		}
		if (resource === 'clientes' && segments.length === 3) {
			if (method === 'GET') return getCustomer(store, id);
			if (method !== 'PUT' && method !== 'PATCH' && method !== 'POST') {
				return methodNotAllowed('GET, PUT, PATCH, POST');
			}
			const mode = updateResponseOf(url.searchParams, updateMode);
			if (!mode)
				return errorReply(
					400,
					'invalid_response_mode',
					'response must be record, no-content, ack or empty.',
				);
			const raw = await requestBody(req);
			if (!Buffer.isBuffer(raw)) return raw;
			let body: unknown;
			try {
				body = parseBody(raw, req.headers['content-type']);
			} catch {
				return errorReply(400, 'invalid_json', 'The request body is not valid JSON.');
			}
			const outcome = updateCustomer(store, method, id, body, mode);
			if (outcome.log) {
				updates++;
				updateLog.push({ requestSeq: log.seq, ...outcome.log });
			}
			return outcome.reply;
		}
		if (resource === 'hostile' && segments.length <= 3 && method === 'GET') {
			if (id === undefined) return json(200, { kinds: HOSTILE_KINDS });
			if (!isHostileKind(id))
				return errorReply(
					404,
					'not_found',
					`Unknown hostile kind; see ${url.pathname.replace(/\/[^/]*$/, '')}.`,
				);
			return hostileReply(id, hostileOptions(url.searchParams));
		}
		return errorReply(404, 'not_found', 'No such route.');
	}

	async function route(req: IncomingMessage, url: URL, log: RequestLog): Promise<Reply> {
		const method = req.method ?? 'GET';
		if (url.pathname === '/health') return json(200, { ok: true });
		if (url.pathname === '/stats') return json(200, statsOf(state));
		if (url.pathname === '/oauth/authorize') {
			if (method === 'GET') return oauth.authorize(url.searchParams);
			if (method !== 'POST' || !oauthOptions.consentPage) return methodNotAllowed('GET');
			const raw = await requestBody(req);
			if (!Buffer.isBuffer(raw)) return raw;
			return oauth.decide(formOf(raw, req.headers['content-type']));
		}
		if (url.pathname === '/oauth/token') {
			if (method !== 'POST') return methodNotAllowed('POST');
			const raw = await requestBody(req);
			if (!Buffer.isBuffer(raw)) return raw;
			return oauth.token(req.headers.authorization, formOf(raw, req.headers['content-type']));
		}
		if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
			const auth = authenticate(req.headers.authorization, basic, oauth);
			log.auth = auth.used;
			if (!auth.ok) return auth.reply;
			return apiRoute(req, url, log);
		}
		return errorReply(404, 'not_found', 'No such route.');
	}

	function isWrite(method: string, path: string): boolean {
		if (method === 'PUT' || method === 'PATCH') return true;
		return (
			method === 'POST' && /^\/api\/clientes\/[^/]+$/.test(path) && path !== '/api/clientes/busca'
		);
	}

	/** The fault's own answer, or undefined when the route should answer (possibly cut). */
	function faultReply(decision: FaultDecision): Reply | 'reset' | undefined {
		const kind = decision.kind;
		if (kind === 'scripted-reply') return decision.reply;
		if (kind === 'reset') return 'reset';
		if (kind === 'slow' || kind === 'reset-mid-body') return undefined;
		if (kind.startsWith('hostile:'))
			return hostileReply(kind.slice('hostile:'.length) as HostileKind);
		return statusFaultReply(
			kind as Parameters<typeof statusFaultReply>[0],
			faults.retryAfterSeconds,
		);
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const method = req.method ?? 'GET';
		const url = new URL(req.url ?? '/', 'http://sample-api.invalid');
		const log: RequestLog = {
			seq: ++seq,
			method,
			path: url.pathname,
			query: redactedQuery(url.searchParams),
			auth: { scheme: 'none' },
			status: 0,
			startedAt: Date.now(),
		};
		requests.push(log);
		if (requests.length > MAX_LOGGED_REQUESTS)
			requests.splice(0, requests.length - MAX_LOGGED_REQUESTS);
		const counted = url.pathname.startsWith('/api/');
		if (counted) peakInFlight = Math.max(peakInFlight, ++inFlight);
		res.on('close', () => {
			log.durationMs = Date.now() - log.startedAt;
			if (counted) inFlight--;
		});
		try {
			if (options.latencyMs) await delay(options.latencyMs);
			const retryAfter = url.pathname.startsWith('/api/') ? rateLimit?.take() : undefined;
			if (retryAfter !== undefined) {
				log.rateLimited = true;
				const refusal = errorReply(429, 'rate_limited', 'Too many requests.', {
					'retry-after': String(retryAfter),
				});
				return await send(res, refusal, log);
			}
			const decision = faults.decide({
				method,
				path: url.pathname,
				query: url.searchParams,
				headers: req.headers,
			});
			if (decision) log.fault = decision.kind;
			if (decision?.kind === 'slow') await delay(faults.slowMs);
			const faultAfterEffect =
				decision !== undefined && isWrite(method, url.pathname) && faults.writeTiming === 'after';
			const early = decision && !faultAfterEffect ? faultReply(decision) : undefined;
			// Before a write's effect there is no body to cut yet: a mid-body reset becomes a plain reset.
			const resetEarly =
				early === 'reset' ||
				(decision?.kind === 'reset-mid-body' && !faultAfterEffect && isWrite(method, url.pathname));
			if (resetEarly) {
				log.aborted = true;
				resetConnection(res);
				return;
			}
			if (early) return await send(res, early, log);
			const reply = await route(req, url, log);
			const late = decision && faultAfterEffect ? faultReply(decision) : undefined;
			if (late === 'reset') {
				log.aborted = true;
				resetConnection(res);
				return;
			}
			if (late) return await send(res, late, log);
			await send(res, reply, log, decision?.kind === 'reset-mid-body');
		} catch (error) {
			log.error = error instanceof Error ? error.message : String(error);
			if (!res.headersSent)
				await send(res, errorReply(500, 'internal_error', 'Unexpected error.'), log);
			else res.destroy();
		}
	}

	const listener = (req: IncomingMessage, res: ServerResponse) => void handle(req, res);
	const server: Server = certificates
		? createHttpsServer({ key: certificates.key, cert: certificates.cert }, listener)
		: createHttpServer(listener);

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	origin = `${protocol}://127.0.0.1:${port}`;

	return {
		url: `${origin}/api`,
		origin,
		caPath: certificates?.caPath,
		ca: certificates?.ca,
		credentials: {
			basic: { ...basic },
			oauth: {
				clientId: oauthOptions.clientId,
				clientSecret: oauthOptions.clientSecret,
				tokenUrl: `${origin}/oauth/token`,
				authorizeUrl: `${origin}/oauth/authorize`,
			},
		},
		state,
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
		setFaults: (plan) => faults.setPlan(plan),
		reset: () => {
			store.reset();
			requests = [];
			updateLog = [];
			updates = 0;
			peakInFlight = inFlight;
			oauth.resetCounters();
			faults.restart();
		},
		expireTokens: () => oauth.expireAccessTokens(),
		revokeClient: () => oauth.revokeClient(),
		setRedirectUris: (uris) => oauth.setRedirectUris(uris),
	};
}

function pathSegments(path: string): string[] | undefined {
	try {
		return path.split('/').filter(Boolean).map(decodeURIComponent);
	} catch {
		return undefined;
	}
}

/** Query parameters that may carry a secret: logged as `***` (a client may send a token in the URL). */
const SECRET_PARAMETERS = new Set([
	'access_token',
	'refresh_token',
	'code',
	'code_verifier',
	'client_secret',
	'password',
]);

function redactedQuery(query: URLSearchParams): string {
	if (query.size === 0) return '';
	const copy = new URLSearchParams();
	for (const [key, value] of query) copy.append(key, SECRET_PARAMETERS.has(key) ? '***' : value);
	return `?${copy.toString()}`;
}

function methodNotAllowed(allow: string): Reply {
	return errorReply(405, 'method_not_allowed', `Use ${allow}.`, { allow });
}

function hostileOptions(query: URLSearchParams): {
	megabytes?: number;
	depth?: number;
	keys?: number;
} {
	const number = (key: string) => {
		const value = Number(query.get(key));
		return query.has(key) && Number.isFinite(value) && value > 0 ? value : undefined;
	};
	return { megabytes: number('mb'), depth: number('depth'), keys: number('keys') };
}
