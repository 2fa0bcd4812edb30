import type { FieldKind } from './fieldKinds';

/**
 * The canonical customer: the level-one fields of the "Integração com cliente" contract, named in the
 * camelCase the contract itself uses for the address (`enderecoCep`), with the aliases real APIs use.
 *
 * Aliases are compared after `normalizeKey` (lowercase, no accents, no separators), so `data_nascimento`,
 * `dataNascimento` and `Data de Nascimento` need one entry: `datanascimento`.
 */

export interface CanonicalField {
	name: string;
	displayName: string;
	kind: FieldKind;
	/** Normalized aliases (see normalizeKey); the canonical name's own normalized form is always included. */
	aliases: string[];
}

/** Prefixes of flat address keys (`endereco_cep`, `addressZip`), and the usual names of a nested address object. */
export const ADDRESS_PREFIXES: readonly string[] = ['endereco', 'address', 'end'];

function address(
	name: string,
	displayName: string,
	kind: FieldKind,
	parts: string[],
): CanonicalField {
	const aliases = new Set<string>(parts);
	for (const prefix of ADDRESS_PREFIXES) for (const part of parts) aliases.add(prefix + part);
	return { name, displayName, kind, aliases: [...aliases] };
}

export const CUSTOMER_FIELDS: readonly CanonicalField[] = [
	{
		name: 'codigo',
		displayName: 'Code',
		kind: 'code',
		aliases: ['codigo', 'cod', 'codcliente', 'codigocliente', 'code', 'customercode', 'codcli'],
	},
	{
		name: 'nome',
		displayName: 'Name',
		kind: 'text',
		aliases: ['nome', 'nomecompleto', 'nomecliente', 'name', 'fullname', 'customername'],
	},
	{
		name: 'cpf',
		displayName: 'CPF',
		kind: 'cpf',
		aliases: ['cpf', 'nrcpf', 'numerocpf', 'numcpf', 'cpfcliente'],
	},
	{
		name: 'cnpj',
		displayName: 'CNPJ',
		kind: 'cnpj',
		aliases: ['cnpj', 'nrcnpj', 'numerocnpj', 'numcnpj', 'cnpjcliente'],
	},
	{
		name: 'documento',
		displayName: 'Document (CPF or CNPJ)',
		kind: 'document',
		aliases: ['documento', 'cpfcnpj', 'cnpjcpf', 'document', 'taxid'],
	},
	{
		name: 'rg',
		displayName: 'RG',
		kind: 'rg',
		aliases: ['rg', 'nrrg', 'numerorg', 'numrg', 'identidade', 'carteiraidentidade'],
	},
	{
		name: 'dataNascimento',
		displayName: 'Birth Date',
		kind: 'date',
		aliases: [
			'datanascimento',
			'datadenascimento',
			'dtnascimento',
			'dtnasc',
			'dtnascto',
			'nascimento',
			'birthdate',
			'birthday',
			'dateofbirth',
			'dob',
		],
	},
	{
		name: 'email',
		displayName: 'Email',
		kind: 'email',
		aliases: [
			'email',
			'mail',
			'emailaddress',
			'enderecoemail',
			'emailcliente',
			'correioeletronico',
		],
	},
	{
		name: 'telefone',
		displayName: 'Phone',
		kind: 'phone',
		aliases: [
			'telefone',
			'telefone1',
			'fone',
			'fone1',
			'tel',
			'phone',
			'phone1',
			'telephone',
			'phonenumber',
			'telefonefixo',
			'fonefixo',
			'telefoneresidencial',
			'homephone',
			'landline',
		],
	},
	{
		name: 'telefone2',
		displayName: 'Phone 2',
		kind: 'phone',
		aliases: ['telefone2', 'fone2', 'tel2', 'phone2'],
	},
	{
		name: 'celular',
		displayName: 'Mobile Phone',
		kind: 'phone',
		aliases: [
			'celular',
			'celular1',
			'cel',
			'telefonecelular',
			'fonecelular',
			'mobile',
			'mobilephone',
			'cellphone',
			'whatsapp',
		],
	},
	{
		name: 'estadoCivil',
		displayName: 'Marital Status',
		kind: 'text',
		aliases: ['estadocivil', 'estcivil', 'maritalstatus'],
	},
	{
		name: 'genero',
		displayName: 'Gender',
		kind: 'text',
		aliases: ['genero', 'sexo', 'gender', 'sex'],
	},
	address('enderecoLogradouro', 'Address Street', 'text', [
		'logradouro',
		'rua',
		'street',
		'endereco',
		'address',
	]),
	address('enderecoNumero', 'Address Number', 'text', [
		'numero',
		'number',
		'nro',
		'streetnumber',
		'housenumber',
	]),
	address('enderecoComplemento', 'Address Complement', 'text', [
		'complemento',
		'compl',
		'complement',
	]),
	address('enderecoBairro', 'Address District', 'text', ['bairro', 'district', 'neighborhood']),
	address('enderecoCidade', 'Address City', 'text', ['cidade', 'municipio', 'city']),
	address('enderecoEstado', 'Address State (UF)', 'uf', ['estado', 'uf', 'siglauf', 'state']),
	address('enderecoCep', 'Address CEP', 'cep', [
		'cep',
		'codigopostal',
		'zip',
		'zipcode',
		'postalcode',
	]),
	address('enderecoPontoReferencia', 'Address Reference Point', 'text', [
		'pontoreferencia',
		'pontodereferencia',
		'referencia',
		'landmark',
	]),
	{
		name: 'ativo',
		displayName: 'Active',
		kind: 'boolean',
		aliases: ['ativo', 'active', 'isactive', 'enabled'],
	},
];

export const FIELD_BY_NAME: ReadonlyMap<string, CanonicalField> = new Map(
	CUSTOMER_FIELDS.map((field) => [field.name, field]),
);

/** Lowercase, accents removed, separators (`_`, `-`, `.`, spaces) removed: `Data_Nascimen` → `datanascimen`. */
export function normalizeKey(key: string): string {
	return key
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '');
}
