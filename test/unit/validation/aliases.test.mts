import { describe, expect, it } from 'vitest';

import { canonicalNameOf } from '../../../nodes/CustomerIntegration/validation/aliases';
import { CUSTOMER_FIELDS, normalizeKey } from '../../../nodes/CustomerIntegration/validation/fields';

describe('the alias table', () => {
	it('maps every canonical name to itself', () => {
		for (const field of CUSTOMER_FIELDS) expect(canonicalNameOf(field.name)).toBe(field.name);
	});

	it('lists every alias in normalized form and for one field only', () => {
		const owner = new Map<string, string>();
		for (const field of CUSTOMER_FIELDS) {
			for (const alias of field.aliases) {
				expect(normalizeKey(alias)).toBe(alias);
				expect(owner.get(alias) ?? field.name, `alias '${alias}'`).toBe(field.name);
				owner.set(alias, field.name);
			}
		}
	});
});

describe('canonicalNameOf', () => {
	it.each([
		['data_nascimento', 'dataNascimento'],
		['dataNascimento', 'dataNascimento'],
		['DataNascimento', 'dataNascimento'],
		['data-nascimento', 'dataNascimento'],
		['DATA_NASCIMENTO', 'dataNascimento'],
		['Data de Nascimento', 'dataNascimento'],
		['endereco_ponto_referencia', 'enderecoPontoReferencia'],
		['EnderecoCep', 'enderecoCep'],
		['telefone_2', 'telefone2'],
		['estado_civil', 'estadoCivil'],
	])('reads the spelling %s as %s', (raw, canonical) => {
		expect(canonicalNameOf(raw)).toBe(canonical);
	});

	it.each([
		['Gênero', 'genero'],
		['Código', 'codigo'],
		['Endereço CEP', 'enderecoCep'],
		['Número', 'enderecoNumero'],
		['endereço_município', 'enderecoCidade'],
	])('ignores accents: %s is %s', (raw, canonical) => {
		expect(canonicalNameOf(raw)).toBe(canonical);
	});

	it.each([
		['birthDate', 'dataNascimento'],
		['date_of_birth', 'dataNascimento'],
		['fullName', 'nome'],
		['zipCode', 'enderecoCep'],
		['postal_code', 'enderecoCep'],
		['phoneNumber', 'telefone'],
		['mobilePhone', 'celular'],
		['maritalStatus', 'estadoCivil'],
		['isActive', 'ativo'],
		['addressStreet', 'enderecoLogradouro'],
		['address_city', 'enderecoCidade'],
	])('knows the English name %s as %s', (raw, canonical) => {
		expect(canonicalNameOf(raw)).toBe(canonical);
	});

	it.each([
		['data_nascimen', 'dataNascimento'],
		['nascim', 'dataNascimento'],
		['endereco_pontoref', 'enderecoPontoReferencia'],
		['estadoc', 'estadoCivil'],
	])('reads the truncated key %s as %s', (raw, canonical) => {
		expect(canonicalNameOf(raw)).toBe(canonical);
	});

	it.each([
		['telefo', 'a prefix of telefone and telefone2'],
		['endereco_c', 'a prefix of cep, cidade and complemento'],
		['customer', 'a prefix of customercode and customername'],
	])('refuses the ambiguous truncated key %s (%s)', (raw) => {
		expect(canonicalNameOf(raw)).toBeUndefined();
	});

	it('does not read keys shorter than 6 characters as truncated', () => {
		expect(canonicalNameOf('nasci')).toBeUndefined();
		expect(canonicalNameOf('celu')).toBeUndefined();
	});

	it.each(['crm', 'tipo_prestador', 'especialidade', 'pos_graduacao', 'created_at', ''])(
		'leaves the unknown key %j unmapped',
		(raw) => {
			expect(canonicalNameOf(raw)).toBeUndefined();
		},
	);

	it('does not answer from Object.prototype for keys like constructor or __proto__', () => {
		for (const key of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']) {
			expect(canonicalNameOf(key)).toBeUndefined();
		}
	});

	it('gives the same answers after its memo has been filled past its limit', () => {
		for (let i = 0; i < 25_000; i++) canonicalNameOf(`unknown_key_${i}`);
		expect(canonicalNameOf('data_nascimen')).toBe('dataNascimento');
		expect(canonicalNameOf('unknown_key_3')).toBeUndefined();
		expect(canonicalNameOf('Telefone_2')).toBe('telefone2');
	});
});

describe('aliases that would capture common words are left out', () => {
	it('does not read situacao or client as a customer field', () => {
		expect(canonicalNameOf('situacao')).toBeUndefined();
		expect(canonicalNameOf('client')).toBeUndefined();
		expect(canonicalNameOf('data_nascimen')).toBe('dataNascimento');
	});
});
