/** The paginator and what its callers need of it. */
export { paginate } from './paginate';
export { parseLinkHeader, type LinkValue } from './linkHeader';
export { readPath } from './responseParts';
export { declaredTotal, type DeclaredTotal } from './declaredTotal';
export {
	CURSOR_PATHS,
	NEXT_URL_PATHS,
	PAGINATION_DEFAULTS,
	type FetchPage,
	type PageRequest,
	type PageResponse,
	type PaginationLimits,
	type PaginationSettings,
	type PaginationStyle,
	type QueryValue,
} from './settings';
