import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	maskDigitRuns,
	maskPath,
	redactSecrets,
} from '../../../nodes/CustomerIntegration/transport/redact';
import { maskDocumentsIn } from '../../../nodes/CustomerIntegration/validation/documentsInText';
import {
	formatCnpj,
	formatCpf,
	validAlphanumericCnpj,
	validCpf,
	validNumericCnpj,
} from '../validation/documents.mjs';

const compact = (text: string) => text.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
const spaced = (value: string, groups: number[]) => {
	const parts: string[] = [];
	let at = 0;
	for (const size of groups) {
		parts.push(value.slice(at, at + size));
		at += size;
	}
	return parts.join(' ');
};

/** A CPF or CNPJ and the ways people, ERPs and URLs write it. */
const writtenDocuments = fc.oneof(
	validCpf.map((cpf) => ({
		value: cpf,
		written: [
			cpf,
			formatCpf(cpf),
			spaced(cpf, [3, 3, 3, 2]),
			spaced(cpf, [3, 3, 3, 2]).replace(/ /g, '\u00a0'),
			spaced(cpf, [3, 3, 3, 2]).replace(/ /g, '\t'),
			spaced(cpf, [3, 3, 3, 2]).replace(/ /g, '_'),
			spaced(cpf, [3, 3, 3, 2]).replace(/ /g, ':'),
		],
	})),
	fc.oneof(validNumericCnpj, validAlphanumericCnpj).map((cnpj) => ({
		value: cnpj,
		written: [
			cnpj,
			formatCnpj(cnpj),
			cnpj.toLowerCase(),
			formatCnpj(cnpj).toLowerCase(),
			spaced(cnpj, [2, 3, 3, 4, 2]),
			spaced(cnpj, [2, 3, 3, 4, 2]).replace(/ /g, '\u00a0'),
			...(/^\d+$/.test(cnpj) ? [spaced(cnpj, [2, 3, 3, 4, 2]).replace(/ /g, '_')] : []),
		],
	})),
);

describe('maskDocumentsIn', () => {
	it.each([
		['telefone 529.982.247-25', 'telefone ***.***.***-25'],
		['529 982 247 25', '*** *** *** 25'],
		['529_982_247_25', '***_***_***_25'],
		['cpf=529:982:247:25;', 'cpf=***:***:***:25;'],
		['５２９.９８２.２４７-２５', '***.***.***-２５'],
		['５２９９８２２４７２５', '*********２５'],
		['12_345_678_0001_95', '**_***_***_****_95'],
		['CNPJ 12.abc.345/01de-35.', 'CNPJ **.***.***/****-35.'],
		['12ABC34501DE35', '************35'],
		['customer 11222333000181', 'customer ************81'],
	])('masks %j as %j', (text, masked) => {
		expect(maskDocumentsIn(text)).toBe(masked);
	});

	it.each([
		"area code (DDD) 20 does not exist ('(20) 98765-4321')",
		'31/02/1990 is not a date',
		'CEP 01310-100',
		'telefone2',
		'/api/v2/clientes/123',
	])('leaves %j readable: no CPF or CNPJ fits in it', (text) => {
		expect(maskDocumentsIn(text)).toBe(text);
	});

	it('never lets a CPF or CNPJ through, however it is written or wrapped', () => {
		const wrappers = fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }));
		fc.assert(
			fc.property(
				writtenDocuments,
				wrappers,
				fc.nat(),
				({ value, written }, [before, after], pick) => {
					const text = `${before} ${written[pick % written.length]} ${after}`;
					expect(compact(maskDocumentsIn(text))).not.toContain(value);
				},
			),
			{ numRuns: 3000 },
		);
	});
});

describe('maskPath', () => {
	it('decodes percent-escapes before masking, so %2F or %20 cannot hide a document', () => {
		fc.assert(
			fc.property(writtenDocuments, fc.nat(), ({ value, written }, pick) => {
				const path = `/clientes/${encodeURIComponent(written[pick % written.length])}`;
				const shown = maskPath(path);
				expect(shown.startsWith('/clientes/**')).toBe(true);
				expect(compact(shown)).not.toContain(value);
			}),
			{ numRuns: 1000 },
		);
	});

	it('drops the query string and keeps a malformed escape as it is, masked', () => {
		expect(maskPath('/clientes?cpf=52998224725')).toBe('/clientes');
		expect(maskPath('/clientes/%E0%A4%A/52998224725')).toBe('/clientes/%E0%A4%A/*********25');
	});
});

describe('maskDigitRuns', () => {
	it('masks any run of six or more digits in API text, documents included', () => {
		expect(maskDigitRuns('pedido 123456 do cliente 12.abc.345/01de-35')).toBe(
			'pedido ****56 do cliente **.***.***/****-35',
		);
		expect(maskDigitRuns('HTTP 404 after 5 attempts')).toBe('HTTP 404 after 5 attempts');
	});
});

describe('redactSecrets', () => {
	it.each([
		['malformed header Authorization: Basic dXNlcjpzM2NyZXQ=', 'dXNlcjpzM2NyZXQ='],
		['invalid token Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig', 'eyJhbGciOiJIUzI1NiJ9'],
		['{"access_token":"tok-123","token_type":"bearer"}', 'tok-123'],
		['{"refresh_token": "r3fresh", "client_secret": "s3cret"}', 'r3fresh'],
		['{"refresh_token": "r3fresh", "client_secret": "s3cret"}', 's3cret'],
		['login failed for user=ana&password=hunter2', 'hunter2'],
		["senha='Xyz!987' incorreta", 'Xyz!987'],
	])('cuts the secret out of %j', (text, secret) => {
		const redacted = redactSecrets(text);
		expect(redacted).not.toContain(secret);
		expect(redacted).toContain('[redacted]');
	});

	it('leaves text without credentials as it is', () => {
		const text = 'CPF inválido: dígito verificador não confere (campo cpf)';
		expect(redactSecrets(text)).toBe(text);
	});
});

describe('redactSecrets: the forms a secret takes', () => {
	it('cuts a known secret as it is, percent-encoded (%20 or +), and in any case', () => {
		const secret = 'pa ss/wörd:9Kx';
		const encoded = encodeURIComponent(secret);
		const text = `a ${secret} b ${encoded} c ${encoded.replace(/%20/g, '+')} d ${secret.toUpperCase()} e ${encoded.toLowerCase()}`;
		expect(redactSecrets(text, [secret])).toBe(
			'a [redacted] b [redacted] c [redacted] d [redacted] e [redacted]',
		);
	});

	it('cuts a JWT whoever issued it, and leaves dotted prose alone', () => {
		expect(redactSecrets('token eyJhbGciOiJI.eyJzdWIiOiJ4In0.sig-nature_1 expired')).toBe(
			'token [redacted] expired',
		);
		expect(redactSecrets('see eyJ.docs.example for more')).toBe('see eyJ.docs.example for more');
	});
});
