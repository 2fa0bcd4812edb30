import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CUSTOMER_FIELDS } from '../../../nodes/CustomerIntegration/validation/fields';
import { customerSchema } from '../../../nodes/CustomerIntegration/validation/customerSchema';
import { validateCustomer } from '../../../nodes/CustomerIntegration/validation/validateCustomer';
import { cnpjOf, digits, formatCpf, validCpf } from './documents.mjs';

/** The Smartspace help page's example payload, with the canonical keys normalizeRecord gives it. */
const seedExample = {
	nome: 'JOÃO DA SILVA',
	cpf: '00000000000',
	dataNascimento: '00/00/0000',
	crm: '000000',
	email: 'email@email.com',
	telefone: '00000000000',
	telefone2: '00000000000',
	tipo_prestador: 'PESSOA FÍSICA',
	especialidade: 'DERMATOLOGISTA',
	enderecoLogradouro: 'RUA ENDEREÇO, 100',
	enderecoComplemento: '1 A',
	enderecoCep: '00000000',
	enderecoBairro: 'BAIRRO ENDEREÇO',
	enderecoCidade: 'JOAO PESSOA',
	enderecoEstado: 'PB',
	pos_graduacao: 'SIM',
	ativo: 'TRUE',
};

const aValidCustomer = {
	codigo: 4711,
	nome: '  Maria Souza ',
	cpf: '529.982.247-25',
	cnpj: '12.abc.345/01de-35',
	documento: '11.222.333/0001-81',
	rg: '12.345.678-x',
	dataNascimento: '29/02/2024',
	email: ' joão@exemplo.com.br ',
	telefone: '(11) 3456-7890',
	celular: '+55 (11) 98765-4321',
	estadoCivil: ' casada ',
	genero: 'F',
	enderecoEstado: 'são paulo',
	enderecoCep: '01.310-100',
	enderecoNumero: 100,
	ativo: 'Não',
	origem: { sistema: 'ERP', versao: 3 },
	tags: ['vip'],
};

