import { PaginationError } from '../../transport/errors';
import type { DeclaredTotal } from './declaredTotal';
import { checkDeclaredTotal, declaredTotal } from './declaredTotal';
import type {
	FetchPage,
	PageRequest,
	PageResponse,
	PaginationLimits,
	PaginationSettings,
	QueryValue,
} from './settings';
import { resolveLimits, resolveSettings } from './settings';
import type { ChainedStyle, PositionalStyle, StyleContext } from './styles';
import { STYLE_RULES } from './styles';

/**
 * A generic paginator over a caller-supplied fetchPage(): it decides what to request next and when
 * to stop; fetching, URL scope checks and record extraction are the caller's. Independent of n8n.
 *
 * Yields each page's records (never an empty array), in the listing's order, trimmed so the total
 * never exceeds maxRecords. Stops on: an empty page; a short page (pageNumber/offset, see
 * stopOnShortPage); no next cursor / next URL / Link rel="next"; maxRecords reached (the page that
 * would only be trimmed away is not fetched). Throws PaginationError when a cursor or next URL
 * repeats, when pageNumber/offset paging gets the same page twice, when maxPages would be passed,
 * and when the listing ended by itself short of the total the API declared.
 *
 * Page sizes with a limit: pageNumber asks for min(pageSize, maxRecords) on every page (page
 * arithmetic needs a constant size) and trims the last page; offset/cursor ask for
 * min(pageSize, records still wanted), so they never over-fetch; nextUrl/linkHeader size only the
 * first request. Paging parameters override same-named keys of baseQs.
 *
 * Requests in flight: pageNumber and offset ask for up to `concurrency` pages ahead of the one being
 * handed out (see pagesInWindow); the chained styles ask for the next page while the caller works on
 * this one. A failed request fails the listing; retrying it is fetchPage's business, so a retry
 * repeats that page alone.
 */
export async function* paginate(
	settings: PaginationSettings,
	baseQs: Record<string, QueryValue>,
	fetchPage: FetchPage,
	limits: PaginationLimits = {},
): AsyncGenerator<unknown[], void, undefined> {
	const context: StyleContext = {
		config: resolveSettings(settings),
		limits: resolveLimits(limits),
		baseQs,
	};
	if (context.limits.maxRecords === 0) return;
	const rule = STYLE_RULES[context.config.style];
	if (rule.kind === 'positional') yield* pagesInWindow(context, rule, fetchPage);
	else yield* pagesInChain(context, rule, fetchPage);
}

function checkedResponse(response: PageResponse): PageResponse {
	if (!Array.isArray(response?.records)) {
		throw new PaginationError('fetchPage() must return the records of the page as an array');
	}
	return response;
}

function tooManyPages(maxPages: number): PaginationError {
	return new PaginationError(
		`Pagination stopped after ${maxPages} pages while the API still reported more. Set a limit, or check the pagination settings`,
	);
}

/** Cheap identity of a page: an API that ignores the page parameter returns the same one again. */
function pageFingerprint(records: unknown[]): string | undefined {
	try {
		return `${records.length}|${JSON.stringify(records[0])}|${JSON.stringify(records[records.length - 1])}`;
	} catch {
		return undefined;
	}
}

function sizeAsked(context: StyleContext, request: PageRequest): number | undefined {
	const parameter = context.config.pageSizeParameter;
	const size = parameter === '' ? undefined : request.qs[parameter];
	return typeof size === 'number' ? size : undefined;
}

/** Requests whose answers are no longer wanted still run to their end; their failures are nobody's. */
class Stragglers {
	private readonly running = new Set<Promise<unknown>>();

	track<T>(promise: Promise<T>): Promise<T> {
		const settled: Promise<unknown> = promise.then(
			(): unknown => this.running.delete(settled),
			(): unknown => this.running.delete(settled),
		);
		this.running.add(settled);
		return promise;
	}

	/** Resolves when every request sent has ended, so none is left running once the listing is over. */
	async drain(): Promise<void> {
		while (this.running.size > 0) await Promise.all([...this.running]);
	}
}

interface Slot {
	index: number;
	start: number;
	request: PageRequest;
	response: Promise<PageResponse>;
}

/**
 * pageNumber and offset: the request of any page is known from its place, so up to `concurrency`
 * pages are asked for at once, a sliding window handed out in page order. The first page goes alone:
 * it tells how many records a page holds (where the next pages start) and, when the API declares a
 * total, where the listing ends, so the window is not opened past the end. Without a total, the
 * window grows with the full pages received, the first short or empty page ends the listing, and the
 * pages asked for beyond it are thrown away.
 * A page is held from its request until it is handed out: never more than `concurrency` at once.
 */
