/** Letters and digits of any script: full-width digits (５２９) are digits too. */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** How many letters or digits of a personal number a message shows: enough to tell which one it is. */
const SHOWN_AT_END = 2;

/** Longer values are cut for a message, which then says how long the value was. */
export const MAX_QUOTED_LENGTH = 40;

/**
 * THE mask of a personal number (CPF, CNPJ, RG, phone) in a message, however it is written, alone or
 * found in free text: the shape stays (separators, length) and every letter or digit but the last two
 * becomes `*`: `***.***.***-25`, `(**) *****-**21`, `*********00`, `*23`. No full CPF, CNPJ or phone can
 * come out, and a message still says how the value was written and how it ends.
 */
export function maskDocument(raw: string): string {
	const chars = Array.from(String(raw).trim());
	let toHide = chars.filter((char) => LETTER_OR_DIGIT.test(char)).length - SHOWN_AT_END;
	return chars
		.map((char) => {
			if (toHide <= 0 || !LETTER_OR_DIGIT.test(char)) return char;
			toHide--;
			return '*';
		})
		.join('');
}

/**
 * A value for a message, `mask`ed and cut when long: `abc…(1048576 characters)`. The length is added
 * after masking, so a mask of digit runs cannot hide it.
 */
export function cutForMessage(
	value: string,
	maxLength = MAX_QUOTED_LENGTH,
	mask: (shown: string) => string = (shown) => shown,
): string {
	if (value.length <= maxLength) return mask(value);
	const chars = Array.from(value);
	return chars.length > maxLength
		? `${mask(chars.slice(0, maxLength).join(''))}…(${chars.length} characters)`
		: mask(value);
}

/** A personal number quoted in a validation message, as quote() quotes other values: masked, cut when long. */
export function quoteDocument(raw: string): string {
	return `'${cutForMessage(String(raw).trim(), MAX_QUOTED_LENGTH, maskDocument)}'`;
}
