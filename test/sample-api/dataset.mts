/**
 * The sample API's customers: shaped like the seed's example payload (flat objects, snake_case and
 * camelCase keys mixed in one record, the truncated `data_nascimen`, `ativo: "TRUE"`), seeded and
 * deterministic. About 5% of the generated records are invalid by exactly one rule, and each defect is
 * listed in `invalid` so tests know which records a validator must flag.
 *
 * Generation allocates as little as it can (repeated values are shared strings, each record is one
 * object literal): 100k records must be ready in well under two seconds on a busy two-core machine,
 * and most of that time is the garbage collector copying what survives.
 */

import {
	breakLastDigit,
	cnpjCheckDigits,
	cpfCheckDigits,
	maskCnpj,
	maskCpf,
} from './documents.mts';
import { FIXED_CUSTOMERS, FIXED_INVALID } from './fixedCustomers.mts';
import { digits, pick, seededRandom, type Random } from './random.mts';
import {
	CITIES,
	COMPANY_SUFFIXES,
	COMPANY_WORDS,
	DISTRICTS,
	EMAIL_DOMAINS,
	FIRST_NAMES,
	GENDERS,
	LAST_NAMES,
	MARITAL_STATUSES,
	SPECIALTIES,
	STREET_NAMES,
	STREETS,
	type City,
} from './vocabulary.mts';

export { FIXED_CODES, FIXED_CUSTOMERS } from './fixedCustomers.mts';

export type RawCustomer = Record<string, unknown>;

export type InvalidDefect =
	| 'cpf-check-digit'
	| 'cpf-repeated-digits'
	| 'date-placeholder'
	| 'phone-ddd'
	| 'uf'
	| 'email-without-at';

export interface InvalidRecordNote {
	codigo: string;
	/** Where the bad value is in the raw record: a key, or a dotted path for nested records. */
	field: string;
	/** The node's canonical field name for that value (see mapping/fields.ts). */
	canonicalField: string;
	defect: InvalidDefect;
}

export interface CustomerDataset {
	records: RawCustomer[];
	invalid: InvalidRecordNote[];
	/** Codes of the records whose address is a nested `endereco` object instead of flat keys. */
	nested: string[];
}

/** Every invalid record breaks one of these rules; `invalid` says which. */
const PERSON_DEFECTS: readonly InvalidDefect[] = [
	'cpf-check-digit',
	'date-placeholder',
	'phone-ddd',
	'uf',
	'email-without-at',
];
const COMPANY_DEFECTS: readonly InvalidDefect[] = ['phone-ddd', 'uf', 'email-without-at'];

const INVALID_RATE = 0.05;
const NESTED_RATE = 0.03;
const COMPANY_RATE = 0.15;
const ALPHANUMERIC_CNPJ_RATE = 0.4;

/** Multipliers coprime with 10: index → distinct document numbers without a "seen" set. */
const CPF_STRIDE = 387_420_489;
const PHONE_STRIDE = 14_348_907;
const CNPJ_STRIDE = 1_594_323;

export function customerCode(index: number): string {
	return 'C' + String(index + 1).padStart(4, '0');
}

/** Memoizes strings built from a few small choices, so 100k records share them instead of each holding a copy. */
function sharedStrings(): (key: string, build: () => string) => string {
	const cache = new Map<string, string>();
	return (key, build) => {
		let value = cache.get(key);
		if (value === undefined) {
			value = build();
			cache.set(key, value);
		}
		return value;
	};
}

interface Generator {
	random: Random;
	shared: (key: string, build: () => string) => string;
	cpfOffset: number;
	cnpjOffset: number;
	phoneOffset: number;
}

function twoDigits(value: number): string {
	return value < 10 ? '0' + value : String(value);
}

function birthDate(gen: Generator): string {
	const { random } = gen;
	const day = 1 + Math.floor(random() * 28);
	const month = 1 + Math.floor(random() * 12);
	const year = 1940 + Math.floor(random() * 66);
	return gen.shared(
		`d${day}/${month}/${year}`,
		() => `${twoDigits(day)}/${twoDigits(month)}/${year}`,
	);
}

function formatPhone(random: Random, ddd: string, number: string): string {
	const style = random();
	const split = number.length - 4;
	if (style < 0.35) return `(${ddd}) ${number.slice(0, split)}-${number.slice(split)}`;
	if (style < 0.7) return ddd + number;
	if (style < 0.85) return `+55 ${ddd} ${number.slice(0, split)}-${number.slice(split)}`;
	return `0${ddd} ${number}`;
}

function mobileNumber(gen: Generator, index: number): string {
	return '9' + String((index * PHONE_STRIDE + gen.phoneOffset) % 100_000_000).padStart(8, '0');
}

