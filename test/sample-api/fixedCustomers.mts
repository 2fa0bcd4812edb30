/**
 * Records every generated dataset starts with, so tests and demo workflows can look them up by a
 * known value. C0005 is the seed's own documentation example, placeholders and all.
 */

import { SEED_RECORD } from '../fixtures/seedRecord.mts';
import type { InvalidRecordNote, RawCustomer } from './dataset.mts';

/** Codes of the fixed records, by what they are useful for. */
export const FIXED_CODES = {
	/** Valid person, masked CPF 529.982.247-25, e-mail maria.silva@example.com.br, phone (11) 98765-4321. */
	validPerson: 'C0001',
	/** Company with the alphanumeric CNPJ 12.ABC.345/01DE-35 (the RFB's own example). */
	alphanumericCnpjCompany: 'C0002',
	/** Company with the numeric, unmasked CNPJ 11222333000181; inactive (`ativo: "FALSE"`). */
	numericCnpjCompany: 'C0003',
	/** Person with an unmasked CPF and a nested `endereco` object; upper-case e-mail. */
	nestedAddress: 'C0004',
	/** The seed's documentation example itself: placeholder CPF, date and phones (invalid). */
	seedPlaceholder: 'C0005',
} as const;

/**
 * Records every generated dataset starts with (when it has room for them), so tests and demo
 * workflows can look them up by a known value. Treat as read-only: the generator copies them.
 */
export const FIXED_CUSTOMERS: readonly RawCustomer[] = [
	{
		nome: 'MARIA APARECIDA DA SILVA',
		codigo: 'C0001',
		cpf: '529.982.247-25',
		data_nascimen: '15/03/1985',
		crm: '123456',
		email: 'maria.silva@example.com.br',
		telefone: '(11) 98765-4321',
		telefone_2: '1134567890',
		estadoCivil: 'CASADO(A)',
		genero: 'F',
		rg: '12.345.678-9',
		tipo_prestador: 'PESSOA FÍSICA',
		especialidade: 'DERMATOLOGISTA',
		endereco_logradouro: 'AVENIDA PAULISTA',
		enderecoNumero: '1578',
		endereco_complemento: 'CONJ 101',
		endereco_bairro: 'BELA VISTA',
		endereco_cep: '01310-200',
		endereco_cidade: 'SÃO PAULO',
		endereco_estado: 'SP',
		pos_graduacao: 'SIM',
		ativo: 'TRUE',
	},
	{
		nome: 'CLÍNICA ABC SAÚDE LTDA',
		codigo: 'C0002',
		cnpj: '12.ABC.345/01DE-35',
		email: 'contato@clinica-abc.example.com',
		telefone: '8332221100',
		telefone_2: '',
		tipo_prestador: 'PESSOA JURÍDICA',
		especialidade: 'CLÍNICA GERAL',
		endereco_logradouro: 'AVENIDA EPITÁCIO PESSOA',
		enderecoNumero: '2000',
		endereco_complemento: '',
		endereco_bairro: 'TAMBAÚ',
		endereco_cep: '58039000',
		endereco_cidade: 'JOAO PESSOA',
		endereco_estado: 'PB',
		ativo: 'TRUE',
	},
	{
		nome: 'HOSPITAL EXEMPLO S.A.',
		codigo: 'C0003',
		cnpj: '11222333000181',
		email: 'faturamento@hospital-exemplo.example.com',
		telefone: '+55 21 2555-0100',
		telefone_2: '(21) 2555-0101',
		tipo_prestador: 'PESSOA JURÍDICA',
		especialidade: 'HOSPITAL GERAL',
		endereco_logradouro: 'RUA DA ASSEMBLEIA',
		enderecoNumero: '10',
		endereco_complemento: 'ANDAR 5',
		endereco_bairro: 'CENTRO',
		endereco_cep: '20011-000',
		endereco_cidade: 'RIO DE JANEIRO',
		endereco_estado: 'RJ',
		ativo: 'FALSE',
	},
	{
		nome: 'JOSÉ CARLOS PEREIRA',
		codigo: 'C0004',
		cpf: '11144477735',
		data_nascimen: '29/02/1972',
		email: 'JOSE.PEREIRA@EXAMPLE.ORG',
		telefone: '41 99876-5432',
		telefone_2: '',
		estadoCivil: 'S',
		genero: 'MASCULINO',
		rg: '7654321',
		tipo_prestador: 'PESSOA FÍSICA',
		especialidade: 'CARDIOLOGIA',
		crm: '654321',
		endereco: {
			logradouro: 'RUA DAS FLORES',
			numero: '25',
			complemento: '',
			bairro: 'CENTRO',
			cep: '80010-000',
			cidade: 'CURITIBA',
			estado: 'PR',
		},
		ativo: 'TRUE',
	},
	// The seed's own record, with a code so it can be looked up and updated (keys in the seed's order).
	{ nome: SEED_RECORD.nome, codigo: 'C0005', ...SEED_RECORD },
];

export const FIXED_INVALID: readonly InvalidRecordNote[] = [
	{ codigo: 'C0005', field: 'cpf', canonicalField: 'cpf', defect: 'cpf-repeated-digits' },
	{
		codigo: 'C0005',
		field: 'data_nascimen',
		canonicalField: 'dataNascimento',
		defect: 'date-placeholder',
	},
	{ codigo: 'C0005', field: 'telefone', canonicalField: 'telefone', defect: 'phone-ddd' },
	{ codigo: 'C0005', field: 'telefone_2', canonicalField: 'telefone2', defect: 'phone-ddd' },
];
