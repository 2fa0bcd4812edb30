import { getAreaCodesByState, getStates, isValidPhone } from '@brazilian-utils/brazilian-utils';
import fc from 'fast-check';
import { isPhone } from 'validation-br';
import { describe, expect, it } from 'vitest';
import { AREA_CODES, checkPhone } from '../../../nodes/CustomerIntegration/validation/brazil/phone';
import { digits } from './documents.mjs';

function failure(raw: string) {
	const result = checkPhone(raw);
	if (result.ok) throw new Error(`expected ${raw} to fail`);
	return result;
}

describe('checkPhone', () => {
	it.each([
		['(11) 98765-4321', '+5511987654321'],
		['(11) 3456-7890', '+551134567890'],
		['11987654321', '+5511987654321'],
		['+55 11 98765-4321', '+5511987654321'],
		['+5511987654321', '+5511987654321'],
		['5511987654321', '+5511987654321'],
		['55 (11) 3456-7890', '+551134567890'],
		['0 21 11 98765-4321', '+5511987654321'],
		['0 15 11 3456-7890', '+551134567890'],
		['011 98765-4321', '+5511987654321'],
		['(011) 3456-7890', '+551134567890'],
		['(0xx11) 3456-7890', '+551134567890'],
		['(48) 92822 - 8778', '+5548928228778'],
		['11.98765.4321', '+5511987654321'],
		['(55) 3456-7890', '+555534567890'],
		['55 98765-4321', '+5555987654321'],
		['(21) 2345-6789', '+552123456789'],
		['(21) 5345-6789', '+552153456789'],
	])('accepts %j as %s', (raw, value) => {
		expect(checkPhone(raw)).toEqual({ ok: true, value });
	});

	it.each([
		['(20) 98765-4321', 'ddd', 'area code (DDD) 20 does not exist', "'(**) *****-**21'"],
		['(11) 88765-4321', 'format', 'a 9-digit mobile number must start with 9', "'(**) *****-**21'"],
		['(11) 9876-5432', 'format', '8-digit mobile numbers are obsolete', "'(**) ****-**32'"],
		[
			'(11) 1456-7890',
			'format',
			'an 8-digit landline number must start with 2 to 5',
			"'(**) ****-**90'",
		],
		// A phone is masked like a document, whatever is wrong with it: one rule, the last two digits shown.
		['+1 415 555 0100', 'format', 'only Brazilian numbers (+55) are accepted', "'+* *** *** **00'"],
		['11 98765-43', 'length', 'found 9', "'** *****-43'"],
		['(11) 98765-4321 ramal 12', 'format', 'may contain only digits', "'(**) *****-**** ***** 12'"],
		['+', 'format', 'may contain only digits', "'+'"],
		['98765-4321', 'length', 'found 9', "'*****-**21'"],
		['529.982.247-25', 'ddd', 'area code (DDD) 52 does not exist', "'***.***.***-25'"],
	])('refuses %j (%s), quoting it as %s', (raw, rule, message, quoted) => {
		const result = failure(raw);
		expect(result.rule).toBe(rule);
		expect(result.message).toContain(message);
		expect(result.message).toContain(quoted);
	});

	it('knows the 67 area codes of the numbering plan, the same as brazilian-utils', () => {
		const oracle = new Set(
			getStates().flatMap((state) => getAreaCodesByState(state.code).map(String)),
		);
		expect(AREA_CODES).toHaveLength(67);
		expect(new Set(AREA_CODES)).toEqual(oracle);
	});

	/** DDD 10-99, then a first digit 0-9, then the rest: 10- and 11-digit national numbers. */
	const nationalNumbers = fc
		.tuple(
			fc.integer({ min: 10, max: 99 }),
			fc.integer({ min: 0, max: 9 }),
			fc.boolean(),
			digits(7),
		)
		.map(([ddd, first, mobile, rest]) => `${ddd}${first}${mobile ? '9' : ''}${rest}`);

	it('agrees with brazilian-utils, except where it knowingly accepts more', () => {
		fc.assert(
			fc.property(nationalNumbers, fc.boolean(), (national, withCountry) => {
				const first = Number(national[2]);
				// brazilian-utils' default rule: mobiles may start with 6-9, landlines with 2-6.
				const knownDifference =
					(national.length === 11 && first >= 6 && first <= 8) ||
					(national.length === 10 && first === 6);
				fc.pre(!knownDifference);
				const raw = withCountry ? `+55${national}` : national;
				expect(checkPhone(raw).ok).toBe(isValidPhone(raw));
			}),
			{ numRuns: 5000 },
		);
	});

	it('agrees with validation-br, except where it knowingly accepts less', () => {
		fc.assert(
			fc.property(nationalNumbers, fc.boolean(), (national, withCountry) => {
				const first = Number(national[2]);
				// validation-br accepts landlines starting with 3 or 4 only; 2 and 5 are also landlines.
				fc.pre(!(national.length === 10 && (first === 2 || first === 5)));
				const raw = withCountry ? `+55${national}` : national;
				expect(checkPhone(raw).ok).toBe(isPhone(raw));
			}),
			{ numRuns: 5000 },
		);
	});

	it('returns E.164 that checks to itself, whatever prefix and mask the input had', () => {
		const written = fc.tuple(
			nationalNumbers,
			fc.constantFrom('', '+55', '55', '+55 ', '0', '0 21 ', '015'),
			fc.boolean(),
		);
		fc.assert(
			fc.property(written, ([national, prefix, masked]) => {
				const body = masked
					? `(${national.slice(0, 2)}) ${national.slice(2, -4)}-${national.slice(-4)}`
					: national;
				const result = checkPhone(prefix + body);
				const plain = checkPhone(national);
				expect(result.ok).toBe(plain.ok);
				if (!result.ok && !plain.ok) expect(result.rule).toBe(plain.rule);
				if (result.ok) {
					expect(result.value).toBe(`+55${national}`);
					expect(checkPhone(String(result.value))).toEqual(result);
				}
			}),
			{ numRuns: 3000 },
		);
	});
});