async function* pagesInWindow(
	context: StyleContext,
	rule: PositionalStyle,
	fetchPage: FetchPage,
): AsyncGenerator<unknown[], void, undefined> {
	const { config, limits } = context;
	const { maxRecords, maxPages, concurrency } = limits;
	const stragglers = new Stragglers();
	const window: Slot[] = [];
	// Where page `index` starts: origin.start + (index - origin.index) * step; step is the length of
	// the pages, known once the first one has answered.
	let origin = { index: 0, start: 0 };
	let step: number | undefined;
	let nextIndex = 0;
	let emitted = 0;
	let pagesWithRecords = 0;
	// Without a declared total, the end is only found by reading past it: the window grows by a page for
	// each full page (1, 2, 4, … pages in flight per round trip), so a short listing is not asked for
	// Concurrency pages it does not have. A declared total opens it at once, up to the total.
	const windowSize = () =>
		total === undefined ? Math.min(concurrency, pagesWithRecords + 1) : concurrency;
	let previousFingerprint: string | undefined;
	let total: DeclaredTotal | undefined;

	const startOf = (index: number) => origin.start + (index - origin.index) * (step ?? 0);
	// The page right after the last one handed out is always asked for (the listing goes on); pages
	// beyond it only when they can exist: below the limit and the declared total. The page just past a
	// declared total is asked for too: it confirms the end, and a total that was low does not lose records.
	const mayAskAhead = (index: number): boolean => {
		if (index >= maxPages) return false;
		if (window.length === 0) return true;
		if (step === undefined) return false;
		const start = startOf(index);
		if (start >= maxRecords) return false;
		if (total?.records !== undefined) return start <= total.records;
		if (total?.pages !== undefined) return index <= total.pages;
		return true;
	};
	const fill = () => {
		while (window.length < windowSize() && mayAskAhead(nextIndex)) {
			const index = nextIndex++;
			const start = startOf(index);
			const request = rule.request(context, index, start);
			const response = stragglers.track(fetchPage(request, index));
			// Awaited in turn; this only keeps a page nobody will read from an unhandled rejection.
			response.catch(() => undefined);
			window.push({ index, start, request, response });
		}
	};

	try {
		fill();
		for (;;) {
			const slot = window.shift();
			if (slot === undefined) return;
			const response = checkedResponse(await slot.response);
			const records = response.records;
			total = declaredTotal(response) ?? total;
			const page =
				records.length > maxRecords - emitted ? records.slice(0, maxRecords - emitted) : records;
			emitted += page.length;
			const asked = sizeAsked(context, slot.request);
			const shortPage = asked !== undefined && records.length < asked;
			const ended =
				records.length === 0 || emitted >= maxRecords || (config.stopOnShortPage && shortPage);

			if (ended) {
				// Pages asked for past the end are thrown away.
				window.length = 0;
				if (page.length > 0) {
					pagesWithRecords++;
					yield page;
				}
				if (emitted < maxRecords) {
					checkDeclaredTotal(
						total,
						{
							records: emitted,
							pages: pagesWithRecords,
							lastPage: records.length > 0 ? { records: records.length, asked } : undefined,
						},
						config,
					);
				}
				return;
			}

			pagesWithRecords++;
			const fingerprint = pageFingerprint(records);
			if (fingerprint !== undefined && fingerprint === previousFingerprint) {
				throw new PaginationError(
					`Pagination stopped: the API returned the same page twice. It probably ignores the "${rule.positionParameter(config)}" parameter; check the pagination settings`,
				);
			}
			previousFingerprint = fingerprint;
			if (step === undefined) {
				step = records.length;
			} else if (rule.shiftsWithPageLength && records.length !== step) {
				// The pages asked for ahead start where pages of the old length would have ended: ask again.
				window.length = 0;
				nextIndex = slot.index + 1;
				origin = { index: nextIndex, start: slot.start + records.length };
				step = records.length;
			}
			if (slot.index + 1 >= maxPages) {
				yield page;
				throw tooManyPages(maxPages);
			}
			// The next pages are asked for before this one is handed over: the API works on them while the
			// caller validates this one.
			fill();
			yield page;
		}
	} finally {
		window.length = 0;
		await stragglers.drain();
	}
}

/**
 * Cursors, next URLs, Link headers and a single page: each request comes out of the answer before it,
 * so one page is in flight, asked for while the caller works on the page before.
 */
async function* pagesInChain(
	context: StyleContext,
	rule: ChainedStyle,
	fetchPage: FetchPage,
): AsyncGenerator<unknown[], void, undefined> {
	const { config, limits } = context;
	const { maxRecords, maxPages } = limits;
	const stragglers = new Stragglers();
	const seen = new Set<string>();
	let emitted = 0;
	let pages = 0;
	let pagesWithRecords = 0;
	let total: DeclaredTotal | undefined;
	let request: PageRequest | undefined = rule.first(context);
	let pending: Promise<PageResponse> | undefined = stragglers.track(fetchPage(request, 0));

	try {
		while (request !== undefined && pending !== undefined) {
			const response = checkedResponse(await pending);
			pending = undefined;
			pages++;
			const records = response.records;
			total = declaredTotal(response) ?? total;
			const page =
				records.length > maxRecords - emitted ? records.slice(0, maxRecords - emitted) : records;
			emitted += page.length;
			if (page.length > 0) pagesWithRecords++;
			const next: PageRequest | undefined =
				records.length > 0 && emitted < maxRecords
					? rule.next(context, response, request, emitted, seen)
					: undefined;

			if (next !== undefined && pages >= maxPages) {
				if (page.length > 0) yield page;
				throw tooManyPages(maxPages);
			}
			if (next !== undefined) {
				pending = stragglers.track(fetchPage(next, pages));
				// Awaited on the next turn; this only keeps a consumer that stops early from an unhandled rejection.
				pending.catch(() => undefined);
			}
			if (page.length > 0) yield page;
			if (next === undefined && emitted < maxRecords) {
				checkDeclaredTotal(total, { records: emitted, pages: pagesWithRecords }, config);
			}
			request = next;
		}
	} finally {
		await stragglers.drain();
	}
}
