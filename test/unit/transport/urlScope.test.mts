import { describe, expect, it } from 'vitest';

import { UrlScopeError } from '../../../nodes/CustomerIntegration/transport/errors';
import {
	checkBaseUrl,
	encodePathValue,
	fillPathTemplate,
	pathPlaceholders,
	resolveRequestUrl,
} from '../../../nodes/CustomerIntegration/transport/urlScope';

function scopeError(run: () => unknown): UrlScopeError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(UrlScopeError);
		return error as UrlScopeError;
	}
	throw new Error('expected a UrlScopeError, nothing was thrown');
}

describe('checkBaseUrl', () => {
	it.each([
		['https://api.example.com', 'https://api.example.com/'],
		['https://api.example.com/', 'https://api.example.com/'],
		['https://api.example.com/api/v1', 'https://api.example.com/api/v1'],
		['https://api.example.com/api/v1/', 'https://api.example.com/api/v1'],
		['https://api.example.com/api/v1///', 'https://api.example.com/api/v1'],
		['  https://API.Example.com:8443/api  ', 'https://api.example.com:8443/api'],
		['https://api.example.com:443/x', 'https://api.example.com/x'],
		['http://localhost:3000/api/', 'http://localhost:3000/api'],
		['http://127.0.0.1:8080', 'http://127.0.0.1:8080/'],
		['http://127.45.6.7/', 'http://127.45.6.7/'],
		['http://127.1/', 'http://127.0.0.1/'],
		['http://[::1]:9000/v2', 'http://[::1]:9000/v2'],
		['HTTPS://api.example.com/V1', 'https://api.example.com/V1'],
	])('accepts %j as %s', (input, href) => {
		expect(checkBaseUrl(input).href).toBe(href);
	});

	it('keeps the base path without a trailing slash', () => {
		expect(checkBaseUrl('https://h.example/api/v1/').pathname).toBe('/api/v1');
		expect(checkBaseUrl('https://h.example').pathname).toBe('/');
	});

	it.each([
		'http://api.example.com',
		'http://api.example.com/v1',
		'http://10.0.0.5/api',
		'http://192.168.0.10:8080',
		'http://localhost.evil.example/',
		'http://127.0.0.1.nip.io/',
		'http://[::ffff:127.0.0.1]/',
		'http://[::2]/',
	])('refuses plain http to the non-loopback host %s', (input) => {
		const error = scopeError(() => checkBaseUrl(input));
		expect(error.reason).toBe('scheme');
		expect(error.message).toMatch(/must use https:\/\//);
		expect(error.message).toMatch(/http:\/\/ is only allowed for localhost/);
	});

	it.each(['ftp://files.example.com', 'file:///etc/passwd', 'ws://localhost/', 'javascript://x'])(
		'refuses the scheme of %s',
		(input) => {
			const error = scopeError(() => checkBaseUrl(input));
			expect(error.reason).toBe('scheme');
			expect(error.message).toMatch(/https:\/\//);
		},
	);

	it.each(['api.example.com/v1', 'http:localhost/x', 'https:api.example.com', '/api/v1'])(
		'asks for a scheme when %s has none (or no //)',
		(input) => {
			expect(scopeError(() => checkBaseUrl(input)).message).toMatch(/must start with https:\/\//);
		},
	);

	it.each([
		'https://joao:s3cr3t-pass@api.example.com/v1',
		'https://s3cr3t-token@api.example.com',
		'https://:s3cr3t-pass@api.example.com',
		'https://@api.example.com',
	])('refuses userinfo in %s without echoing it', (input) => {
		const error = scopeError(() => checkBaseUrl(input));
		expect(error.reason).toBe('userinfo');
		expect(error.message).not.toMatch(/s3cr3t|joao/);
		expect(error.message).toMatch(/credential fields/);
	});

	it.each([
		['', 'invalid'],
		['   ', 'invalid'],
		['https://', 'invalid'],
		['https://api.example.com/v1?key=1', 'invalid'],
		['https://api.example.com/v1#top', 'invalid'],
		['https://api.example.com/my api', 'characters'],
		['https://api.exa\nmple.com/', 'characters'],
		['https://api.example.com\\v1', 'characters'],
	])('refuses %j (%s)', (input, reason) => {
		expect(scopeError(() => checkBaseUrl(input)).reason).toBe(reason);
	});
});

describe('resolveRequestUrl: relative paths', () => {
	const base = 'https://api.example.com/api/v1';

	it.each([
		['/clientes', 'https://api.example.com/api/v1/clientes'],
		['clientes', 'https://api.example.com/api/v1/clientes'],
		['/clientes/', 'https://api.example.com/api/v1/clientes/'],
		['clientes?cpf=1', 'https://api.example.com/api/v1/clientes?cpf=1'],
		['/clientes/12345678909', 'https://api.example.com/api/v1/clientes/12345678909'],
		[
			'/clientes?email=ana@example.com',
			'https://api.example.com/api/v1/clientes?email=ana@example.com',
		],
		['/clientes#section', 'https://api.example.com/api/v1/clientes'],
		['', 'https://api.example.com/api/v1'],
		['/', 'https://api.example.com/api/v1'],
		['?page=2', 'https://api.example.com/api/v1?page=2'],
		['/a/./b', 'https://api.example.com/api/v1/a/b'],
		['/clientes/x/../y', 'https://api.example.com/api/v1/clientes/y'],
		['/clientes/..', 'https://api.example.com/api/v1/'],
		['/clientes/a%2Fb', 'https://api.example.com/api/v1/clientes/a%2Fb'],
		['/clientes/Jo%C3%A3o', 'https://api.example.com/api/v1/clientes/Jo%C3%A3o'],
		['/clientes:search', 'https://api.example.com/api/v1/clientes:search'],
	])('%j → %s', (path, expected) => {
		expect(resolveRequestUrl(base, path)).toBe(expected);
	});

	it('ignores a trailing slash on the base URL', () => {
		expect(resolveRequestUrl('https://api.example.com/api/v1/', '/clientes')).toBe(
			'https://api.example.com/api/v1/clientes',
		);
	});

	it('works with a base URL without a path, and keeps port and loopback http', () => {
		expect(resolveRequestUrl('https://api.example.com', '/clientes')).toBe(
			'https://api.example.com/clientes',
		);
		expect(resolveRequestUrl('http://127.0.0.1:8080/', 'clientes?page=2')).toBe(
			'http://127.0.0.1:8080/clientes?page=2',
		);
	});

	it('accepts a path built by fillPathTemplate', () => {
		const path = fillPathTemplate('/clientes/{cpf}', { cpf: '529.982.247-25' });
		expect(resolveRequestUrl(base, path)).toBe(
			'https://api.example.com/api/v1/clientes/529.982.247-25',
		);
	});
});

describe('resolveRequestUrl: absolute URLs (next-page links)', () => {
	const base = 'https://api.example.com/api/v1';

	it.each([
		'https://api.example.com/api/v1/clientes?page=2',
		'https://api.example.com/api/v1',
		'https://API.EXAMPLE.COM/api/v1/clientes?cursor=abc',
		'https://api.example.com:443/api/v1/clientes',
	])('accepts %s', (url) => {
		expect(resolveRequestUrl(base, url)).toBe(new URL(url).href);
	});

	it('drops the fragment', () => {
		expect(resolveRequestUrl(base, 'https://api.example.com/api/v1/c?p=2#x')).toBe(
			'https://api.example.com/api/v1/c?p=2',
		);
	});

	it('accepts any path on the host when the base URL has no path', () => {
		expect(resolveRequestUrl('https://api.example.com/', 'https://api.example.com/other')).toBe(
			'https://api.example.com/other',
		);
	});
});

describe('resolveRequestUrl: escapes are refused', () => {
	const base = 'https://api.example.com/api/v1';

	it.each([
		['https://evil.example/api/v1/clientes', 'host'],
		['https://api.example.com.evil.example/api/v1', 'host'],
		['https://api.example.com:8443/api/v1/clientes', 'host'],
		['https://api.example.com./api/v1/clientes', 'host'],
		['http://api.example.com/api/v1/clientes', 'scheme'],
		['ftp://api.example.com/api/v1/clientes', 'scheme'],
		['javascript:alert(1)', 'scheme'],
		['data:text/plain,hi', 'scheme'],
		['https:evil.example/api/v1', 'host'],
		['//evil.example/api/v1/clientes', 'host'],
		['///evil.example/', 'host'],
		['  //evil.example', 'host'],
		['https://api.example.com@evil.example/api/v1', 'userinfo'],
		['https://user:pw@api.example.com/api/v1', 'userinfo'],
		['https://api.example.com:pw@evil.example/', 'userinfo'],
		['/@evil.example', 'characters'],
		['@evil.example/x', 'characters'],
		['\\\\evil.example/x', 'characters'],
		['\\evil.example', 'characters'],
		['/clientes\\..\\..\\admin', 'characters'],
		['https://api.example.com\\@evil.example/', 'characters'],
		['https://api.example.com/api/v2/clientes', 'path'],
		['https://api.example.com/api/v1x/clientes', 'path'],
		['https://api.example.com/', 'path'],
		['https://api.example.com/api/v1/../admin', 'path'],
		['https://api.example.com/api/v1/%2e%2e/admin', 'path'],
		['/..', 'path'],
		['../admin', 'path'],
		['/../v2/clientes', 'path'],
		['/clientes/../../admin', 'path'],
		['/%2e%2e/admin', 'path'],
		['/%2E%2E/admin', 'path'],
		['/%2e%2E/%2E%2e/admin', 'path'],
		['/.%2e/admin', 'path'],
		['/%2e./admin', 'path'],
		['/%252e%252e/admin', 'path'],
		['/clientes/..%2f..%2fadmin', 'path'],
		['/clientes/..%2F..%2F..%2Fadmin', 'path'],
		['/clientes/..%5c..%5cadmin', 'path'],
		['/clientes/..;/..;/admin', 'path'],
		['/clientes\n/x', 'characters'],
		['/clientes\r\nHost: evil.example', 'characters'],
		['/clien\ttes', 'characters'],
		['ht\ntps://evil.example/', 'characters'],
		['/clientes\u0000', 'characters'],
		['/clientes\u007f', 'characters'],
		['/clientes\u2028x', 'characters'],
	])('%j (%s)', (input, reason) => {
		expect(scopeError(() => resolveRequestUrl(base, input)).reason).toBe(reason);
	});

	it('never puts credentials, query strings or documents in the message', () => {
		const inputs = [
			'https://admin:hunter2@evil.example/api/v1?token=tok-123',
			'https://evil.example/api/v1?access_token=tok-123&cpf=52998224725',
			'http://api.example.com/api/v1/clientes/52998224725?access_token=tok-123',
			'https://api.example.com/api/v2/clientes/52998224725?access_token=tok-123',
			'/clientes/52998224725/../../../x?access_token=tok-123',
			'//admin:hunter2@evil.example/?access_token=tok-123',
		];
		for (const input of inputs) {
			const { message } = scopeError(() => resolveRequestUrl(base, input));
			expect(message).not.toMatch(/hunter2|tok-123|52998224725|admin:/);
		}
	});

	it('names the hosts involved when the host differs', () => {
		const { message } = scopeError(() => resolveRequestUrl(base, 'https://evil.example/x'));
		expect(message).toContain('evil.example');
		expect(message).toContain('https://api.example.com');
	});

	it('checks the base URL too', () => {
		expect(scopeError(() => resolveRequestUrl('http://api.example.com', '/x')).reason).toBe(
			'scheme',
		);
	});

	it('refuses to climb above a root base path only through hidden traversal', () => {
		expect(resolveRequestUrl('https://h.example', '/../x')).toBe('https://h.example/x');
		expect(scopeError(() => resolveRequestUrl('https://h.example', '/%252e%252e/x')).reason).toBe(
			'path',
		);
	});
});

describe('encodePathValue', () => {
	it.each([
		['52998224725', '52998224725'],
		['529.982.247-25', '529.982.247-25'],
		['12.ABC.345/01DE-35', '12.ABC.345%2F01DE-35'],
		['a/../b', 'a%2F..%2Fb'],
		['a b?c#d&e=f', 'a%20b%3Fc%23d%26e%3Df'],
		['ana@example.com', 'ana%40example.com'],
		['João', 'Jo%C3%A3o'],
		['...', '...'],
		['%2e%2e', '%252e%252e'],
		['a\\b', 'a%5Cb'],
		['{x}', '%7Bx%7D'],
	])('%j → %s', (value, encoded) => {
		expect(encodePathValue(value)).toBe(encoded);
	});

	it.each(['.', '..', ''])('refuses %j', (value) => {
		expect(scopeError(() => encodePathValue(value)).reason).toBe('path');
	});

	it('refuses a lone surrogate with its own error', () => {
		expect(scopeError(() => encodePathValue('a\uD800b')).reason).toBe('characters');
	});

	it('makes a value unable to leave the base path once resolved', () => {
		for (const value of [
			'../../admin',
			'..%2f..%2fadmin',
			'%2e%2e',
			'/evil',
			'//evil.example',
			'@evil',
		]) {
			let url: string | undefined;
			try {
				url = resolveRequestUrl('https://h.example/api', `/clientes/${encodePathValue(value)}`);
			} catch (error) {
				expect(error).toBeInstanceOf(UrlScopeError);
				continue;
			}
			const parsed = new URL(url);
			expect(parsed.host).toBe('h.example');
			expect(parsed.pathname.startsWith('/api/clientes/')).toBe(true);
			expect(parsed.pathname.split('/')).toHaveLength(4);
		}
	});
});

describe('fillPathTemplate', () => {
	it('fills and encodes placeholders, with or without spaces in the braces', () => {
		expect(
			fillPathTemplate('/clientes/{cpf}/x/{ codigo }', { cpf: '529.982.247-25', codigo: 'A/B 1' }),
		).toBe('/clientes/529.982.247-25/x/A%2FB%201');
	});

	it('fills the same placeholder twice, and numbers, booleans and bigints', () => {
		expect(fillPathTemplate('/{id}/{id}/{n}/{b}/{big}', { id: 'x', n: 42, b: true, big: 7n })).toBe(
			'/x/x/42/true/7',
		);
	});

	it('leaves a template without placeholders unchanged', () => {
		expect(fillPathTemplate('/clientes', {})).toBe('/clientes');
	});

	it('lists the available names for an unknown placeholder', () => {
		const error = scopeError(() => fillPathTemplate('/clientes/{cnpj}', { cpf: '1', codigo: '2' }));
		expect(error.reason).toBe('placeholder');
		expect(error.message).toContain('{cnpj}');
		expect(error.message).toContain('cpf, codigo');
	});

	it('does not take placeholder names from the prototype', () => {
		expect(scopeError(() => fillPathTemplate('/{constructor}', {})).message).toContain(
			'Available: none',
		);
		expect(scopeError(() => fillPathTemplate('/{toString}', { a: 1 })).reason).toBe('placeholder');
	});

	it.each([
		['/clientes/{}', { a: '1' }],
		['/clientes/{ }', { a: '1' }],
		['/clientes/{cpf', { cpf: '1' }],
		['/clientes/cpf}', { cpf: '1' }],
		['/clientes/{cpf}}', { cpf: '1' }],
		['/clientes/{cpf}', { cpf: null }],
		['/clientes/{cpf}', { cpf: undefined }],
		['/clientes/{cpf}', { cpf: { a: 1 } }],
		['/clientes/{cpf}', { cpf: ['1'] }],
		['/clientes/{cpf}', { cpf: Number.NaN }],
	])('refuses %j with %j', (template, values) => {
		expect(scopeError(() => fillPathTemplate(template, values)).reason).toBe('placeholder');
	});

	it.each(['.', '..', ''])('refuses the value %j', (value) => {
		expect(scopeError(() => fillPathTemplate('/clientes/{cpf}', { cpf: value })).reason).toBe(
			'path',
		);
	});

	it('does not echo a document value in its messages', () => {
		const { message } = scopeError(() =>
			fillPathTemplate('/clientes/{cpf}/{x}', { cpf: '52998224725' }),
		);
		expect(message).not.toContain('52998224725');
	});
});

describe('pathPlaceholders', () => {
	it('names the placeholders of a template in order, trimmed; an empty one is not a name', () => {
		expect(pathPlaceholders('/clientes/{ codigo }/docs/{cpf}')).toEqual(['codigo', 'cpf']);
		expect(pathPlaceholders('/clientes')).toEqual([]);
		expect(pathPlaceholders('/clientes/{}')).toEqual([]);
	});
});
