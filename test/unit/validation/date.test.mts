import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDate } from '../../../nodes/CustomerIntegration/validation/brazil/date';

function failure(raw: string) {
	const result = checkDate(raw);
	if (result.ok) throw new Error(`expected ${raw} to fail`);
	return result;
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** Oracle: the proleptic Gregorian calendar as Date implements it (setUTCFullYear avoids 19xx for 0-99). */
function isCalendarDate(year: number, month: number, day: number): boolean {
	const date = new Date(0);
	date.setUTCFullYear(year, month - 1, day);
	return (
		date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
	);
}

describe('checkDate', () => {
	it.each([
		['29/02/2024', '2024-02-29'],
		['29/02/2000', '2000-02-29'],
		['15/05/1990', '1990-05-15'],
		['15-05-1990', '1990-05-15'],
		['15.05.1990', '1990-05-15'],
		['1/2/2020', '2020-02-01'],
		[' 31/12/1999 ', '1999-12-31'],
		['2024-02-29', '2024-02-29'],
		['2024-02-29T10:30:00Z', '2024-02-29'],
		['2024-02-29T10:30', '2024-02-29'],
		['2024-02-29 10:30:00', '2024-02-29'],
		['1990-05-15T00:00:00.000-03:00', '1990-05-15'],
		['1990-05-15T23:59:59+0100', '1990-05-15'],
	])('accepts %j as %s', (raw, value) => {
		expect(checkDate(raw)).toEqual({ ok: true, value });
	});

	it.each([
		['29/02/2023', '02/2023 has 28 days, 2023 is not a leap year'],
		['29/02/1900', '02/1900 has 28 days, 1900 is not a leap year'],
		['31/02/2020', '02/2020 has 29 days'],
		['31/04/2021', '04/2021 has 30 days'],
		['00/00/0000', 'month 00 does not exist'],
		['00/01/2020', 'day 00 does not exist'],
		['01/13/2020', 'month 13 does not exist'],
		['2024-13-01', 'month 13 does not exist'],
		['01/01/0000', 'year 0000 does not exist'],
	])('refuses %j as no calendar date: %s', (raw, problem) => {
		const result = failure(raw);
		expect(result.rule).toBe('calendar');
		expect(result.message).toBe(`not a calendar date: ${problem} ('${raw}')`);
	});

	it.each([
		'15/05/90',
		'15/05-1990',
		'1990/05/15',
		'15 de maio de 1990',
		'2024-02-29Tnoon',
		'2024-2-29',
		'20240229',
		'',
		'05/15/1990 10:00',
	])('refuses %j as not a recognised format', (raw) => {
		expect(failure(raw).rule).toBe('format');
	});

	it('agrees with the calendar on every day/month/year, in all accepted shapes', () => {
		const dates = fc.tuple(
			fc.integer({ min: 0, max: 9999 }),
			fc.integer({ min: 0, max: 13 }),
			fc.integer({ min: 0, max: 32 }),
		);
		const shapes = fc.constantFrom(
			'dd/mm/yyyy',
			'dd-mm-yyyy',
			'dd.mm.yyyy',
			'yyyy-mm-dd',
			'iso-time',
		);
		fc.assert(
			fc.property(dates, shapes, ([year, month, day], shape) => {
				const [dd, mm, yyyy] = [pad(day, 2), pad(month, 2), pad(year, 4)];
				const raw = {
					'dd/mm/yyyy': `${dd}/${mm}/${yyyy}`,
					'dd-mm-yyyy': `${dd}-${mm}-${yyyy}`,
					'dd.mm.yyyy': `${dd}.${mm}.${yyyy}`,
					'yyyy-mm-dd': `${yyyy}-${mm}-${dd}`,
					'iso-time': `${yyyy}-${mm}-${dd}T12:00:00Z`,
				}[shape];
				const valid = year >= 1 && month >= 1 && month <= 12 && isCalendarDate(year, month, day);
				const result = checkDate(raw);
				expect(result.ok).toBe(valid);
				expect(result).toEqual(
					valid
						? { ok: true, value: `${yyyy}-${mm}-${dd}` }
						: expect.objectContaining({ rule: 'calendar' }),
				);
			}),
			{ numRuns: 5000 },
		);
	});
});
