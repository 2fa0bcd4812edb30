import { describe, expect, it } from 'vitest';

import { isRedirect, judgeRedirect } from '../../../nodes/CustomerIntegration/transport/redirects';

const BASE = 'https://erp.example.com/api';
const FROM = 'https://erp.example.com/api/clientes/C1?x=1';

describe('isRedirect', () => {
	it.each([301, 302, 303, 307, 308])('%i with a Location is a redirect', (status) => {
		expect(isRedirect(status, '/api/x')).toBe(true);
	});

	it('needs a Location, and one of the five redirect statuses', () => {
		expect(isRedirect(302, undefined)).toBe(false);
		expect(isRedirect(302, '  ')).toBe(false);
		expect(isRedirect(300, '/api/x')).toBe(false);
		expect(isRedirect(304, '/api/x')).toBe(false);
	});
});

describe('judgeRedirect', () => {
	it('a read may follow inside the base path, relative or absolute Location', () => {
		expect(judgeRedirect(BASE, FROM, 'GET', 302, '/api/v2/clientes/C1')).toEqual({
			kind: 'follow',
			url: 'https://erp.example.com/api/v2/clientes/C1',
		});
		expect(judgeRedirect(BASE, FROM, 'GET', 301, 'C2')).toEqual({
			kind: 'follow',
			url: 'https://erp.example.com/api/clientes/C2',
		});
	});

	it.each([
		['another origin', 'https://evil.example.com/api/clientes/C1', 'https://evil.example.com'],
		['another scheme', 'http://erp.example.com/api/clientes/C1', 'http://erp.example.com'],
		['another port', 'https://erp.example.com:8443/api/x', 'https://erp.example.com:8443'],
		['the same origin outside the base path', '/admin/x', 'https://erp.example.com/admin/x'],
		['.. out of the base path', '/api/../admin', 'https://erp.example.com/admin'],
		['user info', 'https://erp.example.com@evil.example.com/api', 'https://evil.example.com'],
	])('a read redirected to %s is out of scope', (_what, location, shown) => {
		expect(judgeRedirect(BASE, FROM, 'GET', 302, location)).toEqual({
			kind: 'outOfScope',
			shown: expect.stringContaining(shown),
		});
	});

	it('shows the target without its query, digit runs masked', () => {
		const verdict = judgeRedirect(
			BASE,
			FROM,
			'GET',
			302,
			'https://x.example.com/c/52998224725?t=abc',
		);
		expect(verdict).toEqual({
			kind: 'outOfScope',
			shown: expect.not.stringContaining('52998224725'),
		});
		expect(JSON.stringify(verdict)).not.toContain('t=abc');
	});

	it.each(['POST', 'PUT', 'PATCH', 'DELETE'])(
		'%s is never followed, even inside the scope',
		(method) => {
			expect(judgeRedirect(BASE, FROM, method, 307, '/api/v2/clientes/C1')).toMatchObject({
				kind: 'write',
				mayBeApplied: false,
			});
			expect(judgeRedirect(BASE, FROM, method, 303, '/api/v2/clientes/C1')).toMatchObject({
				kind: 'write',
				mayBeApplied: true,
			});
		},
	);

	it('a POST lookup (searchOnly) is not followed: search inside the scope, outOfScope outside it', () => {
		expect(judgeRedirect(BASE, FROM, 'POST', 307, '/api/v2/busca', true)).toEqual({
			kind: 'search',
			shown: 'https://erp.example.com/api/v2/busca',
		});
		expect(
			judgeRedirect(BASE, FROM, 'POST', 302, 'https://evil.example.com/x', true),
		).toMatchObject({
			kind: 'outOfScope',
		});
		expect(judgeRedirect(BASE, FROM, 'GET', 302, '/api/v2/x', true)).toMatchObject({
			kind: 'follow',
		});
	});

	it('a Location that is not a URL is invalid', () => {
		expect(judgeRedirect(BASE, FROM, 'GET', 302, 'http://[bad')).toEqual({ kind: 'invalid' });
	});
});
