/**
 * The Basic credential's "Test connection" sends the password, so it must refuse a Base URL the node
 * itself refuses (plain http to another machine) instead of sending the password in clear text.
 */
import { Expression } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { CustomerIntegrationApi } from '../../credentials/CustomerIntegrationApi.credentials.js';
import { checkBaseUrl } from '../../nodes/CustomerIntegration/transport/urlScope';

const UNRESOLVABLE = 'https://base-url-must-use-https.invalid';

/** The test request's base URL as n8n resolves it, with $credentials in scope. */
function testBaseUrlFor(baseUrl: string): unknown {
	const expression = String(new CustomerIntegrationApi().test.request.baseURL);
	expect(expression.startsWith('={{')).toBe(true);
	return Expression.resolveWithoutWorkflow(expression.slice(1), { $credentials: { baseUrl } });
}

function nodeAccepts(baseUrl: string): boolean {
	try {
		checkBaseUrl(baseUrl.trim());
		return true;
	} catch {
		return false;
	}
}

describe('Basic credential: Test connection', () => {
	it.each([
		'https://erp.example.com/api',
		'HTTPS://ERP.EXAMPLE.COM',
		'  https://erp.example.com/api  ',
		'http://localhost:3000/api',
		'http://127.0.0.1:8080',
		'http://[::1]/api',
	])('tests %j, a Base URL the node also uses', (baseUrl) => {
		expect(nodeAccepts(baseUrl)).toBe(true);
		expect(testBaseUrlFor(baseUrl)).toBe(baseUrl.trim());
	});

	it.each([
		'http://erp.example.com/api',
		'http://127.evil.example.com',
		'http://localhost.evil.example.com/api',
		'ftp://erp.example.com',
		'erp.example.com',
		'',
	])(
		'sends nothing to %j, a Base URL the node refuses: the test goes to an unresolvable host',
		(baseUrl) => {
			expect(nodeAccepts(baseUrl)).toBe(false);
			expect(testBaseUrlFor(baseUrl)).toBe(UNRESOLVABLE);
		},
	);
});

describe('Basic credential: Test connection path', () => {
	function testPathFor(testPath: string): unknown {
		const expression = String(new CustomerIntegrationApi().test.request.url);
		expect(expression.startsWith('={{')).toBe(true);
		return Expression.resolveWithoutWorkflow(expression.slice(1), { $credentials: { testPath } });
	}

	it.each([
		['/clientes', '/clientes'],
		['clientes?limit=1', '/clientes?limit=1'],
		[' /clientes ', '/clientes'],
		// Absolute or protocol-relative, the HTTP client would drop the Base URL and send the password there.
		['http://erp.example.com/api/clientes', '/http://erp.example.com/api/clientes'],
		['//other.example.com/x', '/other.example.com/x'],
		['\\\\other.example.com\\x', '/other.example.com\\x'],
	])('sends %j as %j, relative to the Base URL', (testPath, sent) => {
		expect(testPathFor(testPath)).toBe(sent);
	});
});
