/**
 * Throughput of the validation layer on seed-shaped customer records.
 *
 * Run:  npx tsx bench/validation.mts                  (the TypeScript sources, through tsx)
 *       npx tsx bench/validation.mts --build <dir>    (a tsc build of the package, as n8n loads it)
 * `npm run bench` runs it on its tsc build. The build is the figure that counts: through tsx every
 * import is read through a getter, which costs about a fifth of the throughput (measured: about 530k
 * records/s from the build where tsx gave 410k).
 *
 * Rates are reported by CPU time (this process's user + system time) as well as by wall time:
 * the machine is shared, and wall time then measures the other jobs too.
 *
 * 100k generated records (≈15 canonical fields: CPF, CNPJ, phones, date, CEP, UF, email, boolean,
 * plus unknown keys), one warm-up pass, then the median of 5 timed passes per scenario.
 */
import os from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { loadPackageModule } from './engine/packageCode.mts';

type Fields = typeof import('../nodes/CustomerIntegration/validation/fields');
type Kinds = typeof import('../nodes/CustomerIntegration/validation/fieldKinds');
type Schema = typeof import('../nodes/CustomerIntegration/validation/customerSchema');
type Validate = typeof import('../nodes/CustomerIntegration/validation/validateCustomer');

const buildOption = parseArgs({ options: { build: { type: 'string' } } }).values.build;
const buildDir = buildOption === undefined ? undefined : resolve(buildOption);

const [{ CUSTOMER_FIELDS }, { FIELD_KINDS }, { isAbsent }, { validateCustomer }] = await Promise.all([
	loadPackageModule<Fields>(buildDir, 'validation/fields'),
	loadPackageModule<Kinds>(buildDir, 'validation/fieldKinds'),
	loadPackageModule<Schema>(buildDir, 'validation/customerSchema'),
	loadPackageModule<Validate>(buildDir, 'validation/validateCustomer'),
]);

const RECORDS = 100_000;
const RUNS = 5;

function mulberry32(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const random = mulberry32(2026);
const int = (max: number) => Math.floor(random() * max);
const digits = (count: number) => Array.from({ length: count }, () => int(10)).join('');
const pick = <T,>(items: readonly T[]): T => items[int(items.length)];

function checkDigit(values: number[], weights: number[]): number {
	const sum = values.reduce((total, value, index) => total + value * weights[index], 0);
	return sum % 11 < 2 ? 0 : 11 - (sum % 11);
}

function cpf(): string {
	const base = Array.from({ length: 9 }, () => int(10));
	base.push(checkDigit(base, [10, 9, 8, 7, 6, 5, 4, 3, 2]));
	base.push(checkDigit(base, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]));
	const text = base.join('');
	return random() < 0.5
		? `${text.slice(0, 3)}.${text.slice(3, 6)}.${text.slice(6, 9)}-${text.slice(9)}`
		: text;
}

function cnpj(): string {
	const alphabet = random() < 0.2 ? '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ' : '0123456789';
	const chars = Array.from({ length: 12 }, () => alphabet[int(alphabet.length)]);
	const values = chars.map((char) => char.charCodeAt(0) - 48);
	values.push(checkDigit(values, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]));
	values.push(checkDigit(values, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]));
	const text = chars.join('') + values.slice(12).join('');
	return `${text.slice(0, 2)}.${text.slice(2, 5)}.${text.slice(5, 8)}/${text.slice(8, 12)}-${text.slice(12)}`;
}

const DDDS = ['11', '21', '31', '41', '48', '51', '61', '71', '81', '83', '85', '91'];
const UFS = ['SP', 'RJ', 'MG', 'PR', 'SC', 'RS', 'DF', 'BA', 'PE', 'PB', 'CE', 'PA'];
const pad2 = (value: number) => String(value).padStart(2, '0');

function mobile(): string {
	const number = '9' + digits(8);
	return random() < 0.5
		? `(${pick(DDDS)}) ${number.slice(0, 5)}-${number.slice(5)}`
		: pick(DDDS) + number;
}

function landline(): string {
	return `(${pick(DDDS)}) ${2 + int(4)}${digits(3)}-${digits(4)}`;
}

