import { describe, expect, it } from 'vitest';

import { RecordShapeError } from '../../../nodes/CustomerIntegration/mapping/errors';
import {
	flattenRecord,
	tooDeepMarker,
	withinDepth,
} from '../../../nodes/CustomerIntegration/mapping/flatten';

function shapeError(run: () => unknown): RecordShapeError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(RecordShapeError);
		return error as RecordShapeError;
	}
	throw new Error('expected a RecordShapeError, nothing was thrown');
}

/** `{ a: { a: ... { a: 'leaf' } } }` with `depth` keys on the path; built without recursion. */
function nestedChain(depth: number): Record<string, unknown> {
	let value: unknown = 'leaf';
	for (let level = 0; level < depth; level++) value = { a: value };
	return value as Record<string, unknown>;
}

describe('flattenRecord', () => {
	it('returns a flat record as it is, each key its own path', () => {
		const raw = { nome: 'Ana', cpf: '52998224725', ativo: true, tags: ['a', 'b'], nada: null };
		const { flat, paths } = flattenRecord(raw, { nested: 'flatten' });
		expect(flat).toEqual(raw);
		expect(paths).toEqual({
			nome: ['nome'],
			cpf: ['cpf'],
			ativo: ['ativo'],
			tags: ['tags'],
			nada: ['nada'],
		});
	});

	it('joins nested keys in camelCase, snake and kebab parts camel-cased', () => {
		const raw = {
			nome: 'Ana',
			endereco: { cep: '58000000', ponto_referencia: 'praça', 'numero-casa': '10' },
		};
		const { flat, paths } = flattenRecord(raw, { nested: 'flatten' });
		expect(flat).toEqual({
			nome: 'Ana',
			enderecoCep: '58000000',
			enderecoPontoReferencia: 'praça',
			enderecoNumeroCasa: '10',
		});
		expect(paths.enderecoCep).toEqual(['endereco', 'cep']);
		expect(paths.enderecoPontoReferencia).toEqual(['endereco', 'ponto_referencia']);
	});

	it('camel-cases a snake_case parent and joins several levels', () => {
		const { flat, paths } = flattenRecord(
			{ dados_pessoais: { documentos: { rg_numero: '123' } } },
			{ nested: 'flatten' },
		);
		expect(flat).toEqual({ dadosPessoaisDocumentosRgNumero: '123' });
		expect(paths.dadosPessoaisDocumentosRgNumero).toEqual([
			'dados_pessoais',
			'documentos',
			'rg_numero',
		]);
	});

	it('keeps arrays, also arrays of objects, as values', () => {
		const phones = [{ numero: '1' }, { numero: '2' }];
		const { flat } = flattenRecord({ contato: { telefones: phones } }, { nested: 'flatten' });
		expect(flat).toEqual({ contatoTelefones: phones });
	});

	it('keeps an empty object as a value instead of dropping the key', () => {
		const { flat } = flattenRecord({ nome: 'Ana', extra: {} }, { nested: 'refuse' });
		expect(flat).toEqual({ nome: 'Ana', extra: {} });
	});

	it('refuses a nested object when told to, naming the key', () => {
		const error = shapeError(() =>
			flattenRecord({ nome: 'Ana', endereco: { cep: '1' } }, { nested: 'refuse' }),
		);
		expect(error.field).toBe('endereco');
		expect(error.message).toContain("'endereco' is a nested object");
		expect(error.message).toContain('level-one fields');
		expect(error.message).toContain('"Flatten"');
	});

	it('refuses 50 levels of nesting under the default limit of 32', () => {
		const error = shapeError(() => flattenRecord({ deep: nestedChain(49) }, { nested: 'flatten' }));
		expect(error.field).toBe('deep');
		expect(error.message).toContain('more than 32 levels');
	});

	it('flattens 50 levels when maxDepth allows it', () => {
		const { flat, paths } = flattenRecord(
			{ deep: nestedChain(49) },
			{ nested: 'flatten', maxDepth: 50 },
		);
		const [key] = Object.keys(flat);
		expect(key).toBe('deep' + 'A'.repeat(49));
		expect(flat[key]).toBe('leaf');
		expect(paths[key]).toHaveLength(50);
	});

	it('stops at the limit on 10 000 levels instead of overflowing the stack', () => {
		const error = shapeError(() =>
			flattenRecord({ deep: nestedChain(10_000) }, { nested: 'flatten' }),
		);
		expect(error.message).toContain("'deep.a.a.a.a.…'");
	});

	it('walks 10 000 levels without recursion when no limit stops it', () => {
		const { flat } = flattenRecord(
			{ deep: nestedChain(10_000) },
			{ nested: 'flatten', maxDepth: Number.POSITIVE_INFINITY },
		);
		expect(Object.values(flat)).toEqual(['leaf']);
	});

	it('keeps all of 10 000 top-level keys and 10 000 nested ones', () => {
		const raw: Record<string, unknown> = {};
		const inner: Record<string, unknown> = {};
		for (let i = 0; i < 10_000; i++) {
			raw[`campo_${i}`] = i;
			inner[`item_${i}`] = -i;
		}
		raw.grupo = inner;
		const { flat } = flattenRecord(raw, { nested: 'flatten' });
		expect(Object.keys(flat)).toHaveLength(20_000);
		expect(flat.campo_9999).toBe(9999);
		expect(flat.grupoItem9999).toBe(-9999);
	});

	describe('collisions', () => {
		it('lets a top-level key keep its name and puts the nested value under its dot path', () => {
			for (const raw of [
				{ enderecoCep: 'top', endereco: { cep: 'nested' } },
				{ endereco: { cep: 'nested' }, enderecoCep: 'top' },
			]) {
				const { flat, paths } = flattenRecord(raw, { nested: 'flatten' });
				expect(flat).toEqual({ enderecoCep: 'top', 'endereco.cep': 'nested' });
				expect(paths['endereco.cep']).toEqual(['endereco', 'cep']);
				expect(paths.enderecoCep).toEqual(['enderecoCep']);
			}
		});

		it('gives the first of two nested keys the joined name', () => {
			const { flat } = flattenRecord({ a_b: { c: 1 }, aB: { c: 2 } }, { nested: 'flatten' });
			expect(flat).toEqual({ aBC: 1, 'aB.c': 2 });
		});

		it('numbers a dot path that is itself taken', () => {
			const { flat, paths } = flattenRecord(
				{ enderecoCep: 1, 'endereco.cep': 2, endereco: { cep: 3 } },
				{ nested: 'flatten' },
			);
			expect(flat).toEqual({ enderecoCep: 1, 'endereco.cep': 2, 'endereco.cep#2': 3 });
			expect(paths['endereco.cep#2']).toEqual(['endereco', 'cep']);
		});
	});

	describe('prototype pollution', () => {
		it('keeps __proto__, constructor and prototype as own keys of a plain object', () => {
			const raw = JSON.parse(
				'{"__proto__": "x", "constructor": "y", "prototype": "z", "nome": "Ana"}',
			) as Record<string, unknown>;
			const { flat, paths } = flattenRecord(raw, { nested: 'flatten' });
			expect(Object.getPrototypeOf(flat)).toBe(Object.prototype);
			expect(Object.getPrototypeOf(paths)).toBe(Object.prototype);
			expect(Object.keys(flat)).toEqual(['__proto__', 'constructor', 'prototype', 'nome']);
			expect(Object.getOwnPropertyDescriptor(flat, '__proto__')?.value).toBe('x');
			expect(Object.getOwnPropertyDescriptor(paths, '__proto__')?.value).toEqual(['__proto__']);
		});

		it('does not pollute Object.prototype through nested __proto__ or constructor.prototype', () => {
			const raw = JSON.parse(
				'{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}',
			) as Record<string, unknown>;
			const { flat } = flattenRecord(raw, { nested: 'flatten' });
			expect(({} as Record<string, unknown>).polluted).toBeUndefined();
			expect(Object.getPrototypeOf(flat)).toBe(Object.prototype);
			expect(Object.values(flat)).toEqual(['yes', 'yes']);
		});

		it('reads records without a prototype', () => {
			const raw = Object.create(null) as Record<string, unknown>;
			raw.endereco = Object.assign(Object.create(null) as object, { cep: '1' });
			expect(flattenRecord(raw, { nested: 'flatten' }).flat).toEqual({ enderecoCep: '1' });
		});
	});

	it('does not mutate its input', () => {
		const raw = { a: { b: { c: 1 } }, aBC: 2, list: [1, { x: 2 }] };
		const before = structuredClone(raw);
		flattenRecord(raw, { nested: 'flatten' });
		expect(raw).toEqual(before);
	});
});

