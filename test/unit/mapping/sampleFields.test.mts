import { describe, expect, it } from 'vitest';

import { describeSampleFields } from '../../../nodes/CustomerIntegration/mapping/sampleFields';

describe('describeSampleFields', () => {
	it('lists every key in first-seen order, the known fields with their canonical field', () => {
		const fields = describeSampleFields([
			{ codigo: 'C1', cpf: '52998224725', crm: '1' },
			{ codigo: 'C2', nome: 'Ana', segmento: 'VAREJO' },
		]);
		expect(fields.map((field) => field.key)).toEqual(['codigo', 'cpf', 'crm', 'nome', 'segmento']);
		expect(fields.find((field) => field.key === 'cpf')?.canonical?.kind).toBe('cpf');
		expect(fields.find((field) => field.key === 'crm')?.canonical).toBeUndefined();
	});

	it('types other fields by their first non-empty value, text when the samples disagree or are all empty', () => {
		const fields = describeSampleFields([
			{ a: null, b: 1, c: true, d: [], e: {}, f: '', g: 1 },
			{ a: 2.5, b: 3, c: false, d: ['x'], e: { x: 1 }, f: null, g: 'one' },
		]);
		expect(Object.fromEntries(fields.map((field) => [field.key, field.type]))).toEqual({
			a: 'number',
			b: 'number',
			c: 'boolean',
			d: 'array',
			e: 'object',
			f: 'string',
			g: 'string',
		});
	});

	it('keeps a known field’s kind whatever the API stores (a CPF as a number is still text), and drops node metadata', () => {
		const fields = describeSampleFields([
			{ cpf: 52998224725, ativo: 'TRUE', _validation: {}, _id: 7 },
		]);
		expect(fields.map((field) => [field.key, field.type])).toEqual([
			['cpf', 'string'],
			['ativo', 'boolean'],
			['_id', 'number'],
		]);
	});
});
