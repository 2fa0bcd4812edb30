/** The Link header (RFC 8288), where some APIs say which URL holds the next page. Pure. */

export interface LinkValue {
	uri: string;
	/** Relation types, lowercased. */
	rel: string[];
	/** Parameters by lowercased name; the first occurrence of a name wins (RFC 8288 §3). */
	params: Record<string, string>;
}

const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;

/** Parses a Link header (RFC 8288): several links, quoted and token values, URIs with commas. */
export function parseLinkHeader(header: string): LinkValue[] {
	const links: LinkValue[] = [];
	const text = header;
	let i = 0;
	const skipSpace = () => {
		while (i < text.length && /\s/.test(text[i])) i++;
	};
	const skipToNextLink = () => {
		let quoted = false;
		while (i < text.length) {
			const char = text[i];
			if (quoted && char === '\\') i++;
			else if (char === '"') quoted = !quoted;
			else if (char === ',' && !quoted) return;
			i++;
		}
	};

	while (i < text.length) {
		while (i < text.length && (/\s/.test(text[i]) || text[i] === ',')) i++;
		if (i >= text.length) break;
		if (text[i] !== '<') {
			skipToNextLink();
			continue;
		}
		const close = text.indexOf('>', i + 1);
		if (close === -1) break;
		const uri = text.slice(i + 1, close).trim();
		i = close + 1;
		const params = new Map<string, string>();
		for (;;) {
			skipSpace();
			if (text[i] !== ';') break;
			i++;
			skipSpace();
			let name = '';
			while (i < text.length && TOKEN_CHAR.test(text[i])) name += text[i++];
			skipSpace();
			let value = '';
			if (text[i] === '=') {
				i++;
				skipSpace();
				if (text[i] === '"') {
					i++;
					while (i < text.length && text[i] !== '"') {
						if (text[i] === '\\' && i + 1 < text.length) i++;
						value += text[i++];
					}
					i++;
				} else {
					while (i < text.length && !/[;,\s]/.test(text[i])) value += text[i++];
				}
			}
			const key = name.toLowerCase();
			if (key !== '' && !params.has(key)) params.set(key, value);
		}
		skipToNextLink();
		const rel = (params.get('rel') ?? '')
			.split(/\s+/)
			.filter((type) => type !== '')
			.map((type) => type.toLowerCase());
		links.push({ uri, rel, params: Object.fromEntries(params) });
	}
	return links;
}
