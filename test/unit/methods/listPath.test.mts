import { describe, expect, it } from 'vitest';

import { listPathOf } from '../../../nodes/CustomerIntegration/methods/sampleRecords';

describe('listPathOf', () => {
	it.each([
		['/clientes/{codigo}', '/clientes'],
		['/v1/clientes/{ cpf }/dados', '/v1/clientes'],
		['/clientes', '/clientes'],
		['/clientes?ativo=TRUE', '/clientes'],
		['/{codigo}', '/'],
		['', '/'],
	])('%s → %s', (path, expected) => {
		expect(listPathOf(path)).toBe(expected);
	});
});
