/**
 * Whether a 404 came from the customer API saying "no such customer", or from a server or router that
 * has no such path (a typo in Path looks like a customer that does not exist otherwise).
 *
 * The rule: an empty body, or JSON, is the API's "not found"; a body that is not JSON (an HTML page,
 * a router's plain text) is a wrong path, and so is JSON whose text speaks of a route or endpoint
 * ("No such route.", "Cannot GET /customers", "Rota não encontrada").
 */
export function isWrongPath404(text: string | undefined): boolean {
	const trimmed = (text ?? '').trim();
	if (!trimmed) return false;
	let body: unknown;
	try {
		body = JSON.parse(trimmed);
	} catch {
		return true;
	}
	return textsOf(body).some((value) => ROUTE_WORDS.test(value));
}

const ROUTE_WORDS = /\b(route|routes|endpoint|rota|handler)\b|\bcannot (get|post|put|patch)\b/i;

/** The strings of a JSON error body, top level and one level down (`{"error": {"message": …}}`). */
function textsOf(body: unknown, depth = 0): string[] {
	if (typeof body === 'string') return [body];
	if (depth > 1 || body === null || typeof body !== 'object') return [];
	return Object.values(body as Record<string, unknown>).flatMap((value) =>
		textsOf(value, depth + 1),
	);
}
