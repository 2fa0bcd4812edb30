/**
 * Seeded, reproducible fault injection. Every eligible request gets a number n (1, 2, …) and the
 * decision for it depends only on (seed, n): the same plan and the same request sequence give the same
 * faults in every run.
 *
 * Faults are decided before the route runs, so a faulted read has no effect and its retry gets the
 * same page (pagination is stateless). 'reset-mid-body' sends the real response's headers and part of
 * its body, then closes the connection. Writes (PUT/PATCH) are faulted before their effect too, unless
 * the plan says `writes: 'after'` (the update is stored, then the answer is lost).
 */

import type { IncomingHttpHeaders } from 'node:http';

import { hashUnit } from './random.mts';
import { type HostileKind } from './hostile.mts';
import { json, type HeaderMap, type Reply } from './reply.mts';

export const TRANSPORT_FAULTS = [
	'429',
	'429-retry-after',
	'429-retry-after-date',
	'500',
	'502',
	'503',
	'504',
	'reset',
	'reset-mid-body',
	'slow',
] as const;

export type TransportFault = (typeof TRANSPORT_FAULTS)[number];
export type FaultKind = TransportFault | `hostile:${HostileKind}`;

export interface FaultRequest {
	method: string;
	/** Path without the query string, e.g. `/api/clientes`. */
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
}

export interface ScriptedFault {
	/** Which request this fault is for; default: the next `/api/` request. */
	match?: (path: string, request: FaultRequest) => boolean;
	respond: FaultKind | { status: number; headers?: HeaderMap; body?: unknown };
}

export interface FaultPlan {
	seed: number;
	/** Probability that an eligible request is faulted, e.g. 0.2. */
	rate?: number;
	/** Kinds to choose from (uniformly, by the seed); default: every transport fault. */
	kinds?: FaultKind[];
	/** Delay of a 'slow' fault; default 1500 ms. */
	slowMs?: number;
	/** Value of Retry-After for the 429 kinds; default 1 s. */
	retryAfterSeconds?: number;
	/** Also fault every n-th eligible request. */
	everyNth?: number;
	/** Which requests are eligible; default: `/api/*` except `/api/hostile/*`. */
	only?: (request: FaultRequest) => boolean;
	/**
	 * At most this many faults in a row for the same method + URL, then it goes through; default 2,
	 * so a client retrying 2 times always finishes. Set Infinity to let retries run out.
	 */
	maxConsecutive?: number;
	/** One-shot faults, consumed in order by the first request each matches; they win over `rate`. */
	script?: ScriptedFault[];
	/** Whether write faults happen before (default) or after the update is stored. */
	writes?: 'before' | 'after';
}

export type FaultDecision =
	| { kind: FaultKind; requestNumber: number; source: 'random' | 'every-nth' | 'script' }
	| { kind: 'scripted-reply'; reply: Reply; requestNumber: number; source: 'script' };

export interface FaultRecord {
	requestNumber: number;
	method: string;
	path: string;
	kind: FaultKind | 'scripted-reply';
}

const SALT_DECIDE = 1;
const SALT_KIND = 2;

function defaultEligible(request: FaultRequest): boolean {
	return request.path.startsWith('/api/') && !request.path.startsWith('/api/hostile/');
}

function scriptedReply(respond: { status: number; headers?: HeaderMap; body?: unknown }): Reply {
	if (typeof respond.body === 'string' || Buffer.isBuffer(respond.body)) {
		return { status: respond.status, headers: respond.headers, body: respond.body };
	}
	if (respond.body === undefined) return { status: respond.status, headers: respond.headers };
	return json(respond.status, respond.body, respond.headers);
}

/**
 * The decision for the n-th eligible request, from the plan's random part alone (no script, no
 * consecutive limit): lets a test predict the faults of a plan.
 */
export function plannedFault(plan: FaultPlan, requestNumber: number): FaultKind | undefined {
	const kinds = plan.kinds?.length ? plan.kinds : TRANSPORT_FAULTS;
	const byRate =
		plan.rate !== undefined && hashUnit(plan.seed, requestNumber, SALT_DECIDE) < plan.rate;
	const byNth = plan.everyNth !== undefined && requestNumber % plan.everyNth === 0;
	if (!byRate && !byNth) return undefined;
	return kinds[Math.floor(hashUnit(plan.seed, requestNumber, SALT_KIND) * kinds.length)];
}

export class FaultInjector {
	private plan: FaultPlan | undefined;
	private script: ScriptedFault[] = [];
	private eligibleCount = 0;
	private streak = { key: '', length: 0 };
	readonly history: FaultRecord[] = [];

