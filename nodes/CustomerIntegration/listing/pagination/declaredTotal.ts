import { PaginationError } from '../../transport/errors';
import { headerValue } from '../../transport/headers';
import { readPath } from './responseParts';
import type { PageResponse, ResolvedSettings } from './settings';

/**
 * The size of the whole listing, where the API declares it: a header (`X-Total-Count`) or a field of
 * the body's envelope (`total`, `count`, `totalElements`, `totalPages`, …). It lets the paginator ask
 * for pages ahead without asking past the end, and tells a listing that stopped short from a complete
 * one. Pure.
 */

export interface DeclaredTotal {
	/** Records in the whole listing. */
	records?: number;
	/** Pages in the whole listing (only when the records are not declared). */
	pages?: number;
	/** Where the API said it, for messages: a header name or a body path. */
	source: string;
}

const RECORD_HEADERS = [
	'x-total-count',
	'x-total',
	'x-total-records',
	'x-total-items',
	'x-pagination-total-count',
	'x-wp-total',
	'total-count',
];
const PAGE_HEADERS = ['x-total-pages', 'x-pagination-page-count', 'x-wp-totalpages'];

/** `count` is read last and only when it differs from the page's own length: some APIs count the page. */
const RECORD_KEYS = [
	'total',
	'totalCount',
	'total_count',
	'totalElements',
	'total_elements',
	'totalItems',
	'total_items',
	'totalRecords',
	'total_records',
	'totalResults',
	'total_results',
	'totalRegistros',
	'total_registros',
	'count',
];
const PAGE_KEYS = [
	'totalPages',
	'total_pages',
	'pageCount',
	'page_count',
	'totalPaginas',
	'total_paginas',
];
/** Where envelopes keep those fields: the body itself, or an object beside the records. */
const ENVELOPE_PARTS = [
	'',
	'meta',
	'pagination',
	'paging',
	'page',
	'_meta',
	'metadata',
	'paginacao',
];

function wholeNumber(value: unknown): number | undefined {
	const number =
		typeof value === 'number'
			? value
			: typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value)
				? Number(value)
				: NaN;
	return Number.isSafeInteger(number) && number >= 0 ? number : undefined;
}

/** The body when it wraps the records: not an array, and not itself the page's one record. */
function envelopeOf(response: PageResponse): Record<string, unknown> | undefined {
	const body = response.body;
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
	if (response.records.length === 1 && response.records[0] === body) return undefined;
	return body as Record<string, unknown>;
}

function fromBody(
	envelope: Record<string, unknown>,
	keys: string[],
	pageLength: number,
): { value: number; source: string } | undefined {
	for (const part of ENVELOPE_PARTS) {
		for (const key of keys) {
			const path = part === '' ? key : `${part}.${key}`;
			const value = wholeNumber(readPath(envelope, path));
			if (value === undefined) continue;
			if (key === 'count' && value === pageLength) continue;
			return { value, source: path };
		}
	}
	return undefined;
}

/** The total this page's answer declares, if any. */
export function declaredTotal(response: PageResponse): DeclaredTotal | undefined {
	for (const name of RECORD_HEADERS) {
		const records = wholeNumber(headerValue(response.headers, name));
		if (records !== undefined) return { records, source: name };
	}
	const envelope = envelopeOf(response);
	const inBody = envelope && fromBody(envelope, RECORD_KEYS, response.records.length);
	if (inBody) return { records: inBody.value, source: inBody.source };
	for (const name of PAGE_HEADERS) {
		const pages = wholeNumber(headerValue(response.headers, name));
		if (pages !== undefined) return { pages, source: name };
	}
	const pagesInBody = envelope && fromBody(envelope, PAGE_KEYS, response.records.length);
	return pagesInBody ? { pages: pagesInBody.value, source: pagesInBody.source } : undefined;
}

/** How the listing ended, for the message when it ended before the declared total. */
export interface ListingEnd {
	/** Records handed out. */
	records: number;
	/** Pages that held records. */
	pages: number;
	/** The last page that held records: how many, and how many were asked for (if a size was sent). */
	lastPage?: { records: number; asked?: number };
}

/**
 * A listing that ended by itself (an empty or short page, no next page) short of what the API declared
 * has lost records: an API that ignores the page size parameter serves smaller pages than asked, and
 * the first of them looks like the last.
 */
export function checkDeclaredTotal(
	total: DeclaredTotal | undefined,
	end: ListingEnd,
	config: ResolvedSettings,
): void {
	if (total === undefined) return;
	let declared: string;
	if (total.records !== undefined) {
		if (end.records >= total.records) return;
		declared = `${total.records} customers (${total.source}) but the listing ended after ${end.records}`;
	} else if (total.pages !== undefined) {
		if (end.pages >= total.pages) return;
		declared = `${total.pages} pages (${total.source}) but the listing ended after ${end.pages} page${end.pages === 1 ? '' : 's'} (${end.records} customers)`;
	} else {
		return;
	}
	const size = config.pageSizeParameter;
	const last = end.lastPage;
	const smallPages =
		last !== undefined && last.asked !== undefined && last.records < last.asked
			? ` Its last page held ${last.records} records where ${last.asked} were asked for.`
			: '';
	const advice =
		size === ''
			? ' Set Page Size Parameter to the name the API gives the page size (for example size, pageSize or per_page), and check the other pagination settings.'
			: ` The API may not read the page size parameter "${size}": set Page Size Parameter to the name it uses (for example size, pageSize or per_page)${config.style === 'pageNumber' || config.style === 'offset' ? ', or turn off Stop on Short Page' : ''}, and check the other pagination settings.`;
	throw new PaginationError(`The API declared ${declared}.${smallPages}${advice}`);
}
