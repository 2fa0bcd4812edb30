import { describe, expect, it } from 'vitest';

import { isWrongPath404 } from '../../../nodes/CustomerIntegration/actions/common/notFound';

describe('isWrongPath404', () => {
	it.each([
		[undefined],
		[''],
		['   '],
		['{"error":"not_found","message":"Customer not found."}'],
		['{"mensagem":"Cliente não encontrado"}'],
		['{"status":404,"error":"Not Found","path":"/api/clientes/123"}'],
		['null'],
		['[]'],
	])('%j is the API saying "no such customer"', (text) => {
		expect(isWrongPath404(text)).toBe(false);
	});

	it.each([
		['<!DOCTYPE html><html><body>Not Found</body></html>'],
		['Cannot GET /api/customers'],
		['404 page not found'],
		['{"error":"not_found","message":"No such route."}'],
		['{"error":{"message":"Unknown endpoint /customers"}}'],
		['{"erro":"Rota não encontrada"}'],
		['{"message":"Cannot POST /api/busca"}'],
	])('%j is a server without that path', (text) => {
		expect(isWrongPath404(text)).toBe(true);
	});
});
