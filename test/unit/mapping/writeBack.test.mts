import { describe, expect, it } from 'vitest';

import { normalizeRecord } from '../../../nodes/CustomerIntegration/mapping/normalizeRecord';
import {
	buildWriteBody,
	type WriteOptions,
} from '../../../nodes/CustomerIntegration/mapping/writeBack';
import { validateCustomer } from '../../../nodes/CustomerIntegration/validation/validateCustomer';

type Json = Record<string, unknown>;

function deepFreeze<T>(value: T): T {
	if (value !== null && typeof value === 'object') {
		for (const child of Object.values(value)) deepFreeze(child);
		Object.freeze(value);
	}
	return value;
}

/** What an API keeps after a PATCH: the body merged into the stored record, nested objects included. */
function mergePatch(stored: Json, patch: Json): Json {
	const merged: Json = structuredClone(stored);
	for (const [key, value] of Object.entries(patch)) {
		const old = merged[key];
		merged[key] =
			value !== null &&
			typeof value === 'object' &&
			!Array.isArray(value) &&
			old !== null &&
			typeof old === 'object'
				? mergePatch(old as Json, value as Json)
				: value;
	}
	return merged;
}

/** Get → edit → Update → Get: returns what the API stores and what the next Get reads from it. */
function roundTrip(current: Json, readValues: Json, edit: Json, method: WriteOptions['method']) {
	const body = buildWriteBody({ ...readValues, ...edit }, current, {
		method,
		keyStyle: 'camelCase',
	});
	const stored = method === 'PATCH' ? mergePatch(current, body) : body;
	return { body, stored, read: normalizeRecord(stored, { nested: 'flatten' }).record };
}

/** A snake_case API in the seed's style, with masked documents and Brazilian dates. */
const snakeApiRecord: Json = deepFreeze({
	nome: 'JOÃO DA SILVA',
	cpf: '529.982.247-25',
	data_nascimen: '01/02/1990',
	crm: '000000',
	telefone: '(83) 98765-4321',
	telefone_2: '83 3222-1111',
	endereco_cep: '58000-000',
	endereco_estado: 'PB',
	ativo: 'TRUE',
});

/** The same customer after validation normalized its values (canonical keys). */
const snakeApiNormalized: Json = deepFreeze({
	nome: 'JOÃO DA SILVA',
	cpf: '52998224725',
	dataNascimento: '1990-02-01',
	crm: '000000',
	telefone: '+5583987654321',
	telefone2: '+558332221111',
	enderecoCep: '58000000',
	enderecoEstado: 'PB',
	ativo: true,
});

/** A camelCase API with a nested address and unmasked values. */
const camelApiRecord: Json = deepFreeze({
	nome: 'Ana Souza',
	cpf: '11144477735',
	dataNascimento: '1985-03-15',
	telefoneCelular: '83987654321',
	endereco: {
		logradouro: 'Rua A',
		numero: '10',
		cep: '58000-000',
		cidade: 'João Pessoa',
		uf: 'PB',
	},
	ativo: true,
});

const camelApiNormalized: Json = deepFreeze({
	nome: 'Ana Souza',
	cpf: '11144477735',
	dataNascimento: '1985-03-15',
	celular: '+5583987654321',
	enderecoLogradouro: 'Rua A',
	enderecoNumero: '10',
	enderecoCep: '58000000',
	enderecoCidade: 'João Pessoa',
	enderecoEstado: 'PB',
	ativo: true,
});

