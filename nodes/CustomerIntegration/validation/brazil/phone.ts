import { type Check, failed, isDigits, passed, stripPhoneMask } from '../check';
import { quoteDocument } from '../mask';

/** The 67 geographic area codes (DDD) of the Anatel numbering plan. */
export const AREA_CODES: readonly string[] = [
	'11 12 13 14 15 16 17 18 19', // SP
	'21 22 24 27 28', // RJ, ES
	'31 32 33 34 35 37 38', // MG
	'41 42 43 44 45 46 47 48 49', // PR, SC
	'51 53 54 55', // RS
	'61 62 63 64 65 66 67 68 69', // DF, GO, TO, MT, MS, AC, RO
	'71 73 74 75 77 79', // BA, SE
	'81 82 83 84 85 86 87 88 89', // PE, AL, PB, RN, CE, PI
	'91 92 93 94 95 96 97 98 99', // PA, AM, RR, AP, MA
]
	.join(' ')
	.split(' ');

const IS_AREA_CODE: readonly boolean[] = Array.from({ length: 100 }, (_, n) =>
	AREA_CODES.includes(String(n)),
);

/**
 * Brazilian geographic phone number, returned in E.164 (`+5511987654321`). Accepts masks
 * (`(11) 98765-4321`), the country code (`+55`, or `55` before a full national number), the trunk
 * prefix `0` (also written `0xx`), and a carrier selection code after it (`0 21 11 98765-4321`).
 * Mobile: 9 digits starting with 9. Landline: 8 digits starting with 2 to 5.
 */
export function checkPhone(raw: string): Check {
	const text = raw.trim();
	const compact = isDigits(text) ? text : withoutMask(text);
	const hasPlus = compact.charCodeAt(0) === 43;
	const digits = hasPlus ? compact.slice(1) : compact;
	if (!isDigits(digits) || digits.length === 0) {
		return failed(
			'format',
			`may contain only digits, spaces, ( ) - . and a leading + (${quoteDocument(raw)})`,
		);
	}
	let national: string;
	if (hasPlus) {
		if (!digits.startsWith('55')) {
			return failed('format', `only Brazilian numbers (+55) are accepted (${quoteDocument(raw)})`);
		}
		national = digits.slice(2);
	} else if (digits.charCodeAt(0) === 48) {
		const afterTrunk = digits.slice(1);
		const hasCarrierCode = afterTrunk.length === 12 || afterTrunk.length === 13;
		national = hasCarrierCode ? afterTrunk.slice(2) : afterTrunk;
	} else if ((digits.length === 12 || digits.length === 13) && digits.startsWith('55')) {
		national = digits.slice(2);
	} else {
		national = digits;
	}
	if (national.length !== 10 && national.length !== 11) {
		return failed(
			'length',
			`must have 10 or 11 digits including the area code (DDD), found ${national.length} (${quoteDocument(raw)})`,
		);
	}
	const areaCode = (national.charCodeAt(0) - 48) * 10 + national.charCodeAt(1) - 48;
	if (!IS_AREA_CODE[areaCode]) {
		return failed('ddd', `area code (DDD) ${national.slice(0, 2)} does not exist (${quoteDocument(raw)})`);
	}
	const first = national.charCodeAt(2) - 48;
	if (national.length === 11 && first !== 9) {
		return failed('format', `a 9-digit mobile number must start with 9 (${quoteDocument(raw)})`);
	}
	if (national.length === 10 && first >= 6) {
		return failed(
			'format',
			`8-digit mobile numbers are obsolete: mobiles have 9 digits starting with 9 (${quoteDocument(raw)})`,
		);
	}
	if (national.length === 10 && first < 2) {
		return failed('format', `an 8-digit landline number must start with 2 to 5 (${quoteDocument(raw)})`);
	}
	return passed('+55' + national);
}

/** Drops separators and turns the `0xx` trunk notation (`(0xx11) 3456-7890`) into a plain `0`. */
function withoutMask(text: string): string {
	const compact = stripPhoneMask(text);
	const isTrunkXx =
		compact.charCodeAt(0) === 48 &&
		(compact.charCodeAt(1) | 32) === 120 &&
		(compact.charCodeAt(2) | 32) === 120;
	return isTrunkXx ? '0' + compact.slice(3) : compact;
}
