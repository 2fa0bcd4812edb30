import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ResponseShapeError } from '../../../nodes/CustomerIntegration/mapping/errors';
import { extractRecords } from '../../../nodes/CustomerIntegration/mapping/extractRecords';
import { normalizeRecord } from '../../../nodes/CustomerIntegration/mapping/normalizeRecord';
import { parseJson } from '../../../nodes/CustomerIntegration/transport/parseJson';
import { SEED_RECORD } from '../../fixtures/seedRecord.mts';

/** The example payload of the seed's help page, exactly as published (typographic quotes and all). */
function seedPayload(): string {
	const folder = '/work/shared/seed';
	const page = readdirSync(folder).find((name) => name.endsWith('.txt'));
	if (page === undefined) throw new Error(`no seed page in ${folder}`);
	const text = readFileSync(join(folder, page), 'utf8');
	const start = text.indexOf('[ {');
	const end = text.indexOf('} ]', start);
	expect(start).toBeGreaterThan(-1);
	expect(end).toBeGreaterThan(start);
	return text.slice(start, end + 3);
}

function parseMessage(text: string): string {
	try {
		parseJson(text);
	} catch (error) {
		expect(error).toBeInstanceOf(ResponseShapeError);
		return (error as Error).message;
	}
	throw new Error('expected the text not to parse');
}

const column = (text: string, search: string) => text.indexOf(search) + 1;

describe("the seed's example payload", () => {
	const published = seedPayload();

	it('is not valid JSON, and parseJson points at its first breakage', () => {
		const message = parseMessage(published);
		expect(message).toContain(
			`typographic quote ” at line 1, column ${column(published, 'SILVA”') + 5}`,
		);
		expect(message).toContain('Replace typographic quotes');
	});

	it('after its quotes are repaired, has a missing colon and then a missing comma', () => {
		const straight = published.replace(/[“”]/g, '"');
		const colon = parseMessage(straight);
		expect(colon).toContain(`line 1, column ${column(straight, '"endereco_bairro" "') + 18}`);
		expect(colon).toContain(`A ':' seems to be missing after the property name "endereco_bairro"`);

		const withColon = straight.replace('"endereco_bairro" "', '"endereco_bairro": "');
		const comma = parseMessage(withColon);
		expect(comma).toContain(`line 1, column ${column(withColon, '"pos_graduacao"')}`);
		expect(comma).toContain("A ',' seems to be missing");
	});

	it('once repaired, maps to canonical fields with unknown fields unchanged', () => {
		const repaired = published
			.replace(/[“”]/g, '"')
			.replace('"endereco_bairro" "', '"endereco_bairro": "')
			.replace('"PB" "pos_graduacao"', '"PB", "pos_graduacao"');
		const [raw, ...others] = extractRecords(parseJson(repaired));
		expect(others).toEqual([]);
		// The one copy of the seed record the other tests and the sample API use is this page's record.
		expect(raw).toEqual(SEED_RECORD);
		const { record, sourcePaths } = normalizeRecord(raw, { nested: 'refuse' });
		expect(record).toEqual({
			nome: 'JOÃO DA SILVA',
			cpf: '00000000000',
			dataNascimento: '00/00/0000',
			crm: '000000',
			email: 'email@email.com',
			telefone: '00000000000',
			telefone2: '00000000000',
			tipo_prestador: 'PESSOA FÍSICA',
			especialidade: 'DERMATOLOGISTA',
			enderecoLogradouro: 'RUA ENDEREÇO, 100',
			enderecoComplemento: '1 A',
			enderecoCep: '00000000',
			enderecoBairro: 'BAIRRO ENDEREÇO',
			enderecoCidade: 'JOAO PESSOA',
			enderecoEstado: 'PB',
			pos_graduacao: 'SIM',
			ativo: 'TRUE',
		});
		expect(sourcePaths.dataNascimento).toEqual(['data_nascimen']);
		expect(sourcePaths.telefone2).toEqual(['telefone_2']);
		expect(sourcePaths.enderecoEstado).toEqual(['endereco_estado']);
	});
});
