import { describe, expect, it } from 'vitest';

import { ResponseShapeError } from '../../../nodes/CustomerIntegration/mapping/errors';
import {
	extractRecords,
	WRAPPER_KEYS,
} from '../../../nodes/CustomerIntegration/mapping/extractRecords';

function shapeError(run: () => unknown): ResponseShapeError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(ResponseShapeError);
		return error as ResponseShapeError;
	}
	throw new Error('expected a ResponseShapeError, nothing was thrown');
}

const ana = { nome: 'Ana', cpf: '52998224725' };
const bia = { nome: 'Bia', cpf: '11144477735' };

describe('extractRecords', () => {
	it.each([null, undefined, '', '  '])('gives no records for %j', (body) => {
		expect(extractRecords(body)).toEqual([]);
	});

	it('gives the elements of an array body', () => {
		expect(extractRecords([ana, bia])).toEqual([ana, bia]);
		expect(extractRecords([])).toEqual([]);
	});

	it.each([
		'data',
		'items',
		'results',
		'records',
		'customers',
		'clientes',
		'content',
		'rows',
		'value',
		'dados',
		'registros',
		'resultados',
	])('finds the records under %s', (wrapper) => {
		expect(extractRecords({ total: 2, page: 1, [wrapper]: [ana, bia] })).toEqual([ana, bia]);
	});

	it('lists the wrappers of the contract first, in order', () => {
		expect(WRAPPER_KEYS.slice(0, 9)).toEqual([
			'data',
			'items',
			'results',
			'records',
			'customers',
			'clientes',
			'content',
			'rows',
			'value',
		]);
	});

	it('takes the first wrapper in priority order, not in key order', () => {
		expect(extractRecords({ items: [bia], data: [ana] })).toEqual([ana]);
	});

	it('skips a wrapper key that does not hold an array', () => {
		expect(extractRecords({ content: 'paged', items: [ana] })).toEqual([ana]);
	});

	it.each([
		[{ data: { items: [ana] } }],
		[{ data: { total: 1, content: [ana] } }],
		[{ status: 'ok', result: 1, value: { rows: [ana] } }],
	])('finds the records one level deeper: %j', (body) => {
		expect(extractRecords(body)).toEqual([ana]);
	});

	it('gives no records for an envelope whose list is null', () => {
		expect(extractRecords({ data: null, message: 'not found' })).toEqual([]);
		expect(extractRecords({ data: { items: null } })).toEqual([]);
	});

	it('gives a bare record as one record', () => {
		expect(extractRecords(ana)).toEqual([ana]);
	});

	it('gives no record for an empty object', () => {
		expect(extractRecords({})).toEqual([]);
	});

	it.each([
		[{ data: ana }],
		[{ sucesso: true, cliente: ana }],
		[{ status: 'ok', data: { cliente: ana, total: 1 } }],
		[{ result: { ...ana, ativo: 'S' } }],
	])('finds one record under a wrapper or single-record key: %j', (body) => {
		const [record, ...others] = extractRecords(body);
		expect(others).toEqual([]);
		expect(record).toMatchObject(ana);
	});

	it.each([
		[
			{
				status: 'success',
				message: 'Nenhum registro encontrado',
				data: { cliente: null, total: 0 },
			},
		],
		[{ sucesso: false, cliente: null }],
		[{ resultado: null, mensagem: 'não encontrado' }],
	])('gives no record for an envelope whose single record is null: %j', (body) => {
		expect(extractRecords(body)).toEqual([]);
	});

	it('does not take a summary object under a wrapper for a record', () => {
		const body = { data: { total: 3, pagina: 1 } };
		expect(extractRecords(body)).toEqual([body]);
	});

	it('keeps a record with a customer field of its own whole, whatever its other keys hold', () => {
		const withNull = { codigo: 'C1', item: null };
		expect(extractRecords(withNull)).toEqual([withNull]);
		const withNested = { codigo: 'C2', responsavel: 'x', data: ana };
		expect(extractRecords(withNested)).toEqual([withNested]);
	});

	it('does not mistake a customer with a list of items for an envelope', () => {
		const customer = { nome: 'Ana', cpf: '1', items: [{ sku: 'x' }] };
		expect(extractRecords(customer)).toEqual([customer]);
	});

	it.each([
		[[ana, 42], 1, 'a number'],
		[['x'], 0, 'a string'],
		[[ana, bia, null], 2, 'null'],
		[[[ana]], 0, 'an array'],
	])('names the index of an element that is not an object: %j', (body, index, type) => {
		const error = shapeError(() => extractRecords(body));
		expect(error.message).toContain(`Record ${index} of the response ([${index}]) is ${type}`);
		expect(error.path).toBe(`[${index}]`);
	});

	it('names the wrapper in the path of a bad element', () => {
		expect(shapeError(() => extractRecords({ data: [ana, 7] })).path).toBe('data[1]');
	});

	describe('with an items path', () => {
		const body = { payload: { clientes: [ana, bia], total: 2 }, pages: [{ rows: [bia] }] };

		it.each(['payload.clientes', '$.payload.clientes', ' $.payload.clientes '])(
			'follows %j',
			(path) => {
				expect(extractRecords(body, path)).toEqual([ana, bia]);
			},
		);

		it('follows a numeric segment into an array', () => {
			expect(extractRecords(body, 'pages.0.rows')).toEqual([bia]);
		});

		it('treats an empty path as no path', () => {
			expect(extractRecords([ana], '')).toEqual([ana]);
			expect(extractRecords({ data: [ana] }, '$')).toEqual([ana]);
		});

		it('says which segment is missing and what keys are there, without values', () => {
			const error = shapeError(() => extractRecords(body, 'payload.customers'));
			expect(error.path).toBe('payload.customers');
			expect(error.message).toContain("'customers' is missing at payload");
			expect(error.message).toContain("an object with keys 'clientes', 'total'");
			expect(error.message).not.toContain('52998224725');
		});

		it('says what type it found where the path goes on', () => {
			const error = shapeError(() => extractRecords({ data: 'abc' }, 'data.items'));
			expect(error.message).toContain("'items' is missing at data, which holds a string");
		});

		it('says what it found when the path ends on a non-array', () => {
			const error = shapeError(() => extractRecords({ count: 52998224725 }, 'count'));
			expect(error.message).toContain("Records Path 'count' holds a number, not an array");
			expect(error.message).not.toContain('52998224725');
		});

		it('takes one record where the path ends on an object', () => {
			expect(extractRecords({ data: ana }, 'data')).toEqual([ana]);
		});

		it('checks the elements at the path', () => {
			expect(shapeError(() => extractRecords({ a: [ana, 'x'] }, 'a')).path).toBe('a[1]');
		});

		it('shortens the list of keys of a wide object', () => {
			const wide = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i]));
			const error = shapeError(() => extractRecords(wide, 'missing'));
			expect(error.message).toContain('(40 keys)');
			expect(error.message).not.toContain("'k39'");
		});
	});

	it('says the API did not answer JSON for a text body, with its start and digits masked', () => {
		const page = `<!DOCTYPE html>\n<html><body>Erro 500: CPF 52998224725 não encontrado ${'x'.repeat(200)}</body></html>`;
		const error = shapeError(() => extractRecords(page));
		expect(error.message).toContain('The API did not answer JSON');
		expect(error.message).toContain(
			'"<!DOCTYPE html> <html><body>Erro ###: CPF ########### não encontrado',
		);
		expect(error.message).not.toMatch(/\d/);
		expect(error.message).not.toContain('x'.repeat(80));
	});

	it.each([42, true])('refuses a body that is %j', (body) => {
		expect(shapeError(() => extractRecords(body)).message).toContain('not a customer record');
	});
});

