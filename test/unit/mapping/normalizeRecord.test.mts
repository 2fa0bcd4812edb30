import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { RecordShapeError } from '../../../nodes/CustomerIntegration/mapping/errors';
import { normalizeRecord } from '../../../nodes/CustomerIntegration/mapping/normalizeRecord';

describe('normalizeRecord', () => {
	it('renames known keys to canonical names and leaves unknown keys and all values alone', () => {
		const tags = ['vip'];
		const { record, sourcePaths } = normalizeRecord(
			{ Nome: ' Ana ', data_nascimento: '01/02/1990', CRM: 123, tags },
			{ nested: 'refuse' },
		);
		expect(record).toEqual({ nome: ' Ana ', dataNascimento: '01/02/1990', CRM: 123, tags });
		expect(record.tags).toBe(tags);
		expect(sourcePaths).toEqual({
			nome: ['Nome'],
			dataNascimento: ['data_nascimento'],
			CRM: ['CRM'],
			tags: ['tags'],
		});
	});

	it('flattens a nested address into canonical address fields with their paths', () => {
		const { record, sourcePaths } = normalizeRecord(
			{
				nome: 'Ana',
				endereco: { rua: 'Rua A', cep: '58000-000', ponto_referencia: 'praça', uf: 'PB' },
			},
			{ nested: 'flatten' },
		);
		expect(record).toEqual({
			nome: 'Ana',
			enderecoLogradouro: 'Rua A',
			enderecoCep: '58000-000',
			enderecoPontoReferencia: 'praça',
			enderecoEstado: 'PB',
		});
		expect(sourcePaths.enderecoCep).toEqual(['endereco', 'cep']);
		expect(sourcePaths.enderecoLogradouro).toEqual(['endereco', 'rua']);
	});

	it('reads an English nested address', () => {
		const { record } = normalizeRecord(
			{ fullName: 'Ana', address: { street: 'Main St', zip: '58000000', city: 'João Pessoa' } },
			{ nested: 'flatten' },
		);
		expect(record).toEqual({
			nome: 'Ana',
			enderecoLogradouro: 'Main St',
			enderecoCep: '58000000',
			enderecoCidade: 'João Pessoa',
		});
	});

	it('refuses a nested object when told to', () => {
		expect(() => normalizeRecord({ endereco: { cep: '1' } }, { nested: 'refuse' })).toThrow(
			RecordShapeError,
		);
	});

	describe('two raw keys for one field', () => {
		it('gives the canonical name to the first alias, the other keeps its raw key', () => {
			const { record, sourcePaths } = normalizeRecord(
				{ tel: '1', phone: '2' },
				{ nested: 'refuse' },
			);
			expect(record).toEqual({ telefone: '1', phone: '2' });
			expect(sourcePaths).toEqual({ telefone: ['tel'], phone: ['phone'] });
		});

		it('gives the canonical name to a key that is literally it, wherever it is', () => {
			const { record, sourcePaths } = normalizeRecord(
				{ fone: '1', telefone: '2' },
				{ nested: 'refuse' },
			);
			expect(record).toEqual({ fone: '1', telefone: '2' });
			expect(sourcePaths.telefone).toEqual(['telefone']);
		});

		it('keeps a nested value that collided with a top-level key', () => {
			const { record, sourcePaths } = normalizeRecord(
				{ enderecoCep: '1', endereco: { cep: '2' } },
				{ nested: 'flatten' },
			);
			expect(record).toEqual({ enderecoCep: '1', 'endereco.cep': '2' });
			expect(sourcePaths['endereco.cep']).toEqual(['endereco', 'cep']);
		});
	});

	it('gives records of the same keys their own values', () => {
		const first = normalizeRecord({ cpf: '1', nome: 'A' }, { nested: 'refuse' });
		const second = normalizeRecord({ cpf: '2', nome: 'B' }, { nested: 'refuse' });
		const otherShape = normalizeRecord({ nome: 'C', cpf: '3' }, { nested: 'refuse' });
		expect(first.record).toEqual({ cpf: '1', nome: 'A' });
		expect(second.record).toEqual({ cpf: '2', nome: 'B' });
		expect(Object.keys(otherShape.record)).toEqual(['nome', 'cpf']);
		expect(otherShape.sourcePaths).toEqual({ nome: ['nome'], cpf: ['cpf'] });
	});

	it('keeps __proto__ as an own key and returns plain objects', () => {
		const raw = JSON.parse('{"__proto__": {"polluted": 1}, "nome": "Ana"}') as Record<
			string,
			unknown
		>;
		const flatRaw = JSON.parse('{"__proto__": "x", "cpf": "1"}') as Record<string, unknown>;
		for (const input of [raw, flatRaw]) {
			const { record, sourcePaths } = normalizeRecord(input, { nested: 'flatten' });
			expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
			expect(Object.getPrototypeOf(sourcePaths)).toBe(Object.prototype);
		}
		expect(normalizeRecord(flatRaw, { nested: 'refuse' }).record).toEqual(
			JSON.parse('{"__proto__": "x", "cpf": "1"}'),
		);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	describe('never loses a value (property)', () => {
		const knownKeys = [
			'nome',
			'Nome',
			'NOME',
			'name',
			'cpf',
			'CPF',
			'nr_cpf',
			'data_nascimen',
			'dataNascimento',
			'DataNascimento',
			'birth_date',
			'telefone',
			'fone',
			'tel',
			'telefone_2',
			'phone2',
			'enderecoCep',
			'endereco_cep',
			'cep',
			'zip',
			'Gênero',
			'sexo',
			'__proto__',
			'constructor',
			'prototype',
			'telefo',
			'endereco.cep',
			'enderecoCep#2',
		];
		const key = fc.oneof(fc.constantFrom(...knownKeys), fc.string({ maxLength: 12 }));
		const value = fc.oneof(
			fc.string(),
			fc.integer(),
			fc.double(),
			fc.boolean(),
			fc.constant(null),
			fc.array(fc.integer(), { maxLength: 3 }),
			fc.constant({}),
		);
		const flatRecord = fc
			.uniqueArray(fc.tuple(key, value), { selector: ([k]) => k, maxLength: 25 })
			.map((entries) => {
				const record: Record<string, unknown> = {};
				for (const [k, v] of entries) {
					Object.defineProperty(record, k, {
						value: v,
						enumerable: true,
						writable: true,
						configurable: true,
					});
				}
				return record;
			});

		it('puts every raw value in the output under exactly one key', () => {
			fc.assert(
				fc.property(flatRecord, (raw) => {
					const { record, sourcePaths } = normalizeRecord(raw, { nested: 'refuse' });
					const rawKeys = Object.keys(raw);
					const outputKeys = Object.keys(record);
					expect(outputKeys).toHaveLength(rawKeys.length);
					expect(Object.keys(sourcePaths).sort()).toEqual([...outputKeys].sort());
					for (const rawKey of rawKeys) {
						const holders = outputKeys.filter(
							(output) => sourcePaths[output].length === 1 && sourcePaths[output][0] === rawKey,
						);
						expect(holders).toHaveLength(1);
						expect(Object.is(record[holders[0]], raw[rawKey])).toBe(true);
					}
					expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
				}),
				{ numRuns: 500 },
			);
		});
	});
	it('flattens a record whose keys match a level-one record seen before but whose value is now nested', () => {
		const flat = normalizeRecord({ nome: 'Ana', endereco: 'Rua A, 1' }, { nested: 'flatten' });
		expect(flat.record).toEqual({ nome: 'Ana', enderecoLogradouro: 'Rua A, 1' });
		const nested = normalizeRecord(
			{ nome: 'Bia', endereco: { cep: '58000-000' } },
			{ nested: 'flatten' },
		);
		expect(nested.record).toEqual({ nome: 'Bia', enderecoCep: '58000-000' });
		expect(nested.sourcePaths.enderecoCep).toEqual(['endereco', 'cep']);
		expect(() =>
			normalizeRecord({ nome: 'Bia', endereco: { cep: '58000-000' } }, { nested: 'refuse' }),
		).toThrow(RecordShapeError);
	});

	it('reads only own keys, also when the prototype has enumerable ones', () => {
		const own = { nome: 'Ana', data_nascimento: '01/02/1990' };
		normalizeRecord({ ...own }, { nested: 'refuse' });
		const withInherited = Object.assign(Object.create({ injected: 'x' }), own) as Record<
			string,
			unknown
		>;
		const { record } = normalizeRecord(withInherited, { nested: 'refuse' });
		expect(record).toEqual({ nome: 'Ana', dataNascimento: '01/02/1990' });
		expect(Object.keys(record)).toEqual(['nome', 'dataNascimento']);
		// Also after a record whose own keys are the same names in the same order.
		normalizeRecord({ ...own, injected: 'own' }, { nested: 'refuse' });
		const again = normalizeRecord(withInherited, { nested: 'refuse' }).record;
		expect(Object.keys(again)).toEqual(['nome', 'dataNascimento']);
	});
});
