import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { setupNock } from '../harness/index.mjs';
import { ANA, API, runCustomerNode, SEED_RECORD } from './customerNode.mjs';

setupNock();

const INVALID = {
	codigo: 'C0009',
	nome: 'Bruno',
	cpf: '529.982.247-24',
	telefone: '(20) 98765-4321',
	endereco_estado: 'XX',
};

const listAll = (validationMode: string, extra: Record<string, unknown> = {}) => ({
	operation: 'getAll',
	path: '/clientes',
	returnAll: true,
	pagination: 'none',
	validationMode,
	...extra,
});

describe('Validation modes', () => {
	it('strict: an invalid record fails the item, naming the item, the record, each field and rule, masking the CPF and the phone', async () => {
		nock(API).get('/api/clientes').reply(200, [ANA, INVALID]);

		const result = await runCustomerNode({ parameters: listAll('strict') });

		expect(result.status).toBe('error');
		const message = result.error?.message ?? '';
		expect(message).toMatch(/^Item 0: customer C0009 is invalid - /);
		expect(message).toContain("cpf: check digits do not match ('***.***.***-24')");
		// A phone is masked by the same rule as a document, valid-looking or not.
		expect(message).toContain("telefone: area code (DDD) 20 does not exist ('(**) *****-**21')");
		expect(message).not.toContain('98765-4321');
		expect(message).toMatch(/enderecoEstado: /);
		expect(JSON.stringify(result.run)).not.toContain('52998224724');
		expect(result.outputs).toEqual([]);
	});

	it('strict with continue on error: the failing item becomes one error item; other items go on', async () => {
		nock(API).get('/api/clientes').query({ lote: '1' }).reply(200, [INVALID]);
		nock(API).get('/api/clientes').query({ lote: '2' }).reply(200, [ANA]);

		const result = await runCustomerNode({
			parameters: listAll('strict', {
				filters: { filter: [{ name: 'lote', value: '={{ $json.lote }}' }] },
			}),
			input: [{ json: { lote: '1' } }, { json: { lote: '2' } }],
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.status).toBe('success');
		expect(result.json[0]).toHaveLength(2);
		expect(result.json[0][0].error).toMatch(/^Item 0: customer C0009 is invalid/);
		expect(result.outputs[0][0].pairedItem).toEqual({ item: 0 });
		expect(result.json[0][1].codigo).toBe('C0001');
		expect(result.outputs[0][1].pairedItem).toEqual({ item: 1 });
	});

	it('route: valid records on the first output, invalid ones with their problems on the second', async () => {
		nock(API)
			.get('/api/clientes')
			.reply(200, [ANA, INVALID, { ...ANA, codigo: 'C0002' }]);

		const result = await runCustomerNode({ parameters: listAll('route') });

		expect(result.status).toBe('success');
		expect(result.json).toHaveLength(2);
		expect(result.json[0].map((customer) => customer.codigo)).toEqual(['C0001', 'C0002']);
		expect(result.json[1]).toHaveLength(1);
		const invalid = result.json[1][0];
		expect(invalid.codigo).toBe('C0009');
		const validation = invalid._validation as {
			valid: boolean;
			issues: Array<{ field: string; rule: string }>;
		};
		expect(validation.valid).toBe(false);
		expect(validation.issues.map((issue) => `${issue.field}:${issue.rule}`)).toEqual(
			expect.arrayContaining(['cpf:checkDigits', 'telefone:ddd', 'enderecoEstado:state']),
		);
	});

	it('report: every record out, each with its list of problems; the seed example record has precise ones', async () => {
		nock(API).get('/api/clientes').reply(200, [ANA, SEED_RECORD]);

		const result = await runCustomerNode({ parameters: listAll('report') });

		expect(result.status).toBe('success');
		expect(result.json).toHaveLength(1);
		const [ana, seed] = result.json[0];
		expect(ana._validation).toEqual({ valid: true, issues: [] });
		const issues = (seed._validation as { issues: Array<{ field: string; rule: string }> }).issues;
		expect(issues.map((issue) => `${issue.field}:${issue.rule}`).sort()).toEqual([
			'cpf:repeatedDigits',
			'dataNascimento:calendar',
			'telefone2:ddd',
			'telefone:ddd',
		]);
		// Unknown fields of the seed pass through unchanged, known ones get canonical names.
		expect(seed).toMatchObject({
			nome: 'JOÃO DA SILVA',
			crm: '000000',
			tipo_prestador: 'PESSOA FÍSICA',
			especialidade: 'DERMATOLOGISTA',
			pos_graduacao: 'SIM',
			enderecoLogradouro: 'RUA ENDEREÇO, 100',
			enderecoEstado: 'PB',
			ativo: true,
		});
	});

	it('strict: the seed example record is invalid', async () => {
		nock(API).get('/api/clientes').reply(200, [SEED_RECORD]);

		const result = await runCustomerNode({ parameters: listAll('strict') });

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('cpf: a repeated-digit sequence is not a valid CPF');
		expect(result.error?.message).toContain('dataNascimento: not a calendar date');
	});

	it('required fields make a record without them invalid', async () => {
		nock(API)
			.get('/api/clientes')
			.reply(200, [{ codigo: 'C7', nome: 'Sem e-mail' }]);

		const result = await runCustomerNode({
			parameters: listAll('route', { options: { requiredFields: ['email', 'nome'] } }),
		});

		expect(result.json[0]).toEqual([]);
		const issues = (
			result.json[1][0]._validation as { issues: Array<{ field: string; rule: string }> }
		).issues;
		expect(issues).toEqual([expect.objectContaining({ field: 'email', rule: 'required' })]);
	});

	it('values of the wrong type are problems, not crashes', async () => {
		nock(API)
			.get('/api/clientes')
			.reply(200, [{ codigo: 'C8', cpf: 52998224725, telefone: ['11987654321', '1133334444'] }]);

		const result = await runCustomerNode({ parameters: listAll('report') });

		expect(result.status).toBe('success');
		const issues = (
			result.json[0][0]._validation as { issues: Array<{ field: string; rule: string }> }
		).issues;
		expect(issues.map((issue) => `${issue.field}:${issue.rule}`)).toEqual(
			expect.arrayContaining(['cpf:type', 'telefone:type']),
		);
	});
});