describe('extractRecords for a listing (loneObject: customer)', () => {
	const listing = { loneObject: 'customer' } as const;

	it.each([
		[{ status: 'ok' }, "'status'"],
		[{ data: { total: 3, pagina: 1 } }, "'data'"],
		[{ sucesso: true, mensagem: 'processado' }, "'sucesso', 'mensagem'"],
	])('refuses an object with no list and no customer field: %j', (body, keys) => {
		const error = shapeError(() => extractRecords(body, undefined, listing));
		expect(error.message).toContain(`an object with keys ${keys}`);
		expect(error.message).toContain('not a customer');
	});

	it('says which Records Path holds it', () => {
		const error = shapeError(() => extractRecords({ data: { ok: true } }, 'data', listing));
		expect(error.message).toContain("Records Path 'data' holds an object with keys 'ok'");
	});

	it.each([
		[{ nome: 'Ana' }],
		[{ codigo: 'C1', status: 'ok' }],
		[{ endereco: { cep: '01310-100' }, status: 'ok' }],
		[ana],
	])('takes a lone object with a customer field for one customer: %j', (body) => {
		expect(extractRecords(body, undefined, listing)).toEqual([body]);
		expect(extractRecords({ data: body }, 'data', listing)).toEqual([body]);
	});

	it('still gives no customer for an empty object, an empty list or a null envelope', () => {
		expect(extractRecords({}, undefined, listing)).toEqual([]);
		expect(extractRecords({ data: [] }, undefined, listing)).toEqual([]);
		expect(extractRecords({ sucesso: false, cliente: null }, undefined, listing)).toEqual([]);
	});
});
