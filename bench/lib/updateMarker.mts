/** The value an Update scenario writes, so the API can check afterwards that every record got it. */
export function markerEmail(tag: string, codigo: string): string {
	return `bench.${tag}.${codigo.toLowerCase()}@exemplo.com.br`;
}