function customer(index: number): Record<string, unknown> {
	const record: Record<string, unknown> = {
		codigo: String(100000 + index),
		nome: ' JOÃO DA SILVA ',
		cpf: cpf(),
		dataNascimento: `${pad2(1 + int(28))}/${pad2(1 + int(12))}/${1940 + int(70)}`,
		crm: digits(6),
		email: `cliente${index}@exemplo.com.br`,
		telefone: landline(),
		celular: mobile(),
		estadoCivil: 'CASADO',
		genero: 'M',
		especialidade: 'DERMATOLOGISTA',
		enderecoLogradouro: 'RUA ENDEREÇO, 100',
		enderecoNumero: String(1 + int(2000)),
		enderecoBairro: 'BAIRRO ENDEREÇO',
		enderecoCidade: 'JOAO PESSOA',
		enderecoEstado: pick(UFS),
		enderecoCep: `${digits(5)}-${digits(3)}`,
		ativo: random() < 0.9 ? 'TRUE' : 'FALSE',
	};
	if (index % 3 === 0) record.cnpj = cnpj();
	return record;
}

/** One field broken per record, as real API data breaks. */
const BREAKERS: Array<(record: Record<string, unknown>) => void> = [
	(record) => (record.cpf = '000.000.000-00'),
	(record) => (record.dataNascimento = '31/02/2020'),
	(record) => (record.celular = '(20) 98765-4321'),
	(record) => (record.enderecoEstado = 'XX'),
	(record) => (record.ativo = 'TALVEZ'),
];

const valid = Array.from({ length: RECORDS }, (_, index) => customer(index));
const tenPercentInvalid = valid.map((record, index) => {
	if (index % 10 !== 0) return record;
	const copy = { ...record };
	BREAKERS[(index / 10) % BREAKERS.length](copy);
	return copy;
});

const kindOf = new Map(CUSTOMER_FIELDS.map((field) => [field.name, field.kind]));

/** The Brazilian check functions alone, no schema: the floor for what zod adds. */
function checksOnly(record: Record<string, unknown>): number {
	let failures = 0;
	for (const key in record) {
		const kind = kindOf.get(key);
		if (kind === undefined || isAbsent(record[key])) continue;
		if (!FIELD_KINDS[kind].check(record[key]).ok) failures++;
	}
	return failures;
}

/** CPU seconds of this process: on a machine shared with other jobs, wall time measures them too. */
function cpuSeconds(): number {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1e6;
}

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rate = (seconds: number, count: number) =>
	Math.round(count / seconds)
		.toLocaleString('en-US')
		.padStart(9);

function measure(
	name: string,
	records: Array<Record<string, unknown>>,
	run: (record: Record<string, unknown>) => number,
): number {
	let sink = 0;
	for (const record of records) sink += run(record);
	const wall: number[] = [];
	const cpu: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const startWall = performance.now();
		const startCpu = cpuSeconds();
		for (const record of records) sink += run(record);
		cpu.push(cpuSeconds() - startCpu);
		wall.push((performance.now() - startWall) / 1000);
	}
	const cpuMedian = median(cpu);
	console.log(
		`${name.padEnd(42)} ${rate(cpuMedian, records.length)} records/s by CPU time, ` +
			`${rate(median(wall), records.length)} by wall time ` +
			`(CPU ms: ${cpu.map((s) => (s * 1000).toFixed(0)).join(', ')}; sink ${sink})`,
	);
	return records.length / cpuMedian;
}

const normalizing = { normalize: true, required: ['codigo', 'nome'] };
const reporting = { normalize: false, required: ['codigo', 'nome'] };

console.log(
	`Node ${process.version}, ${RECORDS.toLocaleString('en-US')} records, median of ${RUNS} runs, ` +
		`load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores; ` +
		(buildDir === undefined ? 'TypeScript sources through tsx' : `tsc build in ${buildDir}`),
);
measure('check functions only (no zod), valid', valid, checksOnly);
const target = measure(
	'validateCustomer normalize, valid',
	valid,
	(record) => validateCustomer(record, normalizing).issues.length,
);
measure(
	'validateCustomer no normalize, valid',
	valid,
	(record) => validateCustomer(record, reporting).issues.length,
);
measure(
	'validateCustomer normalize, 10% invalid',
	tenPercentInvalid,
	(record) => validateCustomer(record, normalizing).issues.length,
);
console.log(
	`target 400k records/s (CPU time, normalize, valid): ${target >= 400_000 ? 'met' : 'NOT met'}`,
);
