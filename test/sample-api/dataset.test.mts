import { cnpj as cnpjOracle, cpf as cpfOracle } from 'cpf-cnpj-validator';
import { describe, expect, it } from 'vitest';

import {
	FIXED_CODES,
	FIXED_CUSTOMERS,
	generateCustomers,
	generateDataset,
	type RawCustomer,
} from './dataset.mts';

// Independent checks (not the node's validators): the dataset must be right by the rules themselves.
const DDDS = new Set(
	'11 12 13 14 15 16 17 18 19 21 22 24 27 28 31 32 33 34 35 37 38 41 42 43 44 45 46 47 48 49 51 53 54 55 61 62 63 64 65 66 67 68 69 71 73 74 75 77 79 81 82 83 84 85 86 87 88 89 91 92 93 94 95 96 97 98 99'.split(
		' ',
	),
);
const UFS = new Set(
	'AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO'.split(' '),
);

function phoneOk(raw: unknown): boolean {
	if (raw === '') return true;
	let digits = String(raw).replace(/\D/g, '');
	if (digits.length >= 12 && digits.startsWith('55')) digits = digits.slice(2);
	if (digits.startsWith('0')) digits = digits.slice(1);
	if (!DDDS.has(digits.slice(0, 2))) return false;
	const subscriber = digits.slice(2);
	return /^9\d{8}$/.test(subscriber) || /^[2-5]\d{7}$/.test(subscriber);
}

function dateOk(raw: unknown): boolean {
	const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(String(raw));
	if (!match) return false;
	const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	return (
		date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
	);
}

function ufOf(record: RawCustomer): unknown {
	return typeof record.endereco === 'object' && record.endereco !== null
		? (record.endereco as Record<string, unknown>).estado
		: record.endereco_estado;
}

/** Which rules a record breaks, by raw field. */
function problems(record: RawCustomer): string[] {
	const found: string[] = [];
	if ('cpf' in record && !cpfOracle.isValid(String(record.cpf))) found.push('cpf');
	if ('cnpj' in record && !cnpjOracle.isValid(String(record.cnpj))) found.push('cnpj');
	if ('data_nascimen' in record && !dateOk(record.data_nascimen)) found.push('data_nascimen');
	if (!phoneOk(record.telefone)) found.push('telefone');
	if (!phoneOk(record.telefone_2)) found.push('telefone_2');
	if (!UFS.has(String(ufOf(record))))
		found.push(typeof record.endereco === 'object' ? 'endereco.estado' : 'endereco_estado');
	if (!String(record.email).includes('@')) found.push('email');
	return found;
}

describe('generateDataset', () => {
	it('is deterministic for a seed and differs between seeds', () => {
		expect(generateDataset(400, 42)).toEqual(generateDataset(400, 42));
		expect(generateCustomers(400, 43).slice(5)).not.toEqual(generateCustomers(400, 42).slice(5));
	});

	it('starts with the fixed records, as copies', () => {
		const records = generateCustomers(50, 3);
		expect(records.slice(0, FIXED_CUSTOMERS.length)).toEqual(FIXED_CUSTOMERS);
		records[0].nome = 'CHANGED';
		expect(FIXED_CUSTOMERS[0].nome).toBe('MARIA APARECIDA DA SILVA');
	});

	it('documents fixed records that hold what their names promise', () => {
		const byCode = new Map(FIXED_CUSTOMERS.map((record) => [record.codigo, record]));
		const person = byCode.get(FIXED_CODES.validPerson)!;
		expect(person.cpf).toBe('529.982.247-25');
		expect(problems(person)).toEqual([]);
		const alphanumeric = byCode.get(FIXED_CODES.alphanumericCnpjCompany)!;
		expect(alphanumeric.cnpj).toBe('12.ABC.345/01DE-35');
		expect(problems(alphanumeric)).toEqual([]);
		expect(problems(byCode.get(FIXED_CODES.numericCnpjCompany)!)).toEqual([]);
		expect(byCode.get(FIXED_CODES.nestedAddress)!.endereco).toMatchObject({ estado: 'PR' });
		expect(problems(byCode.get(FIXED_CODES.seedPlaceholder)!)).toEqual(
			expect.arrayContaining(['cpf', 'data_nascimen', 'telefone']),
		);
	});

	it('lists exactly the invalid records, and every other record passes independent checks', () => {
		const { records, invalid } = generateDataset(3000, 7);
		const listed = new Map<string, string[]>();
		for (const note of invalid)
			listed.set(note.codigo, [...(listed.get(note.codigo) ?? []), note.field]);
		for (const record of records) {
			expect({ codigo: record.codigo, problems: problems(record) }).toEqual({
				codigo: record.codigo,
				problems: listed.get(String(record.codigo)) ?? [],
			});
		}
		const share = listed.size / records.length;
		expect(share).toBeGreaterThan(0.03);
		expect(share).toBeLessThan(0.07);
		expect(new Set(invalid.map((note) => note.defect))).toEqual(
			new Set([
				'cpf-check-digit',
				'cpf-repeated-digits',
				'date-placeholder',
				'phone-ddd',
				'uf',
				'email-without-at',
			]),
		);
	});

	it('mixes the shapes the seed shows: snake and camel keys, masks, nested addresses, both CNPJ kinds', () => {
		const { records, nested } = generateDataset(2000, 11);
		const flatPerson = records.find((r) => 'cpf' in r && !('endereco' in r))!;
		expect(Object.keys(flatPerson)).toEqual(
			expect.arrayContaining([
				'data_nascimen',
				'estadoCivil',
				'enderecoNumero',
				'endereco_cep',
				'telefone_2',
			]),
		);
		expect(['TRUE', 'FALSE']).toContain(flatPerson.ativo);
		const cpfs = records.filter((r) => typeof r.cpf === 'string').map((r) => String(r.cpf));
		expect(cpfs.some((cpf) => /^\d{3}\.\d{3}\.\d{3}-\d{2}$/.test(cpf))).toBe(true);
		expect(cpfs.some((cpf) => /^\d{11}$/.test(cpf))).toBe(true);
		const cnpjs = records
			.filter((r) => 'cnpj' in r)
			.map((r) => String(r.cnpj).replace(/[./-]/g, ''));
		expect(cnpjs.some((cnpj) => /[A-Z]/.test(cnpj))).toBe(true);
		expect(cnpjs.some((cnpj) => /^\d{14}$/.test(cnpj))).toBe(true);
		expect(nested.length).toBeGreaterThan(20);
		for (const codigo of nested) {
			const record = records.find((r) => r.codigo === codigo)!;
			expect(typeof record.endereco).toBe('object');
			expect(Object.keys(record).some((key) => key.startsWith('endereco_'))).toBe(false);
		}
	});

	it('generates 100k records with unique codes, CPFs and CNPJs, in codigo order', () => {
		const records = generateCustomers(100_000, 1);
		expect(records).toHaveLength(100_000);
		expect(records[99_999].codigo).toBe('C100000');
		const codes = records.map((r) => String(r.codigo));
		expect(new Set(codes).size).toBe(codes.length);
		const cpfs = records.filter((r) => 'cpf' in r).map((r) => String(r.cpf).replace(/\D/g, ''));
		expect(new Set(cpfs).size).toBe(cpfs.length);
		const cnpjs = records
			.filter((r) => 'cnpj' in r)
			.map((r) => String(r.cnpj).replace(/[./-]/g, ''));
		expect(new Set(cnpjs).size).toBe(cnpjs.length);
	});
});
