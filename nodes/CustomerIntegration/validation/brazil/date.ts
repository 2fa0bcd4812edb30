import { type Check, failed, passed, quote } from '../check';

/**
 * Calendar date, returned as ISO `yyyy-mm-dd`. Accepts `dd/mm/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`
 * (day and month may have one digit), `yyyy-mm-dd`, and ISO date-times, whose date part is taken
 * as written. Parsed by hand: `new Date('01/02/2020')` would read it as January 2nd, and Date rolls
 * 31/02 over to March.
 */
export function checkDate(raw: string): Check {
	const text = raw.trim();
	let year: number;
	let month: number;
	let day: number;
	let iso: string;
	if (isFixedWidthBrazilian(text)) {
		day = twoDigits(text, 0);
		month = twoDigits(text, 3);
		year = fourDigits(text, 6);
		iso = `${text.slice(6)}-${text.slice(3, 5)}-${text.slice(0, 2)}`;
	} else if (isIsoDatePrefix(text)) {
		if (text.length > 10 && !ISO_TIME.test(text.slice(10))) return wrongFormat(raw);
		year = fourDigits(text, 0);
		month = twoDigits(text, 5);
		day = twoDigits(text, 8);
		iso = text.length === 10 ? text : text.slice(0, 10);
	} else {
		const match = SHORT_DAY_MONTH.exec(text);
		if (match === null) return wrongFormat(raw);
		year = Number(match[4]);
		month = Number(match[3]);
		day = Number(match[1]);
		iso = toIsoDate(year, month, day);
	}
	const problem = calendarProblem(year, month, day);
	if (problem !== undefined) {
		return failed('calendar', `not a calendar date: ${problem} (${quote(raw)})`);
	}
	return passed(iso);
}

function wrongFormat(raw: string): Check {
	return failed('format', `expected dd/mm/yyyy or yyyy-mm-dd (${quote(raw)})`);
}

export function isLeapYear(year: number): boolean {
	return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysInMonth(year: number, month: number): number {
	if (month === 2) return isLeapYear(year) ? 29 : 28;
	return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function toIsoDate(year: number, month: number, day: number): string {
	return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function calendarProblem(year: number, month: number, day: number): string | undefined {
	if (month < 1 || month > 12) return `month ${pad(month, 2)} does not exist`;
	if (year < 1) return `year ${pad(year, 4)} does not exist`;
	const days = daysInMonth(year, month);
	if (day < 1) return `day ${pad(day, 2)} does not exist`;
	if (day > days) {
		const leapNote = month === 2 && day === 29 ? `, ${year} is not a leap year` : '';
		return `${pad(month, 2)}/${pad(year, 4)} has ${days} days${leapNote}`;
	}
	return undefined;
}

/** `dd/mm/yyyy`, `dd-mm-yyyy` or `dd.mm.yyyy`, digits only checked for shape. */
function isFixedWidthBrazilian(text: string): boolean {
	if (text.length !== 10) return false;
	const separator = text.charCodeAt(2);
	return (
		(separator === 47 || separator === 45 || separator === 46) &&
		text.charCodeAt(5) === separator &&
		twoDigits(text, 0) >= 0 &&
		twoDigits(text, 3) >= 0 &&
		fourDigits(text, 6) >= 0
	);
}

/** Starts with `yyyy-mm-dd`. */
function isIsoDatePrefix(text: string): boolean {
	return (
		text.length >= 10 &&
		text.charCodeAt(4) === 45 &&
		text.charCodeAt(7) === 45 &&
		fourDigits(text, 0) >= 0 &&
		twoDigits(text, 5) >= 0 &&
		twoDigits(text, 8) >= 0
	);
}

function digitAt(text: string, index: number): number {
	const value = text.charCodeAt(index) - 48;
	return value >= 0 && value <= 9 ? value : -1000;
}

function twoDigits(text: string, start: number): number {
	const value = digitAt(text, start) * 10 + digitAt(text, start + 1);
	return value >= 0 ? value : -1;
}

function fourDigits(text: string, start: number): number {
	const high = twoDigits(text, start);
	const low = twoDigits(text, start + 2);
	return high >= 0 && low >= 0 ? high * 100 + low : -1;
}

function pad(value: number, width: number): string {
	return String(value).padStart(width, '0');
}

/** The time part of an ISO date-time: `T10:30`, ` 10:30:00`, `T10:30:00.000Z`, `T10:30:00-03:00`. */
const ISO_TIME = /^[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** dd/mm/yyyy with a one-digit day or month, same separator twice. */
const SHORT_DAY_MONTH = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;
