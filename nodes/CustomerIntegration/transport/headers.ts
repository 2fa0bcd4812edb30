/** Response headers as n8n's helper returns them: lower-case keys from Node, any case from a stand-in. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** A header's value, case-insensitively; repeated headers are joined as HTTP joins them (`a, b`). */
export function headerValue(
	headers: ResponseHeaders | undefined,
	name: string,
): string | undefined {
	const wanted = name.toLowerCase();
	for (const key of Object.keys(headers ?? {})) {
		if (key.toLowerCase() !== wanted) continue;
		const value = (headers as ResponseHeaders)[key];
		if (Array.isArray(value)) return value.join(', ');
		if (typeof value === 'string') return value;
	}
	return undefined;
}
