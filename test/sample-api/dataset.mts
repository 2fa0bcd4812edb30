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
	/** The node's canonical field name for that value (see validation/fields.ts). */
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
type GeneratedDefect = Exclude<InvalidDefect, 'cpf-repeated-digits'>;

const PERSON_DEFECTS: readonly GeneratedDefect[] = [
	'cpf-check-digit',
	'date-placeholder',
	'phone-ddd',
	'uf',
	'email-without-at',
];
const COMPANY_DEFECTS: readonly GeneratedDefect[] = ['phone-ddd', 'uf', 'email-without-at'];

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

/**
 * Every string built from a few small choices (a name, a birth date, a street, a house number) is made
 * once, in a table shared by all datasets: records point at these instead of each holding a copy.
 */
interface Tables {
	personNames: string[];
	companyNames: string[];
	personEmailLocals: string[];
	companyEmailLocals: string[];
	dates: string[];
	streets: string[];
	houseNumbers: string[];
	apartments: string[];
}

const BIRTH_YEARS = 66;
const HOUSE_NUMBERS = 3000;
const APARTMENTS = 200;

let sharedTables: Tables | undefined;

function asciiLower(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '.');
}

function twoDigits(value: number): string {
	return value < 10 ? '0' + value : String(value);
}

function tables(): Tables {
	if (sharedTables) return sharedTables;
	const personNames: string[] = [];
	for (const first of FIRST_NAMES)
		for (const middle of LAST_NAMES)
			for (const last of LAST_NAMES) personNames.push(`${first} ${middle} ${last}`);
	const companyNames: string[] = [];
	for (const kind of COMPANY_WORDS)
		for (const family of LAST_NAMES)
			for (const suffix of COMPANY_SUFFIXES) companyNames.push(`${kind} ${family} ${suffix}`);
	const personEmailLocals: string[] = [];
	for (const first of FIRST_NAMES)
		for (const last of LAST_NAMES) personEmailLocals.push(asciiLower(`${first}.${last}`));
	const dates: string[] = [];
	for (let year = 0; year < BIRTH_YEARS; year++)
		for (let month = 1; month <= 12; month++)
			for (let day = 1; day <= 28; day++)
				dates.push(`${twoDigits(day)}/${twoDigits(month)}/${1940 + year}`);
	const streets: string[] = [];
	for (const street of STREETS) for (const name of STREET_NAMES) streets.push(`${street} ${name}`);
	sharedTables = {
		personNames,
		companyNames,
		personEmailLocals,
		companyEmailLocals: LAST_NAMES.map((family) => asciiLower(`contato.${family}`)),
		dates,
		streets,
		houseNumbers: Array.from({ length: HOUSE_NUMBERS }, (_, i) => String(i + 1)),
		apartments: Array.from({ length: APARTMENTS }, (_, i) => `APTO ${i + 1}`),
	};
	return sharedTables;
}

/**
 * Concatenation leaves a tree of "cons" string pieces; reading a character makes V8 flatten it into one
 * string, and the garbage collector then drops the pieces. Per-record strings are flattened so the
 * dataset keeps one small object per value, not a tree.
 */
function flat(text: string): string {
	text.charCodeAt(0);
	return text;
}

interface Generator {
	random: Random;
	tables: Tables;
	cpfOffset: number;
	cnpjOffset: number;
	phoneOffset: number;
}

function index(random: Random, length: number): number {
	return Math.floor(random() * length);
}

function formatPhone(random: Random, ddd: string, number: string): string {
	const style = random();
	const split = number.length - 4;
	if (style < 0.35) return flat(`(${ddd}) ${number.slice(0, split)}-${number.slice(split)}`);
	if (style < 0.7) return flat(ddd + number);
	if (style < 0.85) return flat(`+55 ${ddd} ${number.slice(0, split)}-${number.slice(split)}`);
	return flat(`0${ddd} ${number}`);
}

function mobileNumber(gen: Generator, position: number): string {
	return '9' + String((position * PHONE_STRIDE + gen.phoneOffset) % 100_000_000).padStart(8, '0');
}

function landlineNumber(random: Random): string {
	return String(2 + index(random, 4)) + digits(random, 7);
}

function cep(random: Random, city: City): string {
	const raw = city.cepPrefix + digits(random, 8 - city.cepPrefix.length);
	return flat(random() < 0.5 ? `${raw.slice(0, 5)}-${raw.slice(5)}` : raw);
}

function uniqueCpf(gen: Generator, position: number): string {
	let base = String((position * CPF_STRIDE + gen.cpfOffset) % 1_000_000_000).padStart(9, '0');
	// A repeated-digit CPF passes the checksum but is invalid: keep valid records valid.
	if (/^(.)\1*$/.test(base)) base = base.slice(0, 8) + String((Number(base[8]) + 1) % 10);
	return base + cpfCheckDigits(base);
}

const LETTERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];

function uniqueCnpj(gen: Generator, position: number, alphanumeric: boolean): string {
	const { random } = gen;
	// The root (8 chars) comes from the position, so roots never repeat; the branch ("ordem") is random.
	let root = String((position * CNPJ_STRIDE + gen.cnpjOffset) % 100_000_000).padStart(8, '0');
	let branch = '000' + String(1 + index(random, 9));
	if (alphanumeric) {
		const at = index(random, 8);
		root = root.slice(0, at) + pick(random, LETTERS) + root.slice(at + 1);
		branch = '0' + pick(random, LETTERS) + digits(random, 2);
	}
	const base = root + branch;
	return base + cnpjCheckDigits(base);
}

