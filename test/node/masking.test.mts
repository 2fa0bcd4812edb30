/**
 * One mask for every personal number a message quotes (CPF, CNPJ, RG, phone), however it was written:
 * its shape kept, only the last two letters or digits shown. Checked where users read it: the errors of
 * a run through the engine, for values the node checked and for text the API sent.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { setupNock } from '../harness/index.mjs';
import { API, fastRetries, runCustomerNode } from './customerNode.mjs';

setupNock();

const getByCpf = (lookupValue: string, extra: Record<string, unknown> = {}) => ({
	operation: 'get',
	lookupField: 'cpf',
	lookupValue,
	path: '/clientes',
	...extra,
});

describe('Messages mask personal numbers by one rule', () => {
	it('a short CPF to look up is shown readably and never in clear, in the message or its description', async () => {
		const result = await runCustomerNode({ parameters: getByCpf('12345') });

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			"Item 0: the CPF to look up is not valid - must have 11 digits, found 5 ('***45')",
		);
		expect(result.error?.description).toBe(
			"Value received: '***45'. Enable \"Send Value As Entered\" to send it unchecked.",
		);
		expect(`${result.error?.message} ${result.error?.description}`).not.toContain('12345');
	});

	it('a phone is masked whether or not it looks like a document', async () => {
		const zeros = await runCustomerNode({
			parameters: getByCpf('00000000000', { lookupField: 'telefone' }),
		});
		const formatted = await runCustomerNode({
			parameters: getByCpf('(20) 98765-4321', { lookupField: 'telefone' }),
		});

		expect(zeros.error?.message).toBe(
			"Item 0: the phone to look up is not valid - area code (DDD) 00 does not exist ('*********00')",
		);
		expect(formatted.error?.message).toBe(
			"Item 0: the phone to look up is not valid - area code (DDD) 20 does not exist ('(**) *****-**21')",
		);
		expect(`${formatted.error?.message} ${formatted.error?.description}`).not.toContain('98765-4321');
	});

	it('CPFs and CNPJs the API writes with _ or : between the groups, or in full-width digits, are masked in its error text', async () => {
		const message =
			'CPF 529_982_247_25 e 529:982:247:25 já cadastrados; ５２９.９８２.２４７-２５ bloqueado; CNPJ 11_222_333_0001_81';
		nock(API).get('/api/clientes').query({ cpf: '52998224725' }).reply(400, { message });

		const result = await runCustomerNode({
			parameters: getByCpf('529.982.247-25', { options: fastRetries }),
		});

		expect(result.status).toBe('error');
		expect(result.error?.description).toBe(
			'The API said: CPF ***_***_***_25 e ***:***:***:25 já cadastrados; ***.***.***-２５ bloqueado; CNPJ **_***_***_****_81',
		);
	});

	it("an API's long message is cut, and the message says how long it was", async () => {
		const message = `Cliente inválido: ${'x'.repeat(1_000_000)}`;
		nock(API).get('/api/clientes').query({ cpf: '52998224725' }).reply(400, { message });

		const result = await runCustomerNode({
			parameters: getByCpf('529.982.247-25', { options: fastRetries }),
		});

		const description = String(result.error?.description);
		expect(description).toMatch(/^The API said: Cliente inválido: x+…\(1000018 characters\)$/);
		expect(description.length).toBeLessThan(300);
	});
});
