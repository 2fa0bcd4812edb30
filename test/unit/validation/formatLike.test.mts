import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldKind } from '../../../nodes/CustomerIntegration/validation/fieldKinds';
import { checkBoolean } from '../../../nodes/CustomerIntegration/validation/brazil/boolean';
import { checkCnpj } from '../../../nodes/CustomerIntegration/validation/brazil/cnpj';
import { checkCpf } from '../../../nodes/CustomerIntegration/validation/brazil/cpf';
import { checkDate } from '../../../nodes/CustomerIntegration/validation/brazil/date';
import { checkPhone } from '../../../nodes/CustomerIntegration/validation/brazil/phone';
import { formatLike } from '../../../nodes/CustomerIntegration/validation/formatLike';
import {
	formatCnpj,
	formatCpf,
	validAlphanumericCnpj,
	validCpf,
	validNumericCnpj,
} from './documents.mjs';

describe('formatLike', () => {
	it.each([
		['date', '1990-05-15', '01/02/2003', '15/05/1990'],
		['date', '1990-05-15', '01-02-2003', '15-05-1990'],
		['date', '1990-05-15', '01.02.2003', '15.05.1990'],
		['date', '1990-05-15', '2003-02-01', '1990-05-15'],
		['date', '1990-05-15', '2003-02-01T13:45:10.123-03:00', '1990-05-15T00:00:00.000-03:00'],
		['date', '1990-05-15', '2003-02-01 13:45', '1990-05-15 00:00'],
		['cpf', '52998224725', '111.444.777-35', '529.982.247-25'],
		['cpf', '52998224725', '11144477735', '52998224725'],
		['cnpj', '12ABC34501DE35', '11.222.333/0001-81', '12.ABC.345/01DE-35'],
		['cnpj', '11222333000181', '12abc34501de35', '11222333000181'],
		['document', '11222333000181', '529.982.247-25', '11.222.333/0001-81'],
		['document', '52998224725', '11.222.333/0001-81', '529.982.247-25'],
		['cep', '01310100', '20040-020', '01310-100'],
		['cep', '01310100', '20.040-020', '01.310-100'],
		['cep', '01310100', '20040020', '01310100'],
		['rg', '123456789', '98.765.432-1', '12.345.678-9'],
		['phone', '+5511987654321', '(21) 2345-6789', '(11) 98765-4321'],
		['phone', '+551134567890', '(21) 98765-4321', '(11) 3456-7890'],
		['phone', '+5511987654321', '21987654321', '11987654321'],
		['phone', '+5511987654321', '+552123456789', '+5511987654321'],
		['phone', '+5511987654321', '552123456789', '5511987654321'],
		['phone', '+5511987654321', '+55 21 2345-6789', '+55 11 98765-4321'],
		['phone', '+5511987654321', '(021) 2345 6789', '(011) 98765 4321'],
		['phone', '+5511987654321', 21987654321, 11987654321],
		['boolean', true, 'FALSE', 'TRUE'],
		['boolean', false, 'true', 'false'],
		['boolean', false, 'Sim', 'Não'],
		['boolean', false, 'SIM', 'NÃO'],
		['boolean', true, 'NAO', 'SIM'],
		['boolean', false, 'S', 'N'],
		['boolean', true, 'n', 's'],
		['boolean', false, '1', '0'],
		['boolean', true, 0, 1],
		['boolean', false, true, false],
		['boolean', true, 'yes', 'yes'],
		['boolean', false, 'Y', 'N'],
		['uf', 'SP', 'rj', 'sp'],
		['uf', 'SP', 'RJ', 'SP'],
		['uf', 'SP', 'Paraíba', 'São Paulo'],
		['uf', 'SP', 'PARAIBA', 'SAO PAULO'],
		['uf', 'PB', 'Bahia', 'Paraíba'],
		['code', '123', 456, 123],
		['text', '100', 7, 100],
		['text', 'RUA A', 7, 'RUA A'],
	] as Array<[FieldKind, unknown, unknown, unknown]>)(
		'renders %s %j like the sample %j: %j',
		(kind, value, sample, expected) => {
			expect(formatLike(kind, value, sample)).toEqual(expected);
		},
	);

	it.each([
		['date', '1990-05-15', undefined],
		['date', '1990-05-15', null],
		['date', '1990-05-15', 'not a date'],
		['date', '00/00/0000', '01/02/2003'],
		['cpf', '52998224725', ''],
		['cpf', '000.000.000-0', '111.444.777-35'],
		['phone', '(11) 98765-4321', '(21) 2345-6789'],
		['phone', '+5511987654321', 'call me'],
		['phone', '+5511987654321', ['(21) 2345-6789']],
		['boolean', true, 'TALVEZ'],
		['boolean', 'TALVEZ', 'TRUE'],
		['uf', 'SP', 'Estado'],
		['email', 'a@b.com', 'X@Y.COM'],
		['code', 'A12', 456],
	] as Array<[FieldKind, unknown, unknown]>)(
		'leaves %s %j unchanged with the sample %j',
		(kind, value, sample) => {
			expect(formatLike(kind, value, sample)).toEqual(value);
		},
	);

	it('round-trips CPFs and CNPJs: normalizing then rendering like the input gives the input', () => {
		const written = fc.oneof(
			validCpf.map((cpf) => ({ kind: 'cpf' as const, check: checkCpf, raw: cpf })),
			validCpf.map((cpf) => ({ kind: 'cpf' as const, check: checkCpf, raw: formatCpf(cpf) })),
			fc
				.oneof(validNumericCnpj, validAlphanumericCnpj)
				.map((cnpj) => ({ kind: 'cnpj' as const, check: checkCnpj, raw: formatCnpj(cnpj) })),
		);
		fc.assert(
			fc.property(written, ({ kind, check, raw }) => {
				const result = check(raw);
				expect(result.ok && formatLike(kind, result.value, raw)).toBe(raw);
			}),
			{ numRuns: 2000 },
		);
	});

	it('round-trips phones written in the usual shapes', () => {
		const areaCodes = fc.constantFrom('11', '21', '48', '55', '61', '83', '99');
		const numbers = fc.oneof(
			fc.integer({ min: 90000000, max: 99999999 }).map((rest) => `9${rest}`),
			fc.integer({ min: 20000000, max: 59999999 }).map(String),
		);
		const shapes = fc.constantFrom(
			(ddd: string, n: string) => `(${ddd}) ${n.slice(0, -4)}-${n.slice(-4)}`,
			(ddd: string, n: string) => `${ddd}${n}`,
			(ddd: string, n: string) => `+55${ddd}${n}`,
			(ddd: string, n: string) => `55${ddd}${n}`,
			(ddd: string, n: string) => `+55 ${ddd} ${n.slice(0, -4)}-${n.slice(-4)}`,
			(ddd: string, n: string) => `${ddd} ${n.slice(0, -4)} ${n.slice(-4)}`,
		);
		fc.assert(
			fc.property(areaCodes, numbers, shapes, (ddd, number, shape) => {
				const raw = shape(ddd, number);
				const result = checkPhone(raw);
				expect(result.ok && formatLike('phone', result.value, raw)).toBe(raw);
			}),
			{ numRuns: 2000 },
		);
	});

	it('round-trips dates in every accepted fixed-width shape', () => {
		const dates = fc
			.date({
				min: new Date('1900-01-01T00:00:00Z'),
				max: new Date('2099-12-31T00:00:00Z'),
				noInvalidDate: true,
			})
			.map((date) => date.toISOString().slice(0, 10));
		const shapes = fc.constantFrom(
			(iso: string) => `${iso.slice(8)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`,
			(iso: string) => `${iso.slice(8)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`,
			(iso: string) => `${iso.slice(8)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`,
			(iso: string) => iso,
		);
		fc.assert(
			fc.property(dates, shapes, (iso, shape) => {
				const raw = shape(iso);
				const result = checkDate(raw);
				expect(result).toEqual({ ok: true, value: iso });
				expect(formatLike('date', iso, raw)).toBe(raw);
			}),
			{ numRuns: 2000 },
		);
	});

	it.each([
		'TRUE',
		'FALSE',
		'true',
		'false',
		'True',
		'SIM',
		'NÃO',
		'NAO',
		'sim',
		'não',
		'Sim',
		'Não',
		'S',
		'N',
		's',
		'n',
		'1',
		'0',
		'YES',
		'NO',
		'yes',
		'no',
		'Y',
	])('round-trips the boolean spelling %j', (raw) => {
		const result = checkBoolean(raw);
		expect(result.ok && formatLike('boolean', result.value, raw)).toBe(raw);
	});
});
