import { describe, expect, it } from 'vitest';

import { normalizeRecord } from '../../../nodes/CustomerIntegration/mapping/normalizeRecord';
import { keyMismatchOf } from '../../../nodes/CustomerIntegration/mapping/sameCustomer';

function mismatch(keys: Record<string, unknown>, raw: Record<string, unknown>) {
	const { record } = normalizeRecord(raw, { nested: 'flatten' });
	return keyMismatchOf(keys, record, raw);
}

describe('keyMismatchOf: is the record read the customer the path named?', () => {
	it('another code is a mismatch, reported as given', () => {
		expect(mismatch({ codigo: 'C1' }, { codigo: 'C2', nome: 'x' })).toEqual({
			key: 'codigo',
			expected: 'C1',
			found: 'C2',
		});
	});

	it('the same key written another way is the same customer', () => {
		expect(mismatch({ cpf: '52998224725' }, { cpf: '529.982.247-25' })).toBeUndefined();
		expect(mismatch({ codigo: '1' }, { codigo: 1 })).toBeUndefined();
		expect(mismatch({ codigo: 'c0001' }, { Codigo: ' C0001 ' })).toBeUndefined();
		expect(mismatch({ telefone: '11987654321' }, { fone: '(11) 98765-4321' })).toBeUndefined();
	});

	it('a key named by an alias in the template, or not a customer field, is compared too', () => {
		expect(mismatch({ code: 'C1' }, { codigo: 'C2' })).toMatchObject({ key: 'code' });
		expect(mismatch({ id: 7 }, { id: 8 })).toEqual({ key: 'id', expected: '7', found: '8' });
		expect(mismatch({ _id: 'a1' }, { _id: 'a1' })).toBeUndefined();
	});

	it('a record that does not carry the key, or carries it empty, says nothing', () => {
		expect(mismatch({ codigo: 'C1' }, { nome: 'x' })).toBeUndefined();
		expect(mismatch({ codigo: 'C1' }, { codigo: null })).toBeUndefined();
		expect(mismatch({ codigo: 'C1' }, { codigo: '  ' })).toBeUndefined();
		expect(mismatch({ codigo: 'C1' }, { codigo: { inner: 'C2' } })).toBeUndefined();
	});

	it('every key of the path must match', () => {
		expect(
			mismatch({ codigo: 'C1', cpf: '52998224725' }, { codigo: 'C1', cpf: '111.444.777-35' }),
		).toEqual({ key: 'cpf', expected: '52998224725', found: '111.444.777-35' });
	});
});
