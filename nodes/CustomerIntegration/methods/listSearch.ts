import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { listValueOf } from '../actions/customer/lookup';
import { checkCnpj } from '../validation/brazil/cnpj';
import { checkCpf } from '../validation/brazil/cpf';
import type { Check } from '../validation/check';
import { maskDocument } from '../validation/mask';
import { editorMessageOf, readSampleRecords, samplePathOf } from './sampleRecords';

/** A list the editor can show at once; typing narrows it. */
const MAX_RESULTS = 100;

/**
 * Get's From List: customers by name or document. With a List Search Parameter the API searches
 * (`?q=ana`); without one, the node reads the list's first page and keeps the customers whose name,
 * document or code contains what was typed. Each shows its name and masked document; its value names the
 * field the lookup will ask by (`cpf:…`, `cnpj:…`, else `codigo:…`).
 */
export async function searchCustomers(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const options = (this.getNodeParameter('options', {}) ?? {}) as IDataObject;
	const path = samplePathOf(this, 'listSearchPath');
	const searchParameter = String(options.listSearchParameter ?? '').trim();
	const typed = (filter ?? '').trim();
	let records: Array<Record<string, unknown>>;
	try {
		records = await readSampleRecords(this, path, {
			qs: searchParameter && typed ? { [searchParameter]: typed } : undefined,
			recordsPath: String(options.recordsPath ?? '').trim(),
		});
	} catch (error) {
		throw new NodeOperationError(
			this.getNode(),
			`Could not list customers: ${editorMessageOf(error)}`,
			{
				description: `The list comes from GET ${path} with this node's credential. Set Options → List Search Path if customers are listed elsewhere.`,
			},
		);
	}
	const wanted = searchParameter ? undefined : searchKey(typed);
	const results = [];
	for (const record of records) {
		const entry = entryOf(record);
		if (!entry) continue;
		if (wanted && !entry.searchable.includes(wanted)) continue;
		results.push({ name: entry.name, value: entry.value });
		if (results.length === MAX_RESULTS) break;
	}
	return { results };
}

interface Entry {
	name: string;
	value: string;
	/** Name, document digits and code, compared without case or accents. */
	searchable: string;
}

function entryOf(record: Record<string, unknown>): Entry | undefined {
	const text = (key: string) => {
		const value = record[key];
		return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	};
	const codigo = text('codigo');
	const documents = [text('cpf'), text('cnpj'), text('documento')].filter(Boolean);
	const cpf = firstValid(documents, checkCpf);
	const cnpj = firstValid(documents, checkCnpj);
	const [field, key] = cpf
		? (['cpf', cpf.value] as const)
		: cnpj
			? (['cnpj', cnpj.value] as const)
			: (['codigo', codigo] as const);
	if (!key) return undefined;
	const document = (cpf ?? cnpj)?.raw;
	const name = text('nome') || codigo || '(no name)';
	const shown = document ? maskDocument(document) : `code ${codigo}`;
	return {
		name: `${name} · ${shown}`,
		value: listValueOf(field, key),
		searchable: searchKey([name, codigo, ...documents.map(digitsOf)].join(' ')),
	};
}

/** The first of `documents` that passes `check`: as written (to mask) and normalized (to send). */
function firstValid(
	documents: string[],
	check: (raw: string) => Check,
): { raw: string; value: string } | undefined {
	for (const raw of documents) {
		const result = check(raw);
		if (result.ok) return { raw, value: String(result.value) };
	}
	return undefined;
}

function digitsOf(text: string): string {
	return text.replace(/[^0-9A-Za-z]/g, '');
}

function searchKey(text: string): string {
	const folded = text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase();
	// A typed document matches however it is masked.
	return /^[\d.\-/\s]+$/.test(folded) ? folded.replace(/[^0-9]/g, '') : folded;
}
