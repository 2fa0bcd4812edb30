/**
 * The floor of Get Many: what the node does per record (fetch a page, JSON.parse, normalizeRecord with
 * the listing's pool of repeated values + validateCustomer, keep the results) in a plain loop, with no
 * n8n loaded at all.
 */

import { loadValidator } from '../engine/packageCode.mts';
import type { ScenarioInput } from '../lib/types.mts';

export interface ReadOutcome {
	/** Every output item's json, valid and invalid; called after the measurement. */
	jsons: () => unknown[];
	details: Record<string, number | string | boolean>;
}

export async function floorGetMany(input: ScenarioInput, baseUrl: string): Promise<ReadOutcome> {
	const { normalizeRecord, validateCustomer, RepeatedTexts } = await loadValidator(input.buildDir);
	const texts = new RepeatedTexts();
	const { username, password } = input.api.basic;
	const headers = {
		authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
		accept: 'application/json',
	};
	const valid: Array<Record<string, unknown>> = [];
	const invalid: Array<Record<string, unknown>> = [];
	let requests = 0;
	for (let page = 1; ; page++) {
		const response = await fetch(`${baseUrl}/clientes?page=${page}&limit=${input.pageSize}`, {
			headers,
		});
		requests++;
		if (!response.ok) throw new Error(`page ${page}: HTTP ${response.status}`);
		const records = JSON.parse(await response.text()) as Array<Record<string, unknown>>;
		for (const raw of records) {
			let record: Record<string, unknown>;
			try {
				record = normalizeRecord(raw, { nested: 'flatten', texts }).record;
			} catch (error) {
				invalid.push({ ...raw, _validation: { valid: false, issues: [String(error)] } });
				continue;
			}
			const result = validateCustomer(record, { normalize: true, required: [], owned: true });
			if (result.valid) valid.push(result.normalized);
			else
				invalid.push({
					...result.normalized,
					_validation: { valid: false, issues: result.issues },
				});
		}
		if (records.length < input.pageSize) break;
	}
	return {
		jsons: () => [...valid, ...invalid],
		details: { valid: valid.length, invalid: invalid.length, requests },
	};
}
