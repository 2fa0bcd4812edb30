import { type Check, failed, passed, quote } from '../check';

/** Upper-case spellings, as Brazilian APIs write them, and what they mean. */
const BOOLEAN_WORDS: ReadonlyMap<string, boolean> = new Map([
	['TRUE', true],
	['FALSE', false],
	['SIM', true],
	['NÃO', false],
	['NAO', false],
	['S', true],
	['N', false],
	['1', true],
	['0', false],
	['YES', true],
	['NO', false],
	['Y', true],
]);

/**
 * Yes/no value: real booleans, the numbers 1 and 0, and (any case) TRUE/FALSE, SIM/NÃO/NAO, S/N,
 * 1/0, YES/NO, Y/N. Anything else is reported, never guessed: `Boolean('FALSE')` is true.
 */
export function checkBoolean(raw: string | boolean | number): Check {
	if (typeof raw === 'boolean') return passed(raw);
	if (typeof raw === 'number') {
		if (raw === 1 || raw === 0) return passed(raw === 1);
		return failed('unknownValue', `expected 1 or 0 as a number (${raw})`);
	}
	const word = raw.trim().toUpperCase();
	const value = BOOLEAN_WORDS.get(word) ?? BOOLEAN_WORDS.get(word.normalize('NFC'));
	if (value === undefined) {
		return failed(
			'unknownValue',
			`expected true/false, sim/não, s/n, 1/0 or yes/no (${quote(raw)})`,
		);
	}
	return passed(value);
}
