import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskDocument } from '../../../nodes/CustomerIntegration/validation/mask';
import {
	digits,
	formatCnpj,
	formatCpf,
	validAlphanumericCnpj,
	validCpf,
	validNumericCnpj,
} from './documents.mjs';

const compact = (text: string) => text.replace(/[^0-9A-Za-z]/g, '').toUpperCase();

describe('maskDocument', () => {
	it.each([
		['529.982.247-25', '***.982.247-**'],
		['52998224725', '***.982.247-**'],
		['11.222.333/0001-81', '**.222.333/0001-**'],
		['12.345.678/0001-95', '**.345.678/0001-**'],
		['12ABC34501DE35', '**.ABC.345/01DE-**'],
		['', ''],
		['123', '*2*'],
		['123456789', '***456***'],
	])('masks %j as %j', (raw, masked) => {
		expect(maskDocument(raw)).toBe(masked);
	});

	it('keeps at most the middle third, and never more than six characters, of other values', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 60 }), (raw) => {
				const masked = maskDocument(raw);
				const visible = [...masked].filter((char) => char !== '*').length;
				const length = [...raw.trim()].length;
				const documentShaped =
					/^[0-9A-Za-z]+$/.test(compact(raw)) && [11, 14].includes(compact(raw).length);
				if (!documentShaped) {
					expect(visible).toBeLessThanOrEqual(Math.min(Math.floor(length / 3), 6));
					expect([...masked]).toHaveLength(length);
				}
			}),
			{ numRuns: 3000 },
		);
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
