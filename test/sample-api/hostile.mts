/**
 * Payloads a real customer API has been seen to send, for the node's parsing and shape checks:
 * served by `GET /api/hostile/{kind}` or injected into ordinary routes by a fault plan
 * (`kinds: ['hostile:seed-example']`). All are status 200 unless said otherwise.
 */

import { type Reply, type StreamedBody } from './reply.mts';

export const HOSTILE_KINDS = [
	/** Plain text (an Oracle error) sent as `application/json`. */
	'non-json',
	/** An HTML "session expired" page with status 200. */
	'html-200',
	/** The seed's own example payload, verbatim: curly quotes, missing commas. */
	'seed-example',
	/** One record as an object, not in an array. */
	'bare-object',
	/** The JSON literal `null`. */
	'null',
	/** Status 200, `application/json`, zero bytes. */
	'empty',
	/** A JSON object with no array in it anywhere. */
	'wrapper-without-array',
	/** A record whose address nests until the document is `depth` (default 50) containers deep. */
	'deep-nesting',
	/** One record with `keys` (default 10,000) keys. */
	'many-keys',
	/** Keys repeated in the JSON text: `cpf` and `email` twice; JSON.parse keeps the last. */
	'duplicate-keys',
	/** A valid JSON array of `mb` (default 50) MB, generated while streamed. */
	'huge',
	/** Latin-1 bytes labelled `charset=utf-8` (invalid UTF-8). */
	'non-utf8',
	/** Numbers for CPF/CNPJ/CEP (leading zeros lost), arrays and objects for phones, booleans, null. */
	'wrong-types',
	/** A UTF-8 byte order mark before an otherwise valid JSON array. */
	'bom',
] as const;

export type HostileKind = (typeof HOSTILE_KINDS)[number];

export function isHostileKind(value: string): value is HostileKind {
	return (HOSTILE_KINDS as readonly string[]).includes(value);
}

/**
 * The example payload of the seed's help page ("Configurar API externa à Integração com cliente"),
 * byte for byte: typographic quotes, a missing colon after "endereco_bairro" and missing commas.
 * Embedded because CI has no copy of the seed folder.
 */
export const SEED_EXAMPLE_PAYLOAD =
	'[ { "nome": "JOÃO DA SILVA”, “cpf”: “00000000000”, “data_nascimen”: “00/00/0000”, “crm”: "000000", “email”: “email@email.com”, “telefone”: “00000000000”, “telefone_2”: “00000000000”, “tipo_prestador”: “PESSOA FÍSICA”, “especialidade”: “DERMATOLOGISTA”, “endereco_logradouro”: “RUA ENDEREÇO, 100”, “endereco_complemento”: “1 A”, “endereco_cep”: “00000000”, “endereco_bairro” “BAIRRO ENDEREÇO”, “endereco_cidade”: “JOAO PESSOA”, "endereco_estado”: “PB” "pos_graduacao": "SIM”, “ativo”: “TRUE” } ]';

export interface HostileOptions {
	/** For 'huge'; default 50. */
	megabytes?: number;
	/** For 'deep-nesting': containers from the outer array to the innermost object; default 50. */
	depth?: number;
	/** For 'many-keys'; default 10,000. */
	keys?: number;
}

export const HOSTILE_DEFAULTS = { megabytes: 50, depth: 50, keys: 10_000 } as const;

const JSON_UTF8 = 'application/json; charset=utf-8';

const SAMPLE_RECORD = {
	codigo: 'C0001',
	nome: 'MARIA APARECIDA DA SILVA',
	cpf: '529.982.247-25',
	email: 'maria.silva@example.com.br',
	telefone: '(11) 98765-4321',
	ativo: 'TRUE',
};

function body(text: string | Buffer, contentType = JSON_UTF8): Reply {
	return { status: 200, headers: { 'content-type': contentType }, body: text };
}

function deepNesting(depth: number): string {
	// Array (1) → record (2) → endereco (3) → nivel4 … → the innermost object at `depth`.
	const levels = Math.max(3, depth);
	let inner = '{"cep":"01310-200","cidade":"SÃO PAULO"}';
	for (let level = levels - 1; level >= 3; level--) inner = `{"nivel${level + 1}":${inner}}`;
	return `[{"codigo":"C0001","nome":"MARIA APARECIDA DA SILVA","endereco":${inner}}]`;
}

function manyKeys(count: number): string {
	const record: Record<string, string> = { ...SAMPLE_RECORD };
	const base = Object.keys(record).length;
	for (let i = 1; i <= count - base; i++)
		record[`campo_${String(i).padStart(5, '0')}`] = `valor ${i}`;
	return JSON.stringify([record]);
}