describe('validateCustomer', () => {
	it('reports the placeholders of the seed example precisely, and nothing else', () => {
		const result = validateCustomer(seedExample, { normalize: true });
		expect(result.valid).toBe(false);
		expect(result.issues).toEqual([
			{
				field: 'cpf',
				rule: 'repeatedDigits',
				message: "cpf: a repeated-digit sequence is not a valid CPF ('*********00')",
			},
			{
				field: 'dataNascimento',
				rule: 'calendar',
				message: "dataNascimento: not a calendar date: month 00 does not exist ('00/00/0000')",
			},
			{
				field: 'telefone',
				rule: 'ddd',
				message: "telefone: area code (DDD) 00 does not exist ('*********00')",
			},
			{
				field: 'telefone2',
				rule: 'ddd',
				message: "telefone2: area code (DDD) 00 does not exist ('*********00')",
			},
		]);
	});

	it('normalizes the seed example fields that are valid, keeps the others and unknown keys as received', () => {
		const { normalized } = validateCustomer(seedExample, { normalize: true });
		expect(normalized).toEqual({ ...seedExample, ativo: true });
		expect(Object.keys(normalized)).toEqual(Object.keys(seedExample));
	});

	it('normalizes every kind of field, keeping key order and unknown keys untouched', () => {
		const result = validateCustomer(aValidCustomer, { normalize: true });
		expect(result.issues).toEqual([]);
		expect(result.valid).toBe(true);
		expect(result.normalized).toEqual({
			codigo: '4711',
			nome: 'Maria Souza',
			cpf: '52998224725',
			cnpj: '12ABC34501DE35',
			documento: '11222333000181',
			rg: '12345678X',
			dataNascimento: '2024-02-29',
			email: 'joão@exemplo.com.br',
			telefone: '+551134567890',
			celular: '+5511987654321',
			estadoCivil: 'casada',
			genero: 'F',
			enderecoEstado: 'SP',
			enderecoCep: '01310100',
			enderecoNumero: '100',
			ativo: false,
			origem: { sistema: 'ERP', versao: 3 },
			tags: ['vip'],
		});
		expect(Object.keys(result.normalized)).toEqual(Object.keys(aValidCustomer));
		expect(result.normalized.origem).toBe(aValidCustomer.origem);
	});

	it("leaves the caller's record untouched unless it hands the record over with owned", () => {
		const received = { ...aValidCustomer, cpf: '529.982.247-25', dataNascimento: '31/02/2020' };
		const record = { ...received };
		const copied = validateCustomer(record, { normalize: true });
		expect(record).toEqual(received);
		expect(copied.normalized).not.toBe(record);
		expect(copied.normalized.cpf).toBe('52998224725');

		const owned = validateCustomer(record, { normalize: true, owned: true });
		expect(owned.normalized).toBe(record);
		expect(record.cpf).toBe('52998224725');
		expect(record.dataNascimento).toBe('31/02/2020');
		expect(owned.issues.map((issue) => issue.field)).toEqual(['dataNascimento']);
		expect(Object.keys(record)).toEqual(Object.keys(received));
	});

	it('with owned but without normalize, keeps the values as received in the same record', () => {
		const record = { ...aValidCustomer, cpf: '529.982.247-25' };
		const result = validateCustomer(record, { normalize: false, owned: true });
		expect(result.normalized).toBe(record);
		expect(record.cpf).toBe('529.982.247-25');
		expect(result.valid).toBe(true);
	});

	it('without normalize, returns the values as received but still validates', () => {
		const record = { ...aValidCustomer, cpf: '529.982.247-24' };
		const result = validateCustomer(record, { normalize: false });
		expect(result.normalized).toEqual(record);
		expect(result.normalized).not.toBe(record);
		expect(result.issues).toEqual([
			{
				field: 'cpf',
				rule: 'checkDigits',
				message: "cpf: check digits do not match ('***.***.***-24')",
			},
		]);
	});

	it('normalizes the valid fields of an invalid record and keeps the invalid ones as received', () => {
		const record = { ...aValidCustomer, dataNascimento: '31/02/2020', enderecoEstado: 'XX' };
		const result = validateCustomer(record, { normalize: true });
		expect(result.issues.map((issue) => [issue.field, issue.rule])).toEqual([
			['dataNascimento', 'calendar'],
			['enderecoEstado', 'state'],
		]);
		expect(result.normalized).toMatchObject({
			dataNascimento: '31/02/2020',
			enderecoEstado: 'XX',
			cpf: '52998224725',
			ativo: false,
		});
	});

	it.each([undefined, null, '', '   ', '\t\n'])(
		'treats %j as absent: no issue, kept as received',
		(absent) => {
			const record = Object.fromEntries(CUSTOMER_FIELDS.map((field) => [field.name, absent]));
			for (const normalize of [true, false]) {
				const result = validateCustomer(record, { normalize });
				expect(result).toEqual({ valid: true, normalized: record, issues: [] });
			}
		},
	);

	it('reports required fields that are missing or empty, and only the check issue for invalid ones', () => {
		const result = validateCustomer(
			{ nome: ' ', cpf: '123', extra: null },
			{ normalize: true, required: ['codigo', 'nome', 'cpf', 'extra'] },
		);
		expect(result.valid).toBe(false);
		expect(result.issues).toEqual([
			{ field: 'codigo', rule: 'required', message: 'codigo: required but missing' },
			{ field: 'nome', rule: 'required', message: 'nome: required but empty' },
			{ field: 'extra', rule: 'required', message: 'extra: required but empty' },
			{ field: 'cpf', rule: 'length', message: "cpf: must have 11 digits, found 3 ('*23')" },
		]);
	});

	it.each([
		[
			'cpf',
			52998224725,
			'cpf: expected the CPF as text, got a number (leading zeros may have been lost)',
		],
		[
			'cnpj',
			191,
			'cnpj: expected the CNPJ as text, got a number (leading zeros may have been lost)',
		],
		[
			'enderecoCep',
			1310100,
			'enderecoCep: expected the CEP as text, got a number (leading zeros may have been lost)',
		],
		['telefone', ['(11) 98765-4321'], 'telefone: expected text, got an array'],
		['celular', { numero: '11987654321' }, 'celular: expected text, got an object'],
		['telefone', 11.5, 'telefone: expected text, got a number'],
		['dataNascimento', 19900515, 'dataNascimento: expected the date as text, got a number'],
		['ativo', { value: true }, 'ativo: expected a yes/no value, got an object'],
		['nome', ['JOÃO'], 'nome: expected text, got an array'],
		['codigo', Number.NaN, 'codigo: expected text, got a number'],
		['email', true, 'email: expected text, got a boolean'],
		['enderecoEstado', 35, 'enderecoEstado: expected the state as text, got a number'],
	])('reports %s = %j as a type issue', (field, value, message) => {
		const result = validateCustomer({ [field]: value }, { normalize: true });
		expect(result.issues).toEqual([{ field, rule: 'type', message }]);
		expect(result.normalized[field]).toBe(value);
	});

	it('accepts phone numbers and RGs sent as JSON numbers', () => {
		const result = validateCustomer({ celular: 11987654321, rg: 123456789 }, { normalize: true });
		expect(result.issues).toEqual([]);
		expect(result.normalized).toEqual({ celular: '+5511987654321', rg: '123456789' });
	});

	it('checks documento by its length: CPF rules for 11 characters, CNPJ rules for 14', () => {
		const check = (documento: string) => validateCustomer({ documento }, { normalize: true });
		expect(check('529.982.247-25').normalized.documento).toBe('52998224725');
		expect(check('12.ABC.345/01DE-35').normalized.documento).toBe('12ABC34501DE35');
		expect(check('529.982.247-24').issues).toEqual([
			{
				field: 'documento',
				rule: 'checkDigits',
				message: "documento: check digits do not match ('***.***.***-24')",
			},
		]);
		expect(check('12.ABC.345/01DE-36').issues[0].message).toBe(
			"documento: check digits do not match ('**.***.***/****-36')",
		);
		expect(check('5299822472512').issues).toEqual([
			{
				field: 'documento',
				rule: 'length',
				message:
					"documento: must have 11 (CPF) or 14 (CNPJ) characters, found 13 ('***********12')",
			},
		]);
	});

	it("checks a second name of a field (CPF beside cpf) by that field's rules, under its own key", () => {
		const result = validateCustomer(
			{ cpf: '529.982.247-25', CPF: 'not-a-cpf', fone: '(11) 3456-7890', crm: 'x' },
			{ normalize: true },
		);
		expect(result.valid).toBe(false);
		expect(result.issues.map((issue) => `${issue.field}: ${issue.rule}`)).toEqual(['CPF: format']);
		expect(result.normalized).toEqual({
			cpf: '52998224725',
			CPF: 'not-a-cpf',
			fone: '+551134567890',
			crm: 'x',
		});
	});

	it('keeps a __proto__ key from JSON as plain data', () => {
		const record = JSON.parse('{"__proto__": {"cpf": "529.982.247-24"}, "nome": "A"}');
		const result = validateCustomer(record, { normalize: true });
		expect(result.issues).toEqual([]);
		expect(Object.keys(result.normalized)).toEqual(['__proto__', 'nome']);
		expect(Object.getPrototypeOf(result.normalized)).toBe(Object.prototype);
	});

	it.each([null, [], 'cpf', 42])(
		'reports a record that is not an object (%j) without throwing',
		(record) => {
			const result = validateCustomer(record as unknown as Record<string, unknown>, {
				normalize: true,
			});
			expect(result.valid).toBe(false);
			expect(result.issues).toEqual([
				{ field: '', rule: 'type', message: 'record: expected an object' },
			]);
		},
	);

	it('never throws, and its verdict always matches its issues, whatever the values', () => {
		const names = [...CUSTOMER_FIELDS.map((field) => field.name), 'crm', 'extra'];
		const records = fc.dictionary(fc.constantFrom(...names), fc.anything(), { maxKeys: 12 });
		fc.assert(
			fc.property(records, fc.boolean(), (record, normalize) => {
				const result = validateCustomer(record, { normalize, required: ['codigo'] });
				expect(result.valid).toBe(result.issues.length === 0);
				expect(Object.keys(result.normalized)).toEqual(Object.keys(record));
				for (const issue of result.issues)
					expect(issue.message.startsWith(`${issue.field}: `)).toBe(true);
			}),
			{ numRuns: 3000 },
		);
	});

	it('never puts a full CPF or CNPJ in a message', () => {
		const documents = fc.oneof(
			digits(11),
			validCpf.map(formatCpf),
			fc.tuple(digits(12), digits(1)).map(([base, wrong]) => cnpjOf(base).slice(0, 13) + wrong),
		);
		const fields = fc.constantFrom('cpf', 'cnpj', 'documento', 'rg');
		fc.assert(
			fc.property(fields, documents, (field, document) => {
				const bare = document.replace(/\D/g, '');
				for (const issue of validateCustomer({ [field]: document }, { normalize: true }).issues) {
					expect(issue.message.replace(/\D/g, '')).not.toContain(bare);
				}
			}),
			{ numRuns: 3000 },
		);
	});
});

