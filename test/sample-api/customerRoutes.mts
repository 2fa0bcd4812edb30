/**
 * `/api/clientes` routes: list with filters and pagination, lookups (query, path, POST body) and
 * updates. Updates validate nothing, as a real ERP stores what it gets, but keep the record
 * addressable: a body whose `codigo` differs from the path is refused with 409.
 */

import { codigoOf, mergePatch, type CustomerStore } from './customerStore.mts';
import type { RawCustomer } from './dataset.mts';
import { LIST_CONTROL_KEYS, listReply, type PageSizeRules } from './pagination.mts';
import { errorReply, json, type Reply } from './reply.mts';

/** How PUT/PATCH answer: the stored record (200), 204, `{ success, codigo }`, or 200 with no body. */
export const UPDATE_RESPONSES = ['record', 'no-content', 'ack', 'empty'] as const;
export type UpdateResponse = (typeof UPDATE_RESPONSES)[number];

export interface UpdateLog {
	requestSeq: number;
	method: 'PUT' | 'PATCH' | 'POST';
	codigo: string;
	/** The body as received. */
	body: Record<string, unknown>;
	/** The record as stored afterwards. */
	stored: RawCustomer;
}

const UPDATE_QUERY_KEYS = new Set(['noContent', 'response']);

export function filtersOf(
	query: URLSearchParams,
	pageSize?: PageSizeRules,
): Array<[string, unknown]> {
	return [...query.entries()].filter(
		([key]) =>
			!LIST_CONTROL_KEYS.has(key) &&
			!UPDATE_QUERY_KEYS.has(key) &&
			!pageSize?.parameters.includes(key),
	);
}

export function listCustomers(
	store: CustomerStore,
	query: URLSearchParams,
	path: string,
	origin: string,
	pageSize?: PageSizeRules,
): Reply {
	const criteria = filtersOf(query, pageSize);
	const matches = criteria.length ? store.filter(criteria) : store.all();
	return listReply({ store, matches, query, path, origin, pageSize });
}

/** POST /api/clientes/busca: criteria in the JSON body, pagination (if any) in the query. */
export function searchCustomers(
	store: CustomerStore,
	body: unknown,
	query: URLSearchParams,
	path: string,
	origin: string,
): Reply {
	if (!isPlainObject(body))
		return errorReply(400, 'invalid_body', 'Send a JSON object of search criteria.');
	const criteria = Object.entries(body);
	if (criteria.length === 0)
		return errorReply(400, 'invalid_body', 'Give at least one search criterion.');
	return listReply({ store, matches: store.filter(criteria), query, path, origin });
}

export function getCustomer(store: CustomerStore, codigo: string): Reply {
	const index = store.indexOf(codigo);
	if (index === undefined) return errorReply(404, 'not_found', 'Customer not found.');
	return {
		status: 200,
		headers: { 'content-type': 'application/json; charset=utf-8' },
		body: store.serialized(index),
	};
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function updateResponseOf(
	query: URLSearchParams,
	fallback: UpdateResponse,
): UpdateResponse | undefined {
	if (query.get('noContent') === '1' || query.get('noContent') === 'true') return 'no-content';
	const asked = query.get('response');
	if (asked === null) return fallback;
	return (UPDATE_RESPONSES as readonly string[]).includes(asked)
		? (asked as UpdateResponse)
		: undefined;
}

export interface UpdateOutcome {
	reply: Reply;
	log?: Omit<UpdateLog, 'requestSeq'>;
}

export function updateCustomer(
	store: CustomerStore,
	method: 'PUT' | 'PATCH' | 'POST',
	codigo: string,
	body: unknown,
	responseMode: UpdateResponse,
): UpdateOutcome {
	const index = store.indexOf(codigo);
	if (index === undefined) return { reply: errorReply(404, 'not_found', 'Customer not found.') };
	if (!isPlainObject(body)) {
		return { reply: errorReply(400, 'invalid_body', 'Send the customer as a JSON object.') };
	}
	if ('codigo' in body && body.codigo !== null && String(body.codigo) !== codigo) {
		return {
			reply: errorReply(
				409,
				'codigo_mismatch',
				'The codigo in the body differs from the one in the URL.',
			),
		};
	}
	let next: RawCustomer =
		method === 'PUT' ? { ...body } : (mergePatch(store.records[index], body) as RawCustomer);
	// The URL's codigo stays the key (a PUT without it, or a PATCH nulling it, would orphan the record).
	if (codigoOf(next) !== codigo)
		next = 'codigo' in next ? { ...next, codigo } : { codigo, ...next };
	const stored = store.replace(index, next);
	return {
		reply: updateReply(codigo, responseMode, store.serialized(index)),
		log: { method, codigo, body, stored },
	};
}

function updateReply(codigo: string, mode: UpdateResponse, storedJson: Buffer): Reply {
	switch (mode) {
		case 'record':
			return {
				status: 200,
				headers: { 'content-type': 'application/json; charset=utf-8' },
				body: storedJson,
			};
		case 'no-content':
			return { status: 204 };
		case 'ack':
			return json(200, { success: true, codigo, message: 'Cliente atualizado com sucesso.' });
		case 'empty':
			return {
				status: 200,
				headers: { 'content-type': 'application/json; charset=utf-8' },
				body: '',
			};
	}
}
