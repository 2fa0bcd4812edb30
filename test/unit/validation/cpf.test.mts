import { isValidCpf } from '@brazilian-utils/brazilian-utils';
import { cpf as cpfCnpjValidator } from 'cpf-cnpj-validator';
import fc from 'fast-check';
import { isCPF } from 'validation-br';
import { describe, expect, it } from 'vitest';
import { checkCpf } from '../../../nodes/CustomerIntegration/validation/brazil/cpf';
import { cpfOf, digits, formatCpf, validCpf, withDigitChanged } from './documents.mjs';

/**
 * cpf-cnpj-validator refuses 12345678909, which has correct check digits but is a well-known
 * dummy number; we and the other two oracles accept it (a checksum cannot tell it is not real).
 */
const CPF_CNPJ_VALIDATOR_BLACKLIST = new Set(['12345678909']);

function failure(raw: string) {
	const result = checkCpf(raw);
	if (result.ok) throw new Error(`expected ${raw} to fail`);
	return result;
}

describe('checkCpf', () => {
	it.each([
		['529.982.247-25', '52998224725'],
		['52998224725', '52998224725'],
		[' 529 982 247 25 ', '52998224725'],
		['529982247/25', '52998224725'],
		['123.456.789-09', '12345678909'],
	])('accepts %j as %s', (raw, value) => {
		expect(checkCpf(raw)).toEqual({ ok: true, value });
	});

	it('refuses wrong check digits, masking the number in the message', () => {
		const result = failure('529.982.247-24');
		expect(result.rule).toBe('checkDigits');
		expect(result.message).toBe("check digits do not match ('***.***.***-24')");
	});

	it.each(['111.111.111-11', '00000000000', '99999999999'])(
		'refuses the repeated-digit sequence %s',
		(raw) => {
			expect(failure(raw).rule).toBe('repeatedDigits');
		},
	);

	it.each([
		['5299822472', 'length'],
		['529982247250', 'length'],
		['', 'length'],
		['529.982.247-2A', 'format'],
		['529_982_247_25', 'format'],
		['５２９９８２２４７２５', 'format'],
	])('refuses %j (%s)', (raw, rule) => {
		expect(failure(raw).rule).toBe(rule);
	});

	it('agrees with three oracle libraries on valid, mutated and random numbers', () => {
		const candidates = fc.oneof(
			validCpf,
			fc
				.tuple(validCpf, fc.integer({ min: 0, max: 10 }), fc.nat())
				.map(([cpf, index, shift]) => withDigitChanged(cpf, index, shift)),
			digits(11),
			fc.integer({ min: 0, max: 9 }).map((digit) => String(digit).repeat(11)),
		);
		fc.assert(
			fc.property(candidates, fc.boolean(), (cpf, masked) => {
				const raw = masked ? formatCpf(cpf) : cpf;
				const ours = checkCpf(raw).ok;
				expect(ours).toBe(isValidCpf(raw));
				expect(ours).toBe(isCPF(raw));
				if (!CPF_CNPJ_VALIDATOR_BLACKLIST.has(cpf))
					expect(ours).toBe(cpfCnpjValidator.isValid(raw));
			}),
			{ numRuns: 5000 },
		);
	});

	it('accepts every CPF the oracle generates, formatted or not', () => {
		for (let i = 0; i < 2000; i++) {
			const generated = cpfCnpjValidator.generate({ formatted: i % 2 === 0 });
			expect(checkCpf(generated)).toEqual({ ok: true, value: generated.replace(/\D/g, '') });
		}
	});

	it('never shows the full number in a message', () => {
		fc.assert(
			fc.property(digits(11), fc.boolean(), (cpf, masked) => {
				const result = checkCpf(masked ? formatCpf(cpf) : cpf);
				if (!result.ok) expect(result.message.replace(/\D/g, '')).not.toContain(cpf);
			}),
			{ numRuns: 2000 },
		);
	});
});

describe('test helper cpfOf (oracle sanity check for the generators above)', () => {
	it('builds the textbook CPF from its base, the only check digits for that base checkCpf accepts', () => {
		const built = cpfOf('529982247');
		expect(built).toBe('52998224725');
		expect(checkCpf(built)).toEqual({ ok: true, value: built });
		const accepted = Array.from(
			{ length: 100 },
			(_, pair) => `529982247${String(pair).padStart(2, '0')}`,
		).filter((cpf) => checkCpf(cpf).ok);
		expect(accepted).toEqual([built]);
	});
});