/** `[[[ … 1 … ]]]` with `depth` lists; built without recursion. */
function nestedList(depth: number): unknown[] {
	let value: unknown = 1;
	for (let level = 0; level < depth; level++) value = [value];
	return value as unknown[];
}

describe('flattenRecord: what is too deep', () => {
	it('marks a field nested past maxDepth instead of throwing, when asked to', () => {
		const { flat } = flattenRecord(
			{ codigo: 'C1', endereco: nestedChain(100_000) },
			{ nested: 'flatten', tooDeep: 'mark' },
		);
		expect(flat.codigo).toBe('C1');
		const values = Object.values(flat);
		expect(values).toHaveLength(2);
		expect(values).toContain(tooDeepMarker());
		expect(() => JSON.stringify(flat)).not.toThrow();
	});

	it('counts the levels of a list inside a field: too deep throws, or is marked', () => {
		const raw = { codigo: 'C1', tags: nestedList(100_000), contato: { fones: nestedList(40) } };
		const error = shapeError(() => flattenRecord(raw, { nested: 'flatten' }));
		expect(error.field).toBe('tags');
		expect(error.message).toContain("Field 'tags' is nested more than 32 levels deep");
		const { flat } = flattenRecord(raw, { nested: 'flatten', tooDeep: 'mark' });
		expect(flat).toEqual({
			codigo: 'C1',
			tags: tooDeepMarker(),
			contatoFones: tooDeepMarker(),
		});
	});

	it('keeps a list within the depth as it is', () => {
		const phones = [['(11) 98765-4321'], [{ tipo: 'celular' }]];
		expect(flattenRecord({ fones: phones }, { nested: 'flatten' }).flat.fones).toBe(phones);
	});
});

describe('withinDepth', () => {
	it.each([
		[1, 0, true],
		[[], 1, true],
		[[1], 0, false],
		[nestedList(31), 31, true],
		[nestedList(32), 31, false],
		[[{ a: [1] }], 3, true],
		[[{ a: [1] }], 2, false],
	])('%j within %i levels: %s', (value, levels, expected) => {
		expect(withinDepth(value, levels)).toBe(expected);
	});

	it('walks 100,000 levels without recursion', () => {
		expect(withinDepth(nestedList(100_000), 32)).toBe(false);
		expect(withinDepth(nestedList(100_000), 200_000)).toBe(true);
	});
});
