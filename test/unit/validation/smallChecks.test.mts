import { getStates, isValidCep } from '@brazilian-utils/brazilian-utils';
import fc from 'fast-check';
import { isCEP, isUF } from 'validation-br';
import { describe, expect, it } from 'vitest';
import { checkBoolean } from '../../../nodes/CustomerIntegration/validation/brazil/boolean';
import { checkCep } from '../../../nodes/CustomerIntegration/validation/brazil/cep';
import { checkEmail } from '../../../nodes/CustomerIntegration/validation/brazil/email';
import { checkRg } from '../../../nodes/CustomerIntegration/validation/brazil/rg';
import { STATE_NAMES, checkUf } from '../../../nodes/CustomerIntegration/validation/brazil/uf';
import { digits } from './documents.mjs';

describe('checkCep', () => {
	it.each(['01310-100', '01.310-100', '01310100', ' 01310 100 '])('accepts %j', (raw) => {
		expect(checkCep(raw)).toEqual({ ok: true, value: '01310100' });
	});

	it.each([
		['0131010', 'length'],
		['013101000', 'length'],
		['01310-10A', 'format'],
		['CEP 01310-100', 'format'],
	])('refuses %j (%s)', (raw, rule) => {
		expect(checkCep(raw)).toMatchObject({ ok: false, rule });
	});

	it('agrees with brazilian-utils and validation-br on masked and bare numbers of 7 to 9 digits', () => {
		const ceps = fc.oneof(digits(7), digits(8), digits(9));
		const masks = fc.constantFrom('bare', 'dash', 'dot-dash');
		fc.assert(
			fc.property(ceps, masks, (cep, mask) => {
				const raw =
					mask === 'bare'
						? cep
						: mask === 'dash'
							? `${cep.slice(0, 5)}-${cep.slice(5)}`
							: `${cep.slice(0, 2)}.${cep.slice(2, 5)}-${cep.slice(5)}`;
				const ours = checkCep(raw).ok;
				expect(ours).toBe(isValidCep(raw));
				expect(ours).toBe(isCEP(raw));
			}),
			{ numRuns: 2000 },
		);
	});
});

describe('checkUf', () => {
	it('knows the same 27 states as brazilian-utils', () => {
		expect(Object.keys(STATE_NAMES).sort()).toEqual(
			getStates()
				.map((state) => state.code)
				.sort(),
		);
	});

	it.each(getStates().map((state) => [state.code, state.name]))(
		'accepts %s in any case and its name %s with or without accents',
		(code, name) => {
			for (const raw of [
				code,
				code.toLowerCase(),
				name,
				name.toUpperCase(),
				` ${name.toLowerCase()} `,
			]) {
				expect(checkUf(raw)).toEqual({ ok: true, value: code });
			}
			const unaccented = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
			expect(checkUf(unaccented)).toEqual({ ok: true, value: code });
			expect(isUF(code)).toBe(true);
		},
	);

	it.each(['XX', 'S', 'SPP', 'São Paulo do Norte', 'Brasil', ''])('refuses %j', (raw) => {
		expect(checkUf(raw)).toMatchObject({ ok: false, rule: 'state' });
	});

	it('agrees with validation-br on every two-letter code', () => {
		const letters = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
		fc.assert(
			fc.property(letters, letters, (first, second) => {
				expect(checkUf(first + second).ok).toBe(isUF(first + second));
			}),
			{ numRuns: 1000 },
		);
	});
});

describe('checkEmail', () => {
	it.each([
		'email@email.com',
		'joão@exemplo.com.br',
		'user@domínio.com.br',
		'first.last+tag@sub.example.org',
		'  spaced@example.com  ',
		'x@xn--p1ai.xn--p1ai',
	])('accepts %j, trimmed', (raw) => {
		expect(checkEmail(raw)).toEqual({ ok: true, value: raw.trim() });
	});

	it.each([
		'email',
		'email@',
		'@example.com',
		'a@b',
		'a@b.c',
		'a b@example.com',
		'a@@example.com',
		'.a@example.com',
		'a.@example.com',
		'a..b@example.com',
		'a@-example.com',
		'a@example..com',
		'a@example.com.',
		'"quoted"@example.com',
	])('refuses %j', (raw) => {
		expect(checkEmail(raw)).toMatchObject({ ok: false, rule: 'format' });
	});

	it('answers on long hostile input (a catastrophic backtrack would hang here)', () => {
		const hostile = `${'a.'.repeat(5000)}@${'b-'.repeat(5000)}`;
		expect(checkEmail(hostile).ok).toBe(false);
		expect(checkEmail(`a@${'b.'.repeat(120)}com`).ok).toBe(true);
	});
});

describe('checkBoolean', () => {
	it.each([
		['TRUE', true],
		['true', true],
		['True', true],
		['FALSE', false],
		['SIM', true],
		['sim', true],
		['NÃO', false],
		['não', false],
		['NAO', false],
		['Nao', false],
		['NA\u0303O', false],
		['S', true],
		['n', false],
		['1', true],
		['0', false],
		['YES', true],
		['no', false],
		['Y', true],
		[' TRUE ', true],
	] as const)('reads %j as %s', (raw, value) => {
		expect(checkBoolean(raw)).toEqual({ ok: true, value });
	});

	it.each([
		[true, true],
		[false, false],
		[1, true],
		[0, false],
	] as const)('reads %j as %s', (raw, value) => {
		expect(checkBoolean(raw)).toEqual({ ok: true, value });
	});

	it.each(['TALVEZ', 'ativo', '2', 'yes please', '', 'T', 'F'])('refuses %j', (raw) => {
		expect(checkBoolean(raw)).toMatchObject({ ok: false, rule: 'unknownValue' });
	});

	it.each([2, -1, 0.5, Number.NaN])('refuses the number %s', (raw) => {
		expect(checkBoolean(raw)).toMatchObject({ ok: false, rule: 'unknownValue' });
	});
});

describe('checkRg', () => {
	it.each([
		['12.345.678-9', '123456789'],
		['12.345.678-X', '12345678X'],
		['12.345.678-x', '12345678X'],
		['MG-12.345.678', 'MG12345678'],
		['1234', '1234'],
		['12345678901234', '12345678901234'],
	])('accepts %j as %s, never checking a check digit', (raw, value) => {
		expect(checkRg(raw)).toEqual({ ok: true, value });
	});

	it.each([
		['123', 'length'],
		['123456789012345', 'length'],
		['12.345.678-9 SSP/SP', 'format'],
		['12_345', 'format'],
	])('refuses %j (%s) with the value masked', (raw, rule) => {
		const result = checkRg(raw);
		expect(result).toMatchObject({ ok: false, rule });
		if (!result.ok) expect(result.message).not.toContain(raw);
	});
});