	constructor(plan?: FaultPlan) {
		this.setPlan(plan);
	}

	setPlan(plan: FaultPlan | undefined): void {
		this.plan = plan;
		this.script = [...(plan?.script ?? [])];
		this.eligibleCount = 0;
		this.streak = { key: '', length: 0 };
		this.history.length = 0;
	}

	/** Same plan, counters from zero: the next requests get the same faults as the first ones did. */
	restart(): void {
		this.setPlan(this.plan);
	}

	get writeTiming(): 'before' | 'after' {
		return this.plan?.writes ?? 'before';
	}

	get slowMs(): number {
		return this.plan?.slowMs ?? 1500;
	}

	get retryAfterSeconds(): number {
		return this.plan?.retryAfterSeconds ?? 1;
	}

	decide(request: FaultRequest): FaultDecision | undefined {
		const plan = this.plan;
		if (!plan) return undefined;
		const scripted = this.takeScripted(request);
		const eligible = (plan.only ?? defaultEligible)(request);
		if (!scripted && !eligible) return undefined;
		const requestNumber = eligible ? ++this.eligibleCount : this.eligibleCount;
		let decision: FaultDecision | undefined;
		if (scripted) {
			decision =
				typeof scripted.respond === 'string'
					? { kind: scripted.respond, requestNumber, source: 'script' }
					: {
							kind: 'scripted-reply',
							reply: scriptedReply(scripted.respond),
							requestNumber,
							source: 'script',
						};
		} else {
			const kind = plannedFault(plan, requestNumber);
			if (kind !== undefined && this.withinStreakLimit(request)) {
				const byNth = plan.everyNth !== undefined && requestNumber % plan.everyNth === 0;
				decision = { kind, requestNumber, source: byNth ? 'every-nth' : 'random' };
			}
		}
		this.trackStreak(request, decision !== undefined && decision.kind !== 'slow');
		if (decision) {
			this.history.push({
				requestNumber,
				method: request.method,
				path: request.path,
				kind: decision.kind,
			});
		}
		return decision;
	}

	private takeScripted(request: FaultRequest): ScriptedFault | undefined {
		const index = this.script.findIndex((entry) =>
			entry.match ? entry.match(request.path, request) : request.path.startsWith('/api/'),
		);
		if (index < 0) return undefined;
		return this.script.splice(index, 1)[0];
	}

	private requestKey(request: FaultRequest): string {
		return `${request.method} ${request.path}?${request.query.toString()}`;
	}

	private withinStreakLimit(request: FaultRequest): boolean {
		const limit = this.plan?.maxConsecutive ?? 2;
		return this.streak.key !== this.requestKey(request) || this.streak.length < limit;
	}

	private trackStreak(request: FaultRequest, faulted: boolean): void {
		const key = this.requestKey(request);
		if (!faulted) this.streak = { key, length: 0 };
		else if (this.streak.key === key) this.streak.length++;
		else this.streak = { key, length: 1 };
	}
}

const BAD_GATEWAY_HTML =
	'<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>' +
	'<hr><center>nginx</center></body></html>';
const GATEWAY_TIMEOUT_HTML =
	'<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway Time-out</h1>' +
	'</center><hr><center>nginx</center></body></html>';

/** The answer of a status fault (429, 5xx). */
export function statusFaultReply(
	kind: Exclude<TransportFault, 'reset' | 'reset-mid-body' | 'slow'>,
	retryAfterSeconds: number,
): Reply {
	switch (kind) {
		case '429':
			return json(429, { error: 'rate_limited', message: 'Too many requests.' });
		case '429-retry-after':
			return json(
				429,
				{ error: 'rate_limited', message: 'Too many requests.' },
				{ 'retry-after': String(retryAfterSeconds) },
			);
		case '429-retry-after-date':
			// HTTP-dates have whole seconds: one extra second keeps the date in the future when read.
			return json(
				429,
				{ error: 'rate_limited', message: 'Too many requests.' },
				{ 'retry-after': new Date(Date.now() + (retryAfterSeconds + 1) * 1000).toUTCString() },
			);
		case '500':
			return json(500, { error: 'internal_error', message: 'Unexpected error.' });
		case '502':
			return { status: 502, headers: { 'content-type': 'text/html' }, body: BAD_GATEWAY_HTML };
		case '503':
			return json(503, { error: 'unavailable', message: 'Service unavailable, try again.' });
		case '504':
			return { status: 504, headers: { 'content-type': 'text/html' }, body: GATEWAY_TIMEOUT_HTML };
	}
}
