import { type Check, failed, passed, quote } from '../check';

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const SPACES = /\s+/g;

/** The 27 federative units: code → official name. */
export const STATE_NAMES: Readonly<Record<string, string>> = {
	AC: 'Acre',
	AL: 'Alagoas',
	AP: 'Amapá',
	AM: 'Amazonas',
	BA: 'Bahia',
	CE: 'Ceará',
	DF: 'Distrito Federal',
	ES: 'Espírito Santo',
	GO: 'Goiás',
	MA: 'Maranhão',
	MT: 'Mato Grosso',
	MS: 'Mato Grosso do Sul',
	MG: 'Minas Gerais',
	PA: 'Pará',
	PB: 'Paraíba',
	PR: 'Paraná',
	PE: 'Pernambuco',
	PI: 'Piauí',
	RJ: 'Rio de Janeiro',
	RN: 'Rio Grande do Norte',
	RS: 'Rio Grande do Sul',
	RO: 'Rondônia',
	RR: 'Roraima',
	SC: 'Santa Catarina',
	SP: 'São Paulo',
	SE: 'Sergipe',
	TO: 'Tocantins',
};

const CODES: ReadonlySet<string> = new Set(Object.keys(STATE_NAMES));

const CODE_BY_NAME: ReadonlyMap<string, string> = new Map(
	Object.keys(STATE_NAMES).map((code) => [nameKey(STATE_NAMES[code]), code]),
);

/** UF: one of the 27 codes in any case, or a state's full name with or without accents. */
export function checkUf(raw: string): Check {
	const text = raw.trim();
	if (text.length === 2) {
		const code = text.toUpperCase();
		if (CODES.has(code)) return passed(code);
	} else {
		const code = stateCodeOfName(text);
		if (code !== undefined) return passed(code);
	}
	return failed(
		'state',
		`not a Brazilian state: expected a UF code such as SP or a state name (${quote(raw)})`,
	);
}

/** `São Paulo`, `sao paulo`, `SAO PAULO` → `SP`. */
export function stateCodeOfName(name: string): string | undefined {
	return CODE_BY_NAME.get(nameKey(name));
}

/** Lowercase, accents removed, runs of spaces collapsed: `São  Paulo` → `sao paulo`. */
export function nameKey(name: string): string {
	return name
		.normalize('NFD')
		.replace(COMBINING_MARKS, '')
		.toLowerCase()
		.replace(SPACES, ' ')
		.trim();
}
