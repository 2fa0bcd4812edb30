import { PAGINATION_DEFAULTS, type PaginationSettings } from './settings';

/** A query parameter pagination sends itself, and the option that names it. */
export interface PagingParameter {
	name: string;
	option: 'Page Parameter' | 'Offset Parameter' | 'Cursor Parameter' | 'Page Size Parameter';
}

/**
 * The query parameters a listing's pagination sets on its requests, defaults resolved. A filter with one
 * of these names would be overwritten by the paginator (or overwrite it).
 */
export function pagingParameters(settings: PaginationSettings): PagingParameter[] {
	if (settings.style === 'none') return [];
	const parameters: PagingParameter[] = [];
	if (settings.style === 'pageNumber') {
		parameters.push({
			name: settings.pageParameter ?? PAGINATION_DEFAULTS.pageParameter,
			option: 'Page Parameter',
		});
	} else if (settings.style === 'offset') {
		parameters.push({
			name: settings.offsetParameter ?? PAGINATION_DEFAULTS.offsetParameter,
			option: 'Offset Parameter',
		});
	} else if (settings.style === 'cursor') {
		parameters.push({
			name: settings.cursorParameter ?? PAGINATION_DEFAULTS.cursorParameter,
			option: 'Cursor Parameter',
		});
	}
	const size = settings.pageSizeParameter ?? PAGINATION_DEFAULTS.pageSizeParameter;
	if (size !== '') parameters.push({ name: size, option: 'Page Size Parameter' });
	return parameters;
}
