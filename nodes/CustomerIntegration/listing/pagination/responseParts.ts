/** Reading a page's answer: a value at a dot path of the body (headers: transport/headers.ts). */

/** A value at a dot path ('meta.nextCursor'); a key that itself contains dots ('@odata.nextLink') wins. */
export function readPath(body: unknown, path: string): unknown {
	if (body === null || typeof body !== 'object') return undefined;
	if (Object.prototype.hasOwnProperty.call(body, path))
		return (body as Record<string, unknown>)[path];
	let current: unknown = body;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}
