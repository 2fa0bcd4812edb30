import { isValidCnpj } from '@brazilian-utils/brazilian-utils';
import { cnpj as cpfCnpjValidator } from 'cpf-cnpj-validator';
import fc from 'fast-check';
import { isCNPJ } from 'validation-br';
import { describe, expect, it } from 'vitest';
import { checkCnpj } from '../../../nodes/CustomerIntegration/validation/brazil/cnpj';
import {
	alphanumerics,
	digits,
	formatCnpj,
	validAlphanumericCnpj,
	validNumericCnpj,
	withDigitChanged,
} from './documents.mjs';

function failure(raw: string) {
	const result = checkCnpj(raw);
	if (result.ok) throw new Error(`expected ${raw} to fail`);
	return result;
}

describe('checkCnpj', () => {
	it.each([
		['11.222.333/0001-81', '11222333000181'],
		['00.000.000/0001-91', '00000000000191'],
		['00000000000191', '00000000000191'],
		['12.ABC.345/01DE-35', '12ABC34501DE35'],
		['12ABC34501DE35', '12ABC34501DE35'],
		['12.abc.345/01de-35', '12ABC34501DE35'],
		[' 12 ABC 345 01DE 35 ', '12ABC34501DE35'],
	])('accepts %j as %s', (raw, value) => {
		expect(checkCnpj(raw)).toEqual({ ok: true, value });
	});

	it('refuses wrong check digits, masking the number in the message', () => {
		const result = failure('12ABC34501DE36');
		expect(result.rule).toBe('checkDigits');
		expect(result.message).toBe("check digits do not match ('************36')");
	});

	it.each(['00000000000000', '11.111.111/1111-11'])('refuses the repeated sequence %s', (raw) => {
		expect(failure(raw).rule).toBe('repeatedDigits');
	});

	it.each([
		['12ABC34501DEA5', 'format'],
		['12ABC34501DE3X', 'format'],
		['12ABÇ34501DE35', 'format'],
		['12_ABC_345_01DE_35', 'format'],
		['1222333000181', 'length'],
		['112223330001810', 'length'],
	])('refuses %j (%s)', (raw, rule) => {
		expect(failure(raw).rule).toBe(rule);
	});

	it('agrees with the oracles on numeric CNPJs: valid, mutated, random', () => {
		const candidates = fc.oneof(
			validNumericCnpj,
			fc
				.tuple(validNumericCnpj, fc.integer({ min: 0, max: 13 }), fc.nat())
				.map(([cnpj, index, shift]) => withDigitChanged(cnpj, index, shift)),
			digits(14),
			fc.integer({ min: 0, max: 9 }).map((digit) => String(digit).repeat(14)),
		);
		fc.assert(
			fc.property(candidates, fc.boolean(), (cnpj, masked) => {
				const raw = masked ? formatCnpj(cnpj) : cnpj;
				const ours = checkCnpj(raw).ok;
				expect(ours).toBe(isValidCnpj(raw));
				expect(ours).toBe(isValidCnpj(raw, { version: 2 }));
				expect(ours).toBe(cpfCnpjValidator.isValid(raw));
				expect(ours).toBe(isCNPJ(raw));
			}),
			{ numRuns: 5000 },
		);
	});

	it('agrees with the oracles on alphanumeric CNPJs, in upper and lower case', () => {
		const candidates = fc.oneof(
			validAlphanumericCnpj,
			fc
				.tuple(validAlphanumericCnpj, fc.integer({ min: 0, max: 13 }), fc.nat())
				.map(([cnpj, index, shift]) => withDigitChanged(cnpj, index, shift)),
			fc.tuple(alphanumerics(12), digits(2)).map(([base, checkDigits]) => base + checkDigits),
		);
		fc.assert(
			fc.property(candidates, fc.boolean(), fc.boolean(), (cnpj, masked, lower) => {
				const shaped = masked ? formatCnpj(cnpj) : cnpj;
				const raw = lower ? shaped.toLowerCase() : shaped;
				const ours = checkCnpj(raw).ok;
				// brazilian-utils reads alphanumeric CNPJs only with { version: 2 }
				expect(ours).toBe(isValidCnpj(raw, { version: 2 }));
				expect(ours).toBe(cpfCnpjValidator.isValid(raw));
				expect(ours).toBe(isCNPJ(raw));
			}),
			{ numRuns: 5000 },
		);
	});

	it('accepts every alphanumeric CNPJ the oracle generates, upper-cased', () => {
		for (let i = 0; i < 2000; i++) {
			const generated = cpfCnpjValidator.generate({ formatted: i % 2 === 0 });
			expect(checkCnpj(generated.toLowerCase())).toEqual({
				ok: true,
				value: generated.replace(/[^0-9A-Z]/g, ''),
			});
		}
	});

	it('never shows the full number in a message', () => {
		fc.assert(
			fc.property(fc.tuple(alphanumerics(12), digits(2)), fc.boolean(), ([base, dv], masked) => {
				const cnpj = base + dv;
				const result = checkCnpj(masked ? formatCnpj(cnpj) : cnpj);
				if (!result.ok) expect(result.message.replace(/[^0-9A-Z]/g, '')).not.toContain(cnpj);
			}),
			{ numRuns: 2000 },
		);
	});
});
