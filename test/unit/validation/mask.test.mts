import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskDocument, quoteDocument } from '../../../nodes/CustomerIntegration/validation/mask';
import {
	digits,
	formatCnpj,
	formatCpf,
	validAlphanumericCnpj,
	validCpf,
	validNumericCnpj,
} from './documents.mjs';

const compact = (text: string) => text.replace(/[^0-9A-Za-z]/g, '').toUpperCase();

describe('maskDocument: one rule for every personal number', () => {
	it.each([
		['529.982.247-25', '***.***.***-25'],
		['52998224725', '*********25'],
		['11.222.333/0001-81', '**.***.***/****-81'],
		['12ABC34501DE35', '************35'],
		['(20) 98765-4321', '(**) *****-**21'],
		['00000000000', '*********00'],
		['+55 11 98765-4321', '+** ** *****-**21'],
		['５２９.９８２.２４７-２５', '***.***.***-２５'],
		['', ''],
		['7', '7'],
		['123', '*23'],
	])('masks %j as %j', (raw, masked) => {
		expect(maskDocument(raw)).toBe(masked);
	});

	it('keeps the shape and shows at most the last two letters or digits', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 60 }), (raw) => {
				const masked = maskDocument(raw);
				const kept = [...raw.trim()];
				expect([...masked]).toHaveLength(kept.length);
				const shown = [...masked].filter((char, index) => char !== '*' && char === kept[index]);
				const shownAlphanumerics = shown.filter((char) => /[\p{L}\p{N}]/u.test(char));
				expect(shownAlphanumerics.length).toBeLessThanOrEqual(2);
			}),
			{ numRuns: 3000 },
		);
	});

	it('a long value is cut for a message, which says how long it was', () => {
		expect(quoteDocument('1'.repeat(1_000_000))).toBe(`'${'*'.repeat(38)}11…(1000000 characters)'`);
		expect(quoteDocument('123')).toBe("'*23'");
	});

	it('never returns a full CPF or CNPJ, however it is written or wrapped', () => {
		const documents = fc.oneof(
			validCpf.map((cpf) => ({ value: cpf, written: [cpf, formatCpf(cpf)] })),
			fc
				.oneof(validNumericCnpj, validAlphanumericCnpj)
				.map((cnpj) => ({ value: cnpj, written: [cnpj, formatCnpj(cnpj), cnpj.toLowerCase()] })),
			digits(11).map((cpf) => ({ value: cpf, written: [cpf, formatCpf(cpf)] })),
		);
		const wrappers = fc.tuple(fc.string({ maxLength: 25 }), fc.string({ maxLength: 25 }));
		fc.assert(
			fc.property(documents, wrappers, fc.nat(), ({ value, written }, [before, after], pick) => {
				const raw = before + written[pick % written.length] + after;
				expect(compact(maskDocument(raw))).not.toContain(value);
			}),
			{ numRuns: 5000 },
		);
	});
});
