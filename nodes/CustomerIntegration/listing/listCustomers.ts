import type { ResponseHeaders } from '../transport/headers';
import type { FetchPage, PaginationSettings, QueryValue } from './pagination';
import { paginate } from './pagination';

/**
 * The listing of customers: the filters as the query of every page, the pages (pagination/), the
 * first-page 404 rule, the records of each answer, and a restart on the secondary webservice. It knows
 * nothing of n8n: Get Many satisfies ListingContext with its execution, a poll trigger could with its
 * own, and the errors, records and output stay theirs.
 */

export type ListingWebservice = 'primary' | 'secondary';

/** One answer to a page request, as the transport gives it. */
export interface ListingAnswer {
	status: number;
	headers: ResponseHeaders;
	body: unknown;
	url?: string;
}

/** Where one webservice's customers go, page after page, until the listing is done. */
export interface ListingCollector<Listed> {
	add(records: Array<Record<string, unknown>>): void;
	done(): Listed;
}

/** `Answer`: what the caller's transport answers (at least a ListingAnswer), handed back to `records`. */
export interface ListingContext<Listed, Answer extends ListingAnswer = ListingAnswer> {
	/** GET one page from a webservice: the list path with a query, or a next-page URL (no query). */
	fetch(
		request: { path: string; qs?: Record<string, QueryValue> },
		webservice: ListingWebservice,
	): Promise<Answer>;
	/** The customers of an answer (a 404 included: usually none). */
	records(answer: Answer): Array<Record<string, unknown>>;
	collect(webservice: ListingWebservice): ListingCollector<Listed>;
	/** Runs the listing on the primary and, when the caller's policy says so, again on the secondary. */
	withFallback(list: (webservice: ListingWebservice) => Promise<Listed>): Promise<Listed>;
	/** The error for a first page of an unfiltered listing answered 404: the path is wrong. */
	wrongPath(path: string): Error;
	/** The caller's form of an error the paginator threw (a pagination or response-shape error). */
	failed(error: unknown): unknown;
}

export interface ListingQuery {
	/** The list endpoint, relative to the base URL. */
	path: string;
	/** Query parameters of every page (pagination's own parameters go over them). */
	filters: Record<string, QueryValue>;
	pagination: PaginationSettings;
	/** At most this many customers (a limit); all when undefined. */
	maxRecords?: number;
	/** Pages in flight at once where the pagination allows it. */
	concurrency: number;
}

/**
 * Lists the customers of `query` into the context's collectors. A listing that fails on the primary
 * restarts from the first page on the secondary (withFallback): switching in the middle could lose or
 * repeat records, because the two need not page the same way.
 */
export async function listCustomers<Listed, Answer extends ListingAnswer>(
	context: ListingContext<Listed, Answer>,
	query: ListingQuery,
): Promise<Listed> {
	const filtered = Object.keys(query.filters).length > 0;
	return await context.withFallback(async (webservice) => {
		const collector = context.collect(webservice);
		const fetchPage: FetchPage = async (request, page) => {
			const answer = await context.fetch(
				request.url !== undefined ? { path: request.url } : { path: query.path, qs: request.qs },
				webservice,
			);
			// Some APIs answer a filtered listing that matches nothing, or a page past the end, with 404. The
			// first page of an unfiltered listing cannot be either: the path is wrong, and "no customers"
			// would hide it.
			if (answer.status === 404 && page === 0 && !filtered) {
				throw context.wrongPath(request.url ?? query.path);
			}
			return {
				body: answer.body,
				headers: answer.headers,
				records: context.records(answer),
				url: answer.url,
			};
		};
		const pages = paginate(query.pagination, query.filters, fetchPage, {
			maxRecords: query.maxRecords,
			concurrency: query.concurrency,
		});
		try {
			for (;;) {
				let next: IteratorResult<unknown[]>;
				try {
					next = await pages.next();
				} catch (error) {
					throw context.failed(error);
				}
				if (next.done) break;
				collector.add(next.value as Array<Record<string, unknown>>);
			}
		} finally {
			// A collector that refused a record (Strict) stops the listing: the pages asked for ahead are
			// waited for, so no request of it outlives it.
			await pages.return(undefined);
		}
		return collector.done();
	});
}