const DUPLICATE_KEYS =
	'[{"codigo":"C0001","nome":"MARIA APARECIDA DA SILVA","cpf":"000.000.000-00","email":"antigo@example.com",' +
	'"cpf":"529.982.247-25","email":"maria.silva@example.com.br","telefone":"(11) 98765-4321"}]';

const WRONG_TYPES = JSON.stringify([
	{
		codigo: 1,
		nome: 'CARLOS ALBERTO NUMÉRICO',
		cpf: 52998224725,
		data_nascimen: 479692800000,
		email: null,
		telefone: ['(11) 98765-4321', '(11) 3456-7890'],
		telefone_2: { ddd: '11', numero: '34567890' },
		endereco_cep: 1310200,
		enderecoNumero: 1578,
		endereco_estado: ['SP'],
		ativo: true,
	},
	{
		codigo: 'C0002',
		nome: 'EMPRESA NUMÉRICA LTDA',
		cnpj: 11222333000181,
		cpf: 1234567890,
		telefone: 11987654321,
		ativo: 0,
	},
]);

/** Fixed-width records, so the exact Content-Length is known before the first byte is generated. */
function huge(megabytes: number): StreamedBody {
	const target = Math.max(1, Math.round(megabytes * 1024 * 1024));
	const record = (i: number) => {
		const n = String(i).padStart(8, '0');
		return `{"codigo":"H${n}","nome":"REGISTRO DE CARGA ${n}","cpf":"529.982.247-25","email":"carga.${n}@example.com","telefone":"(11) 98765-4321","endereco_cidade":"SAO PAULO","endereco_estado":"SP","ativo":"TRUE"}`;
	};
	const recordLength = Buffer.byteLength(record(0));
	const count = Math.max(1, Math.ceil((target - 1) / (recordLength + 1)));
	const contentLength = 2 + count * recordLength + (count - 1);
	return {
		contentLength,
		async produce(write) {
			const perChunk = 256;
			for (let start = 0; start < count; start += perChunk) {
				const end = Math.min(count, start + perChunk);
				let chunk = start === 0 ? '[' : ',';
				for (let i = start; i < end; i++) chunk += (i === start ? '' : ',') + record(i);
				if (end === count) chunk += ']';
				await write(Buffer.from(chunk));
			}
		},
	};
}

export function hostileReply(kind: HostileKind, options: HostileOptions = {}): Reply {
	const settings = {
		megabytes: options.megabytes ?? HOSTILE_DEFAULTS.megabytes,
		depth: options.depth ?? HOSTILE_DEFAULTS.depth,
		keys: options.keys ?? HOSTILE_DEFAULTS.keys,
	};
	switch (kind) {
		case 'non-json':
			return body(
				'ORA-12541: TNS:no listener\nErro ao consultar cliente. Tente novamente mais tarde.',
			);
		case 'html-200':
			return body(
				'<!DOCTYPE html><html lang="pt-BR"><head><meta charset="utf-8"><title>Sessão expirada</title></head>' +
					'<body><h1>Sessão expirada</h1><p>Faça login novamente para continuar.</p>' +
					'<form action="/login" method="post"><input name="usuario"><input name="senha" type="password"></form>' +
					'</body></html>',
				'text/html; charset=utf-8',
			);
		case 'seed-example':
			return body(SEED_EXAMPLE_PAYLOAD);
		case 'bare-object':
			return body(JSON.stringify(SAMPLE_RECORD));
		case 'null':
			return body('null');
		case 'empty':
			return body('');
		case 'wrapper-without-array':
			return body(
				JSON.stringify({
					status: 'success',
					message: 'Nenhum registro encontrado',
					data: { cliente: null, total: 0 },
				}),
			);
		case 'deep-nesting':
			return body(deepNesting(settings.depth));
		case 'many-keys':
			return body(manyKeys(settings.keys));
		case 'duplicate-keys':
			return body(DUPLICATE_KEYS);
		case 'huge':
			return {
				status: 200,
				headers: { 'content-type': JSON_UTF8 },
				body: huge(settings.megabytes),
			};
		case 'non-utf8':
			return body(
				Buffer.from(
					JSON.stringify([
						{
							codigo: 'C0001',
							nome: 'JOÃO DA CONCEIÇÃO',
							endereco_cidade: 'SÃO PAULO',
							especialidade: 'GINECOLOGIA/OBSTETRÍCIA',
						},
					]),
					'latin1',
				),
			);
		case 'wrong-types':
			return body(WRONG_TYPES);
		case 'bom':
			return body('\uFEFF' + JSON.stringify([SAMPLE_RECORD]));
	}
}
