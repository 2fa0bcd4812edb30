import { describe, expect, it } from 'vitest';

import { pagingParameters } from '../../../nodes/CustomerIntegration/listing/pagination/parameterNames';

describe('pagingParameters: what pagination sends itself', () => {
	it('each style names its position parameter and the page size, defaults resolved', () => {
		expect(pagingParameters({ style: 'pageNumber' })).toEqual([
			{ name: 'page', option: 'Page Parameter' },
			{ name: 'limit', option: 'Page Size Parameter' },
		]);
		expect(pagingParameters({ style: 'offset', offsetParameter: 'skip' })).toEqual([
			{ name: 'skip', option: 'Offset Parameter' },
			{ name: 'limit', option: 'Page Size Parameter' },
		]);
		expect(pagingParameters({ style: 'cursor', pageSizeParameter: 'size' })).toEqual([
			{ name: 'cursor', option: 'Cursor Parameter' },
			{ name: 'size', option: 'Page Size Parameter' },
		]);
		expect(pagingParameters({ style: 'linkHeader' })).toEqual([
			{ name: 'limit', option: 'Page Size Parameter' },
		]);
	});

	it('no pagination sends nothing; an emptied Page Size Parameter sends no size', () => {
		expect(pagingParameters({ style: 'none' })).toEqual([]);
		expect(pagingParameters({ style: 'nextUrl', pageSizeParameter: '' })).toEqual([]);
	});
});