function landlineNumber(random: Random): string {
	return String(2 + Math.floor(random() * 4)) + digits(random, 7);
}

function cep(random: Random, city: City): string {
	const raw = city.cepPrefix + digits(random, 8 - city.cepPrefix.length);
	return random() < 0.5 ? `${raw.slice(0, 5)}-${raw.slice(5)}` : raw;
}

function uniqueCpf(gen: Generator, index: number): string {
	let base = String((index * CPF_STRIDE + gen.cpfOffset) % 1_000_000_000).padStart(9, '0');
	// A repeated-digit CPF passes the checksum but is invalid: keep valid records valid.
	if (/^(.)\1*$/.test(base)) base = base.slice(0, 8) + String((Number(base[8]) + 1) % 10);
	return base + cpfCheckDigits(base);
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function uniqueCnpj(gen: Generator, index: number, alphanumeric: boolean): string {
	const { random } = gen;
	// The root (8 chars) comes from the index, so roots never repeat; the branch ("ordem") is random.
	let root = String((index * CNPJ_STRIDE + gen.cnpjOffset) % 100_000_000).padStart(8, '0');
	let branch = '000' + String(1 + Math.floor(random() * 9));
	if (alphanumeric) {
		const at = Math.floor(random() * 8);
		root = root.slice(0, at) + pick(random, LETTERS) + root.slice(at + 1);
		branch = '0' + pick(random, LETTERS) + digits(random, 2);
	}
	const base = root + branch;
	return base + cnpjCheckDigits(base);
}

function asciiLower(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '.');
}

function email(gen: Generator, localPart: string, index: number): string {
	const address = `${gen.shared(localPart, () => asciiLower(localPart))}.${index + 1}@${pick(gen.random, EMAIL_DOMAINS)}`;
	return gen.random() < 0.1 ? address.toUpperCase() : address;
}

interface Address {
	logradouro: string;
	numero: string;
	complemento: string;
	bairro: string;
	cep: string;
	cidade: string;
	estado: string;
}

function address(gen: Generator, city: City): Address {
	const { random, shared } = gen;
	const street = pick(random, STREETS);
	const streetName = pick(random, STREET_NAMES);
	const number = 1 + Math.floor(random() * 3000);
	const apartment = random() < 0.6 ? 0 : 1 + Math.floor(random() * 200);
	return {
		logradouro: shared(street + streetName, () => `${street} ${streetName}`),
		numero: shared(`n${number}`, () => String(number)),
		complemento: apartment === 0 ? '' : shared(`a${apartment}`, () => `APTO ${apartment}`),
		bairro: pick(random, DISTRICTS),
		cep: cep(random, city),
		cidade: city.name,
		estado: city.uf,
	};
}

/** Flat address keys in the seed's mixed style (`endereco_cep` next to `enderecoNumero`), or one nested object. */
function addressFields(parts: Address, nested: boolean): RawCustomer {
	if (nested) return { endereco: parts };
	return {
		endereco_logradouro: parts.logradouro,
		enderecoNumero: parts.numero,
		endereco_complemento: parts.complemento,
		endereco_bairro: parts.bairro,
		endereco_cep: parts.cep,
		endereco_cidade: parts.cidade,
		endereco_estado: parts.estado,
	};
}

function person(gen: Generator, index: number, nested: boolean): RawCustomer {
	const { random, shared } = gen;
	const city = pick(random, CITIES);
	const first = pick(random, FIRST_NAMES);
	const middle = pick(random, LAST_NAMES);
	const last = pick(random, LAST_NAMES);
	const cpf = uniqueCpf(gen, index);
	const rgStyle = random();
	return {
		nome: shared(`${first} ${middle} ${last}`, () => `${first} ${middle} ${last}`),
		codigo: customerCode(index),
		cpf: random() < 0.5 ? maskCpf(cpf) : cpf,
		data_nascimen: birthDate(gen),
		crm: random() < 0.5 ? digits(random, 6) : '',
		email: email(gen, `${first}.${last}`, index),
		telefone: formatPhone(random, city.ddd, mobileNumber(gen, index)),
		telefone_2: random() < 0.5 ? formatPhone(random, city.ddd, landlineNumber(random)) : '',
		estadoCivil: pick(random, MARITAL_STATUSES),
		genero: pick(random, GENDERS),
		rg: rgStyle < 0.5 ? digits(random, 8) + '-' + Math.floor(random() * 10) : digits(random, 7),
		tipo_prestador: 'PESSOA FÍSICA',
		especialidade: pick(random, SPECIALTIES),
		...addressFields(address(gen, city), nested),
		pos_graduacao: random() < 0.3 ? 'SIM' : 'NÃO',
		ativo: random() < 0.9 ? 'TRUE' : 'FALSE',
	};
}

