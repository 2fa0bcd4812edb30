import { type Check, failed, passed } from '../check';
import { quoteDocument } from '../mask';

/**
 * RG (state identity card). Each state has its own format and check-digit rule (SP's may end in X),
 * and old cards have none, so only the shape is checked: 4 to 14 letters or digits once `.`, `-`
 * and spaces are removed. Never a checksum.
 */
export function checkRg(raw: string): Check {
	const compact = raw.trim().replace(RG_SEPARATORS, '').toUpperCase();
	if (!RG_CHARACTERS.test(compact)) {
		return failed('format', `may contain only letters and digits (${quoteDocument(raw)})`);
	}
	if (compact.length < 4 || compact.length > 14) {
		return failed(
			'length',
			`must have 4 to 14 characters, found ${compact.length} (${quoteDocument(raw)})`,
		);
	}
	return passed(compact);
}

const RG_SEPARATORS = /[.\-\s]/g;
const RG_CHARACTERS = /^[0-9A-Z]*$/;