function email(random: Random, local: string, position: number): string {
	const address = `${local}.${position + 1}@${pick(random, EMAIL_DOMAINS)}`;
	return flat(random() < 0.1 ? address.toUpperCase() : address);
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
	const { random, tables: shared } = gen;
	const logradouro = shared.streets[index(random, shared.streets.length)];
	const numero = shared.houseNumbers[index(random, HOUSE_NUMBERS)];
	const complemento = random() < 0.6 ? '' : shared.apartments[index(random, APARTMENTS)];
	return {
		logradouro,
		numero,
		complemento,
		bairro: pick(random, DISTRICTS),
		cep: cep(random, city),
		cidade: city.name,
		estado: city.uf,
	};
}

/*
 * A record is written as one object literal, with its address keys in the seed's mixed style
 * (`endereco_cep` next to `enderecoNumero`) or as one nested `endereco` object: a literal (not a spread)
 * gives each record in-object properties and no temporary objects.
 */

function person(gen: Generator, position: number, nested: boolean): RawCustomer {
	const { random, tables: shared } = gen;
	const city = pick(random, CITIES);
	const first = index(random, FIRST_NAMES.length);
	const middle = index(random, LAST_NAMES.length);
	const last = index(random, LAST_NAMES.length);
	const nome = shared.personNames[(first * LAST_NAMES.length + middle) * LAST_NAMES.length + last];
	const codigo = customerCode(position);
	const cpfDigits = uniqueCpf(gen, position);
	const cpf = random() < 0.5 ? flat(maskCpf(cpfDigits)) : cpfDigits;
	const dataNascimento = shared.dates[index(random, shared.dates.length)];
	const crm = random() < 0.5 ? digits(random, 6) : '';
	const mail = email(random, shared.personEmailLocals[first * LAST_NAMES.length + last], position);
	const telefone = formatPhone(random, city.ddd, mobileNumber(gen, position));
	const telefone2 = random() < 0.5 ? formatPhone(random, city.ddd, landlineNumber(random)) : '';
	const estadoCivil = pick(random, MARITAL_STATUSES);
	const genero = pick(random, GENDERS);
	const rg = random() < 0.5 ? flat(digits(random, 8) + '-' + index(random, 10)) : digits(random, 7);
	const especialidade = pick(random, SPECIALTIES);
	const place = address(gen, city);
	const posGraduacao = random() < 0.3 ? 'SIM' : 'NÃO';
	const ativo = random() < 0.9 ? 'TRUE' : 'FALSE';
	if (nested) {
		return {
			nome,
			codigo,
			cpf,
			data_nascimen: dataNascimento,
			crm,
			email: mail,
			telefone,
			telefone_2: telefone2,
			estadoCivil,
			genero,
			rg,
			tipo_prestador: 'PESSOA FÍSICA',
			especialidade,
			endereco: place,
			pos_graduacao: posGraduacao,
			ativo,
		};
	}
	return {
		nome,
		codigo,
		cpf,
		data_nascimen: dataNascimento,
		crm,
		email: mail,
		telefone,
		telefone_2: telefone2,
		estadoCivil,
		genero,
		rg,
		tipo_prestador: 'PESSOA FÍSICA',
		especialidade,
		endereco_logradouro: place.logradouro,
		enderecoNumero: place.numero,
		endereco_complemento: place.complemento,
		endereco_bairro: place.bairro,
		endereco_cep: place.cep,
		endereco_cidade: place.cidade,
		endereco_estado: place.estado,
		pos_graduacao: posGraduacao,
		ativo,
	};
}

function company(gen: Generator, position: number, nested: boolean): RawCustomer {
	const { random, tables: shared } = gen;
	const city = pick(random, CITIES);
	const cnpjDigits = uniqueCnpj(gen, position, random() < ALPHANUMERIC_CNPJ_RATE);
	const kind = index(random, COMPANY_WORDS.length);
	const family = index(random, LAST_NAMES.length);
	const suffix = index(random, COMPANY_SUFFIXES.length);
	const nome =
		shared.companyNames[(kind * LAST_NAMES.length + family) * COMPANY_SUFFIXES.length + suffix];
	const codigo = customerCode(position);
	const cnpj = flat(random() < 0.5 ? maskCnpj(cnpjDigits) : cnpjDigits);
	const mail = email(random, shared.companyEmailLocals[family], position);
	const telefone = formatPhone(random, city.ddd, landlineNumber(random));
	const telefone2 =
		random() < 0.5 ? formatPhone(random, city.ddd, mobileNumber(gen, position)) : '';
	const especialidade = pick(random, SPECIALTIES);
	const place = address(gen, city);
	const ativo = random() < 0.9 ? 'TRUE' : 'FALSE';
	if (nested) {
		return {
			nome,
			codigo,
			cnpj,
			email: mail,
			telefone,
			telefone_2: telefone2,
			tipo_prestador: 'PESSOA JURÍDICA',
			especialidade,
			endereco: place,
			ativo,
		};
	}
	return {
		nome,
		codigo,
		cnpj,
		email: mail,
		telefone,
		telefone_2: telefone2,
		tipo_prestador: 'PESSOA JURÍDICA',
		especialidade,
		endereco_logradouro: place.logradouro,
		enderecoNumero: place.numero,
		endereco_complemento: place.complemento,
		endereco_bairro: place.bairro,
		endereco_cep: place.cep,
		endereco_cidade: place.cidade,
		endereco_estado: place.estado,
		ativo,
	};
}

/** Applies one defect in place and says where it is. */
function breakRecord(
	record: RawCustomer,
	defect: GeneratedDefect,
	nested: boolean,
): InvalidRecordNote {
	const codigo = String(record.codigo);
	switch (defect) {
		case 'cpf-check-digit':
			record.cpf = breakLastDigit(String(record.cpf));
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
		tables: tables(),
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
