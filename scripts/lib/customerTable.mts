/** Plain-text tables of the node's output items for the terminal; CPF and CNPJ are shown masked. */

export type Item = Record<string, unknown>;

/** `***.982.247-**` / `**.ABC.345/01DE-**`: enough to recognise a record, never the full number. */
export function maskDocument(value: unknown): string {
	if (typeof value !== 'string' || value === '') return '';
	const plain = value.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
	if (plain.length === 11) return `***.${plain.slice(3, 6)}.${plain.slice(6, 9)}-**`;
	if (plain.length === 14)
		return `**.${plain.slice(2, 5)}.${plain.slice(5, 8)}/${plain.slice(8, 12)}-**`;
	return '*'.repeat(Math.min(plain.length, 14));
}

/** `+5511987654321` → `+55 11 98765-4321`; anything else as it is. */
export function formatPhone(value: unknown): string {
	if (typeof value !== 'string') return value === undefined ? '' : String(value);
	const match = /^\+55(\d{2})(\d{4,5})(\d{4})$/.exec(value);
	return match ? `+55 ${match[1]} ${match[2]}-${match[3]}` : value;
}

function text(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value : JSON.stringify(value);
}

function validity(item: Item): string {
	const validation = item._validation as { valid?: boolean; issues?: unknown[] } | undefined;
	if (!validation) return 'yes';
	return validation.valid ? 'yes' : `NO (${validation.issues?.length ?? 0})`;
}

function cut(value: string, width: number): string {
	return value.length <= width ? value : `${value.slice(0, width - 1)}…`;
}

export function table(headers: string[], rows: string[][], maxWidths: number[] = []): string {
	const widths = headers.map((header, column) =>
		Math.min(
			maxWidths[column] ?? 60,
			Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
		),
	);
	const line = (cells: string[]) =>
		cells.map((cell, column) => cut(cell ?? '', widths[column]).padEnd(widths[column])).join('  ');
	return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)]
		.map((row) => `  ${row.trimEnd()}`)
		.join('\n');
}

export function customerTable(items: Item[]): string {
	const rows = items.map((item) => [
		text(item.codigo),
		text(item.nome),
		maskDocument(item.cpf ?? item.cnpj ?? item.documento),
		formatPhone(item.telefone),
		[text(item.enderecoCidade), text(item.enderecoEstado)].filter(Boolean).join('/'),
		validity(item),
	]);
	return table(
		['codigo', 'nome', 'cpf/cnpj', 'telefone', 'cidade/UF', 'valid?'],
		rows,
		[8, 34, 18, 17, 26, 8],
	);
}

/** One line per problem of each invalid record: which field, which rule, and the node's message. */
export function validationReport(items: Item[]): string {
	const rows: string[][] = [];
	for (const item of items) {
		const issues =
			(item._validation as { issues?: Array<{ field: string; rule: string; message: string }> })
				?.issues ?? [];
		issues.forEach((issue, index) => {
			rows.push([
				index === 0 ? text(item.codigo) : '',
				index === 0 ? text(item.nome) : '',
				issue.field,
				issue.rule,
				// The node's message starts with the field name, already in its own column.
				issue.message.startsWith(`${issue.field}: `)
					? issue.message.slice(issue.field.length + 2)
					: issue.message,
			]);
		});
	}
	return table(['codigo', 'nome', 'field', 'rule', 'problem'], rows, [8, 30, 16, 16, 90]);
}
