import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { normalizeRecord } from '../../../nodes/CustomerIntegration/mapping/normalizeRecord';
import {
	REPEATED_TEXTS_LIMITS,
	RepeatedTexts,
} from '../../../nodes/CustomerIntegration/mapping/repeatedTexts';

const { MAX_DISTINCT_VALUES } = REPEATED_TEXTS_LIMITS;

describe('RepeatedTexts', () => {
	it('hands back an equal value for any field and value, and non-strings untouched', () => {
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.constantFrom('cidade', 'nome', '__proto__'), fc.anything())),
				(entries) => {
					const texts = new RepeatedTexts();
					for (const [field, value] of entries) expect(texts.share(field, value)).toBe(value);
				},
			),
		);
	});

	it('keeps pooling a field whose values repeat, however many records it sees', () => {
		const texts = new RepeatedTexts();
		const cities = ['SÃO JOSÉ DOS CAMPOS', 'RIO DE JANEIRO', 'BELO HORIZONTE'];
		for (let index = 0; index < 3 * MAX_DISTINCT_VALUES; index++) {
			// A fresh string each time, as JSON.parse makes one per record.
			const city = `${cities[index % 3]} `.trimEnd();
			expect(texts.share('enderecoCidade', city)).toBe(cities[index % 3]);
		}
		expect(texts.isPooled('enderecoCidade')).toBe(true);
	});

	it('stops pooling a field once it has shown too many different values (names, e-mails)', () => {
		const texts = new RepeatedTexts();
		for (let index = 0; index < MAX_DISTINCT_VALUES; index++) {
			texts.share('email', `customer${index}@example.com.br`);
		}
		expect(texts.isPooled('email')).toBe(true);
		texts.share('email', 'one.more@example.com.br');
		expect(texts.isPooled('email')).toBe(false);
		expect(texts.share('email', 'customer1@example.com.br')).toBe('customer1@example.com.br');
		// Other fields are judged on their own.
		expect(texts.isPooled('enderecoCidade')).toBe(true);
	});

	it('does not count short values, which V8 already shares', () => {
		const texts = new RepeatedTexts();
		for (let index = 0; index < 2 * MAX_DISTINCT_VALUES; index++) {
			texts.share('codigo', `C${index}`);
		}
		expect(texts.isPooled('codigo')).toBe(true);
	});
});

describe('normalizeRecord with a pool of repeated values', () => {
	it('gives the same records as without one', () => {
		const value = fc.oneof(
			fc.constantFrom('SÃO PAULO - CAPITAL', 'PESSOA JURÍDICA', 'x'),
			fc.string(),
			fc.integer(),
			fc.constant(null),
			fc.record({ cep: fc.string(), cidade: fc.constantFrom('JOÃO PESSOA - PB', '') }),
		);
		const record = fc.dictionary(
			fc.constantFrom(
				'nome',
				'endereco_cidade',
				'tipo_prestador',
				'endereco',
				'__proto__',
				'Email',
			),
			value,
		);
		fc.assert(
			fc.property(fc.array(record, { maxLength: 20 }), (records) => {
				const texts = new RepeatedTexts();
				for (const raw of records) {
					const plain = normalizeRecord(raw, { nested: 'flatten' });
					const pooled = normalizeRecord(raw, { nested: 'flatten', texts });
					expect(pooled.record).toEqual(plain.record);
					expect(Object.keys(pooled.record)).toEqual(Object.keys(plain.record));
					expect(pooled.sourcePaths).toEqual(plain.sourcePaths);
				}
			}),
		);
	});
});
