import { describe, expect, it } from 'vitest';

import { ResponseShapeError } from '../../../nodes/CustomerIntegration/mapping/errors';
import { parseJson } from '../../../nodes/CustomerIntegration/transport/parseJson';

function parseError(text: string): ResponseShapeError {
	try {
		parseJson(text);
	} catch (error) {
		expect(error).toBeInstanceOf(ResponseShapeError);
		return error as ResponseShapeError;
	}
	throw new Error('expected a ResponseShapeError, nothing was thrown');
}

describe('parseJson', () => {
	it('parses valid JSON', () => {
		expect(parseJson('[{"nome": "Ana", "ativo": true, "n": 1.5e2}]')).toEqual([
			{ nome: 'Ana', ativo: true, n: 150 },
		]);
		expect(parseJson('null')).toBeNull();
	});

	it('gives undefined for an empty or whitespace-only body', () => {
		expect(parseJson('')).toBeUndefined();
		expect(parseJson(' \n\t\r\n')).toBeUndefined();
	});

	it('skips a byte order mark', () => {
		expect(parseJson('\uFEFF{"a": 1}')).toEqual({ a: 1 });
	});

	it('points at a missing comma between properties, with line and column', () => {
		const error = parseError('{\n  "nome": "Ana"\n  "cpf": "1"\n}');
		expect(error.message).toContain('line 3, column 3');
		expect(error.message).toContain(`found '"'`);
		expect(error.message).toContain("A ',' seems to be missing");
	});

	it('points at a missing colon after a property name', () => {
		const error = parseError('{"nome": "Ana", "bairro" "Centro"}');
		expect(error.message).toContain('line 1, column 26');
		expect(error.message).toContain(`A ':' seems to be missing after the property name "bairro"`);
	});

	it.each([
		['{"a": 1,}', "'}'"],
		['[1, 2,]', "']'"],
		['{"a": [1,\n]}', "']'"],
	])('recognizes the trailing comma in %j', (text, closer) => {
		expect(parseError(text).message).toContain(`Remove the trailing comma before ${closer}`);
	});

	it('names a typographic quote found where a quote belongs', () => {
		const error = parseError('{“nome”: "Ana"}');
		expect(error.message).toContain('line 1, column 2');
		expect(error.message).toContain('“ is a typographic quote');
	});

	it('traces a string that ran on past a typographic quote back to that quote', () => {
		const text = '{"nome": "Ana”, “cpf”: "1"}';
		const error = parseError(text);
		expect(error.message).toContain(
			`typographic quote ” at line 1, column ${text.indexOf('”') + 1}`,
		);
	});

	it('says when single quotes are used', () => {
		expect(parseError("{'nome': 'Ana'}").message).toContain('not single quotes');
	});

	it.each([
		'<!DOCTYPE html><html><body>502 Bad Gateway</body></html>',
		'\n  <html><head>',
		'<?xml version="1.0"?>',
	])('recognizes a markup page: %j', (text) => {
		const message = parseError(text).message;
		expect(message).toContain('HTML or XML page');
		expect(message).toContain('not JSON');
	});

	it('says when the text stops in the middle (a cut-off response)', () => {
		const error = parseError('[{"nome": "Ana"}, {"nome": "Bi');
		expect(error.message).toContain('found the end of the text');
		expect(error.message).toContain('cut off');
	});

	it('says when there is more than one JSON value (JSON Lines)', () => {
		const error = parseError('{"a": 1}\r\n{"a": 2}');
		expect(error.message).toContain('line 2, column 1');
		expect(error.message).toContain('more than one JSON value');
	});

	it('names control characters instead of printing them', () => {
		expect(parseError('{"a": "x\ny"}').message).toContain('a control character (U+000A)');
	});

	it.each([
		'{"a": tru}',
		'{"a": 01}',
		'{"a": -}',
		'{"a": 1.}',
		'{"a": "\\x"}',
		'{"a": "\\u12g4"}',
		'[1 2]',
		'{"a" 1 }',
	])('reports %j as invalid like JSON.parse does', (text) => {
		expect(() => JSON.parse(text)).toThrow();
		expect(parseError(text).message).toMatch(
			/^The API answered with invalid JSON at line 1, column \d+: found /,
		);
	});

	it('never echoes digit runs of the body (a CPF), unlike the native error message', () => {
		for (const text of ['{"cpf": 52998224725 x}', '{"52998224725" 1}', '{"cpf": "52998224725"']) {
			expect(parseError(text).message).not.toMatch(/\d{5,}/);
		}
	});

	it('parses a large body and locates an error at its very end', () => {
		const row = '{"nome": "Cliente", "cpf": "52998224725", "ativo": true},\n';
		const rows = 60_000;
		const valid = `[${row.repeat(rows)}{}]`;
		expect((parseJson(valid) as unknown[]).length).toBe(rows + 1);
		const broken = `[${row.repeat(rows)}{"nome": "fim",}]`;
		const error = parseError(broken);
		expect(error.message).toContain(`line ${rows + 1}, column 16`);
		expect(error.message).toContain('trailing comma');
	});
});