describe('buildWriteBody', () => {
	describe('a snake_case API with masked values', () => {
		it('PUT: changes only the edited field, in the API format, and keeps the rest as sent', () => {
			const { body, read } = roundTrip(
				snakeApiRecord,
				snakeApiNormalized,
				{ dataNascimento: '1975-12-31' },
				'PUT',
			);
			expect(body).toEqual({ ...snakeApiRecord, data_nascimen: '31/12/1975' });
			expect(Object.keys(body)).toEqual(Object.keys(snakeApiRecord));
			expect(read).toEqual({
				...normalizeRecord(snakeApiRecord, { nested: 'refuse' }).record,
				dataNascimento: '31/12/1975',
			});
		});

		it('PUT: keeps the masked CPF and the dd/mm/yyyy date exactly as the API sent them when unchanged', () => {
			const { body } = roundTrip(
				snakeApiRecord,
				snakeApiNormalized,
				{ nome: 'JOÃO S. SILVA' },
				'PUT',
			);
			expect(body.cpf).toBe('529.982.247-25');
			expect(body.data_nascimen).toBe('01/02/1990');
			expect(body.telefone).toBe('(83) 98765-4321');
			expect(body.ativo).toBe('TRUE');
			expect(body.nome).toBe('JOÃO S. SILVA');
		});

		it('PATCH: sends nothing when no value differs after normalization', () => {
			expect(
				buildWriteBody(snakeApiNormalized, snakeApiRecord, {
					method: 'PATCH',
					keyStyle: 'camelCase',
				}),
			).toEqual({});
		});

		it('PATCH: sends only the changed fields, under the API keys and in the API formats', () => {
			const { body, stored } = roundTrip(
				snakeApiRecord,
				snakeApiNormalized,
				{ cpf: '11144477735', telefone: '+5583912345678', ativo: false, enderecoCep: '58010000' },
				'PATCH',
			);
			expect(body).toEqual({
				cpf: '111.444.777-35',
				telefone: '(83) 91234-5678',
				ativo: 'FALSE',
				endereco_cep: '58010-000',
			});
			expect(Object.keys(stored)).toEqual(Object.keys(snakeApiRecord));
		});

		it('names a field the record lacks in snake_case, formatted like a field of its kind', () => {
			const current = { ...snakeApiRecord };
			delete current.telefone_2;
			const body = buildWriteBody(
				{ telefone2: '+558332221111', dataNascimento: '1990-02-01' },
				current,
				{
					method: 'PATCH',
					keyStyle: 'camelCase',
				},
			);
			expect(body).toEqual({ telefone_2: '(83) 3222-1111' });
		});

		it('writes a new unknown key as it is given', () => {
			const body = buildWriteBody(
				{ tipo_prestador: 'PESSOA FÍSICA', crm: '000000' },
				snakeApiRecord,
				{
					method: 'PATCH',
					keyStyle: 'camelCase',
				},
			);
			expect(body).toEqual({ tipo_prestador: 'PESSOA FÍSICA' });
		});

		it('updates the field a raw spelling of a known key refers to', () => {
			const body = buildWriteBody({ data_nascimento: '2000-01-01' }, snakeApiRecord, {
				method: 'PATCH',
				keyStyle: 'camelCase',
			});
			expect(body).toEqual({ data_nascimen: '01/01/2000' });
		});
	});

	describe('a camelCase API with a nested address', () => {
		it('PATCH: puts a changed address field in a partial nested object', () => {
			const { body, stored } = roundTrip(
				camelApiRecord,
				camelApiNormalized,
				{ enderecoCep: '58010000' },
				'PATCH',
			);
			expect(body).toEqual({ endereco: { cep: '58010-000' } });
			expect(stored).toEqual({
				...camelApiRecord,
				endereco: { ...(camelApiRecord.endereco as Json), cep: '58010-000' },
			});
		});

		it('PUT: returns the whole record with the edit and the rest untouched', () => {
			const { body, read } = roundTrip(
				camelApiRecord,
				camelApiNormalized,
				{ celular: '+5583912345678' },
				'PUT',
			);
			expect(body).toEqual({ ...camelApiRecord, telefoneCelular: '83912345678' });
			expect(read).toEqual({
				...normalizeRecord(camelApiRecord, { nested: 'flatten' }).record,
				celular: '83912345678',
			});
		});

		it('puts a new address field inside the nested address object', () => {
			const body = buildWriteBody(
				{ enderecoBairro: 'Centro', enderecoPontoReferencia: 'praça' },
				camelApiRecord,
				{
					method: 'PATCH',
					keyStyle: 'snake_case',
				},
			);
			expect(body).toEqual({ endereco: { bairro: 'Centro', pontoReferencia: 'praça' } });
		});

		it('names a new top-level field in camelCase, formatted like a field of its kind', () => {
			const body = buildWriteBody(
				{ estadoCivil: 'casada', telefone2: '+558332221111' },
				camelApiRecord,
				{
					method: 'PUT',
					keyStyle: 'snake_case',
				},
			);
			expect(body.estadoCivil).toBe('casada');
			// Formatted like the record's other phone, telefoneCelular: '83987654321'.
			expect(body.telefone2).toBe('8332221111');
			expect(Object.keys(body).slice(-2)).toEqual(['estadoCivil', 'telefone2']);
		});

		it('fills an empty nested address object', () => {
			const body = buildWriteBody(
				{ enderecoCep: '58000000' },
				{ nome: 'Ana', endereco: {} },
				{
					method: 'PUT',
					keyStyle: 'camelCase',
				},
			);
			expect(body).toEqual({ nome: 'Ana', endereco: { cep: '58000000' } });
		});

		it('PUT copies: changing the body leaves the current record alone', () => {
			const current = structuredClone(camelApiRecord);
			const body = buildWriteBody({ nome: 'Bia' }, current, {
				method: 'PUT',
				keyStyle: 'camelCase',
			});
			(body.endereco as Json).cep = 'changed';
			expect(current).toEqual(camelApiRecord);
		});
	});

	it('a second name of a field (CPF beside cpf, fone beside telefone) round-trips in the API format', () => {
		const current = deepFreeze({
			codigo: 'C1',
			cpf: '529.982.247-25',
			CPF: '529.982.247-25',
			telefone: '(11) 98765-4321',
			fone: '(11) 3333-4444',
		});
		// What Get emits: canonical names where free, each value checked and normalized by its field.
		const fromGet = validateCustomer(normalizeRecord(current, { nested: 'flatten' }).record, {
			normalize: true,
		}).normalized;
		expect(fromGet).toMatchObject({ CPF: '52998224725', fone: '+551133334444' });

		const patch = (edit: Json) =>
			buildWriteBody({ ...fromGet, ...edit }, current, { method: 'PATCH', keyStyle: 'snake_case' });
		expect(patch({})).toEqual({});
		expect(patch({ fone: '+551122223333' })).toEqual({ fone: '(11) 2222-3333' });
		const put = buildWriteBody(fromGet, current, { method: 'PUT', keyStyle: 'snake_case' });
		expect(put).toEqual(current);
	});

	it('keeps an RG or phone the API stores as a JSON number a number, and unchanged when unedited', () => {
		const current = deepFreeze({ codigo: 'C1', rg: 123456789, telefone: 11987654321 });
		const fromGet = validateCustomer(normalizeRecord(current, { nested: 'flatten' }).record, {
			normalize: true,
		}).normalized;
		const patch = (edit: Json) =>
			buildWriteBody({ ...fromGet, ...edit }, current, { method: 'PATCH', keyStyle: 'snake_case' });
		expect(patch({})).toEqual({});
		expect(patch({ rg: '987654321' })).toEqual({ rg: 987654321 });
		expect(patch({ telefone: '+5521998765432' })).toEqual({ telefone: 21998765432 });
		expect(buildWriteBody(fromGet, current, { method: 'PUT', keyStyle: 'snake_case' })).toEqual(
			current,
		);
	});

	it('does not copy the shape of an invalid phone (the seed placeholder 00000000000) into a new one', () => {
		const current = deepFreeze({ codigo: 'C1', telefone: '00000000000' });
		const body = buildWriteBody({ codigo: 'C1', telefone: '+5511987654321' }, current, {
			method: 'PATCH',
			keyStyle: 'snake_case',
		});
		expect(body).toEqual({ telefone: '+5511987654321' });
	});

	it('takes the key style from word keys only: `_id` does not make an API snake_case', () => {
		const current = deepFreeze({ _id: 'a1', codigo: 'C1', nome: 'A' });
		const body = buildWriteBody({ codigo: 'C1', dataNascimento: '1990-01-31' }, current, {
			method: 'PATCH',
			keyStyle: 'camelCase',
		});
		expect(Object.keys(body)).toEqual(['dataNascimento']);
	});

	it('treats POST like PUT', () => {
		const options = { keyStyle: 'camelCase' } as const;
		const changes = { nome: 'Bia', enderecoCep: '58010000' };
		expect(buildWriteBody(changes, camelApiRecord, { ...options, method: 'POST' })).toEqual(
			buildWriteBody(changes, camelApiRecord, { ...options, method: 'PUT' }),
		);
	});

	it('follows PascalCase keys for a new field', () => {
		const body = buildWriteBody(
			{ dataNascimento: '1990-02-01' },
			{ Nome: 'Ana', CodigoCliente: 7, Cpf: '1' },
			{
				method: 'PATCH',
				keyStyle: 'snake_case',
			},
		);
		expect(body).toEqual({ DataNascimento: '1990-02-01' });
	});

	it('uses the keyStyle option when current keys are all single words', () => {
		for (const keyStyle of ['snake_case', 'camelCase'] as const) {
			const body = buildWriteBody(
				{ dataNascimento: '1990-02-01' },
				{ nome: 'Ana', cpf: '1' },
				{
					method: 'PATCH',
					keyStyle,
				},
			);
			expect(Object.keys(body)).toEqual([
				keyStyle === 'snake_case' ? 'data_nascimento' : 'dataNascimento',
			]);
		}
	});

	it('sends null to clear a field', () => {
		expect(
			buildWriteBody({ telefone2: null }, snakeApiRecord, {
				method: 'PATCH',
				keyStyle: 'camelCase',
			}),
		).toEqual({ telefone_2: null });
	});

	it('leaves out undefined changes', () => {
		expect(
			buildWriteBody({ nome: undefined }, snakeApiRecord, {
				method: 'PATCH',
				keyStyle: 'camelCase',
			}),
		).toEqual({});
	});

	describe('without a current record', () => {
		const changes = {
			dataNascimento: '1990-02-01',
			telefone2: '+558332221111',
			enderecoPontoReferencia: 'praça',
			tipo_prestador: 'PF',
			ativo: true,
		};

		it('renames canonical keys to snake_case and keeps values and unknown keys as given', () => {
			expect(
				buildWriteBody(changes, undefined, { method: 'POST', keyStyle: 'snake_case' }),
			).toEqual({
				data_nascimento: '1990-02-01',
				telefone_2: '+558332221111',
				endereco_ponto_referencia: 'praça',
				tipo_prestador: 'PF',
				ativo: true,
			});
		});

		it('keeps canonical camelCase keys for a camelCase API', () => {
			expect(
				buildWriteBody(changes, undefined, { method: 'PATCH', keyStyle: 'camelCase' }),
			).toEqual(changes);
		});
	});

	it('never mutates its inputs', () => {
		const changes = deepFreeze({
			nome: 'Bia',
			enderecoCep: '58010000',
			enderecoBairro: 'Centro',
			extra: { a: [1] },
		});
		for (const method of ['PUT', 'PATCH', 'POST'] as const) {
			expect(() =>
				buildWriteBody(changes, camelApiRecord, { method, keyStyle: 'camelCase' }),
			).not.toThrow();
			expect(() =>
				buildWriteBody(changes, undefined, { method, keyStyle: 'snake_case' }),
			).not.toThrow();
		}
	});

	it('shares no object or array with its inputs', () => {
		const extra = { tags: ['a'] };
		const body = buildWriteBody({ extra }, camelApiRecord, {
			method: 'PUT',
			keyStyle: 'camelCase',
		});
		expect(body.extra).toEqual(extra);
		expect(body.extra).not.toBe(extra);
		expect(body.endereco).not.toBe(camelApiRecord.endereco);
	});

	it('keeps __proto__ keys as own keys without polluting prototypes', () => {
		const current = JSON.parse('{"__proto__": {"x": 1}, "nome": "Ana"}') as Json;
		const changes = JSON.parse('{"__proto__": {"polluted": 1}, "nome": "Bia"}') as Json;
		const body = buildWriteBody(changes, current, { method: 'PUT', keyStyle: 'camelCase' });
		expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
		expect(Object.getOwnPropertyDescriptor(body, '__proto__')?.value).toEqual({ polluted: 1 });
		expect(body.nome).toBe('Bia');
		expect(({} as Json).polluted).toBeUndefined();
	});
});