describe('customerSchema', () => {
	it('checks every canonical field of validation/fields.ts, and nothing else', () => {
		const record = Object.fromEntries(
			[...CUSTOMER_FIELDS.map((field) => field.name), 'crm'].map((name) => [name, { x: 1 }]),
		);
		const result = validateCustomer(record, { normalize: true });
		expect(result.issues.map((issue) => issue.field)).toEqual(
			CUSTOMER_FIELDS.map((field) => field.name),
		);
		expect(new Set(result.issues.map((issue) => issue.rule))).toEqual(new Set(['type']));
	});

	it('works as a plain zod schema: normalized data on success, issues with path and rule on failure', () => {
		const parsed = customerSchema.safeParse({ cpf: '529.982.247-25', ativo: 'S', crm: 7 });
		expect(parsed).toEqual({ success: true, data: { cpf: '52998224725', ativo: true, crm: 7 } });

		const failed = customerSchema.safeParse({ cpf: '529.982.247-24', enderecoEstado: 'XX' });
		expect(failed.success).toBe(false);
		expect(failed.error?.issues).toEqual([
			expect.objectContaining({ code: 'custom', path: ['cpf'], params: { rule: 'checkDigits' } }),
			expect.objectContaining({
				code: 'custom',
				path: ['enderecoEstado'],
				params: { rule: 'state' },
			}),
		]);
		expect(customerSchema.safeParse([]).error?.issues[0].message).toBe('expected an object');
	});
});