function company(gen: Generator, index: number, nested: boolean): RawCustomer {
	const { random, shared } = gen;
	const city = pick(random, CITIES);
	const cnpj = uniqueCnpj(gen, index, random() < ALPHANUMERIC_CNPJ_RATE);
	const kind = pick(random, COMPANY_WORDS);
	const family = pick(random, LAST_NAMES);
	const suffix = pick(random, COMPANY_SUFFIXES);
	return {
		nome: shared(kind + family + suffix, () => `${kind} ${family} ${suffix}`),
		codigo: customerCode(index),
		cnpj: random() < 0.5 ? maskCnpj(cnpj) : cnpj,
		email: email(gen, `contato.${family}`, index),
		telefone: formatPhone(random, city.ddd, landlineNumber(random)),
		telefone_2: random() < 0.5 ? formatPhone(random, city.ddd, mobileNumber(gen, index)) : '',
		tipo_prestador: 'PESSOA JURÍDICA',
		especialidade: pick(random, SPECIALTIES),
		...addressFields(address(gen, city), nested),
		ativo: random() < 0.9 ? 'TRUE' : 'FALSE',
	};
}

/** Applies one defect in place and says where it is. */
function breakRecord(
	record: RawCustomer,
	defect: InvalidDefect,
	nested: boolean,
): InvalidRecordNote {
	const codigo = String(record.codigo);
	switch (defect) {
		case 'cpf-check-digit':
			record.cpf = breakLastDigit(String(record.cpf));
			return { codigo, field: 'cpf', canonicalField: 'cpf', defect };
		case 'cpf-repeated-digits':
			record.cpf = '111.111.111-11';
			return { codigo, field: 'cpf', canonicalField: 'cpf', defect };
		case 'date-placeholder':
			record.data_nascimen = '00/00/0000';
			return { codigo, field: 'data_nascimen', canonicalField: 'dataNascimento', defect };
		case 'phone-ddd':
			record.telefone = '(20) 98765-4321';
			return { codigo, field: 'telefone', canonicalField: 'telefone', defect };
		case 'uf':
			if (nested) {
				record.endereco = { ...(record.endereco as Address), estado: 'XX' };
				return { codigo, field: 'endereco.estado', canonicalField: 'enderecoEstado', defect };
			}
			record.endereco_estado = 'XX';
			return { codigo, field: 'endereco_estado', canonicalField: 'enderecoEstado', defect };
		case 'email-without-at':
			record.email = String(record.email).replace('@', '.');
			return { codigo, field: 'email', canonicalField: 'email', defect };
	}
}

function copyFixed(record: RawCustomer): RawCustomer {
	const copy = { ...record };
	if (typeof copy.endereco === 'object' && copy.endereco !== null)
		copy.endereco = { ...copy.endereco };
	return copy;
}

/**
 * `count` customers ordered by codigo (C0001, C0002, …): the fixed records first, then generated ones.
 * Same (count, seed) → same dataset.
 */
export function generateDataset(count: number, seed = 1): CustomerDataset {
	if (!Number.isInteger(count) || count < 0)
		throw new RangeError('count must be a non-negative integer');
	const random = seededRandom(seed);
	const gen: Generator = {
		random,
		shared: sharedStrings(),
		cpfOffset: Math.floor(random() * 1_000_000_000),
		cnpjOffset: Math.floor(random() * 100_000_000),
		phoneOffset: Math.floor(random() * 100_000_000),
	};
	const records: RawCustomer[] = [];
	const invalid: InvalidRecordNote[] = [];
	const nested: string[] = [];
	const fixedCount = Math.min(count, FIXED_CUSTOMERS.length);
	for (let i = 0; i < fixedCount; i++) {
		const record = copyFixed(FIXED_CUSTOMERS[i]);
		if (typeof record.endereco === 'object') nested.push(String(record.codigo));
		records.push(record);
	}
	const fixedCodes = new Set(records.map((record) => record.codigo));
	invalid.push(...FIXED_INVALID.filter((note) => fixedCodes.has(note.codigo)));
	for (let i = fixedCount; i < count; i++) {
		const isNested = random() < NESTED_RATE;
		const isCompany = random() < COMPANY_RATE;
		const record = isCompany ? company(gen, i, isNested) : person(gen, i, isNested);
		if (isNested) nested.push(String(record.codigo));
		if (random() < INVALID_RATE) {
			invalid.push(
				breakRecord(record, pick(random, isCompany ? COMPANY_DEFECTS : PERSON_DEFECTS), isNested),
			);
		}
		records.push(record);
	}
	return { records, invalid, nested };
}

export function generateCustomers(count: number, seed = 1): RawCustomer[] {
	return generateDataset(count, seed).records;
}
