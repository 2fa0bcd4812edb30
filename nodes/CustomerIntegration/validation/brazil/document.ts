import { type Check, failed, stripSeparators } from '../check';
import { quoteDocument } from '../mask';
import { checkCnpj } from './cnpj';
import { checkCpf } from './cpf';

/** A field that holds either: CPF when it has 11 characters once unmasked, CNPJ when 14. */
export function checkDocument(raw: string): Check {
	const length = stripSeparators(raw.trim()).length;
	if (length === 11) return checkCpf(raw);
	if (length === 14) return checkCnpj(raw);
	return failed(
		'length',
		`must have 11 (CPF) or 14 (CNPJ) characters, found ${length} (${quoteDocument(raw)})`,
	);
}
