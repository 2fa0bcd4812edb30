/**
 * The floors: what the node does per record, in the fastest plain code this machine runs, with no n8n
 * loaded at all. `node:http` with a keep-alive agent and raw Buffers (lib/plainHttp.mts), `JSON.parse`,
 * this package's normalizeRecord (with the listing's pool of repeated values, as Get Many has) +
 * validateCustomer, and the same concurrency as the node: the same number of pages or lookups in
 * flight, duplicate lookups sent once.
 */

import { loadValidator, type Validator } from '../engine/packageCode.mts';
import { digitsOf } from '../lib/lookupKeys.mts';
import { eachWithLimit, PlainClient } from '../lib/plainHttp.mts';
import type { ScenarioInput } from '../lib/types.mts';

export interface ReadOutcome {
	/** Every output item's json, valid and invalid; called after the measurement. */
	jsons: () => unknown[];
	details: Record<string, number | string | boolean>;
}

type Json = Record<string, unknown>;

/** normalizeRecord + validateCustomer as Get Many applies them (route mode: valid and invalid kept). */
function recordChecker({ normalizeRecord, validateCustomer, RepeatedTexts }: Validator) {
	const texts = new RepeatedTexts();
	let valid = 0;
	let invalid = 0;
	const check = (raw: Json): Json => {
		let record: Json;
		try {
			record = normalizeRecord(raw, { nested: 'flatten', texts }).record;
		} catch (error) {
			// As the node: a record normalizeRecord cannot flatten is an invalid record.
			const shape = error as { field?: string; message: string };
			invalid++;
			return {
				...raw,
				_validation: {
					valid: false,
					issues: [{ field: shape.field ?? '', rule: 'shape', message: shape.message }],
				},
			};
		}
		const result = validateCustomer(record, { normalize: true, required: [], owned: true });
		if (result.valid) {
			valid++;
			return result.normalized;
		}
		invalid++;
		return { ...result.normalized, _validation: { valid: false, issues: result.issues } };
	};
	return { check, counts: () => ({ valid, invalid }) };
}

function clientFor(input: ScenarioInput, baseUrl: string, sockets: number): PlainClient {
	return new PlainClient(baseUrl, input.api.basic, sockets);
}

/**
 * Page numbers: page 1, then (knowing the total from X-Total-Count) the other pages with up to
 * `readConcurrency` in flight; each page is checked as it arrives and the output is kept in page order.
 */
export async function floorGetMany(input: ScenarioInput, baseUrl: string): Promise<ReadOutcome> {
	const { check, counts } = recordChecker(await loadValidator(input.buildDir));
	const client = clientFor(input, baseUrl, input.readConcurrency);
	const pageSize = input.pageSize;
	const pagePath = (page: number) => `/clientes?page=${page}&limit=${pageSize}`;
	try {
		const first = await client.getJson<Json[]>(pagePath(1));
		const total = Number(first.headers['x-total-count']);
		if (!Number.isInteger(total)) throw new Error('the API declared no X-Total-Count');
		const pages: Json[][] = [first.body.map(check)];
		const more = Math.max(0, Math.ceil(total / pageSize) - 1);
		await eachWithLimit(more, input.readConcurrency, async (index) => {
			const { body } = await client.getJson<Json[]>(pagePath(index + 2));
			pages[index + 1] = body.map(check);
		});
		return {
			jsons: () => pages.flat(),
			details: { ...counts(), requests: more + 1 },
		};
	} finally {
		client.close();
	}
}

/**
 * Cursor in the body: no page can be asked for before the previous one answers, but the next request
 * goes out as soon as the answer's cursor is read, and the records are checked while it is in flight.
 */
export async function floorCursor(input: ScenarioInput, baseUrl: string): Promise<ReadOutcome> {
	const { check, counts } = recordChecker(await loadValidator(input.buildDir));
	const client = clientFor(input, baseUrl, 1);
	const output: Json[] = [];
	const pageAfter = (cursor: string) =>
		client.getJson<{ data: Json[]; nextCursor?: string | null }>(
			`/clientes?paginate=cursor&limit=${input.pageSize}&cursor=${encodeURIComponent(cursor)}`,
		);
	let requests = 1;
	try {
		let next: ReturnType<typeof pageAfter> | undefined = pageAfter('');
		while (next) {
			const { body } = await next;
			next = body.nextCursor ? pageAfter(body.nextCursor) : undefined;
			if (next) requests++;
			for (const raw of body.data) output.push(check(raw));
		}
		return { jsons: () => output, details: { ...counts(), requests } };
	} finally {
		client.close();
	}
}

/**
 * Lookups by CPF: one request per distinct CPF (masks taken off), `readConcurrency` in flight; every
 * item gets its own copy of its customer, in item order.
 */
export async function floorLookups(
	input: ScenarioInput,
	baseUrl: string,
	cpfs: string[],
): Promise<ReadOutcome> {
	const { check, counts } = recordChecker(await loadValidator(input.buildDir));
	const client = clientFor(input, baseUrl, input.readConcurrency);
	const slotOf = new Map<string, number>();
	const keys: string[] = [];
	const itemSlots = cpfs.map((cpf) => {
		const digits = digitsOf(cpf);
		let slot = slotOf.get(digits);
		if (slot === undefined) {
			slot = keys.push(digits) - 1;
			slotOf.set(digits, slot);
		}
		return slot;
	});
	const answers: Json[][] = [];
	try {
		await eachWithLimit(keys.length, input.readConcurrency, async (slot) => {
			const { body } = await client.getJson<Json[]>(`/clientes?cpf=${keys[slot]}`);
			answers[slot] = body.map(check);
		});
		const items = itemSlots.flatMap((slot) => answers[slot].map((json) => ({ ...json })));
		return {
			jsons: () => items,
			details: { ...counts(), requests: keys.length },
		};
	} finally {
		client.close();
	}
}
