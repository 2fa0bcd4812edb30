/**
 * The validator alone, on the records the API serves (same generator, same seed): what the node does
 * per record (normalizeRecord + validateCustomer), with no HTTP and no n8n. Median of timed passes
 * after one warm-up pass.
 */

import { generateCustomers } from '../../test/sample-api/dataset.mts';
import { loadValidator, type Validator } from '../engine/packageCode.mts';

const PASSES = 5;

function checkAll(
	{ normalizeRecord, validateCustomer, RepeatedTexts }: Validator,
	records: Array<Record<string, unknown>>,
): number {
	const texts = new RepeatedTexts();
	let invalid = 0;
	for (const raw of records) {
		try {
			const { record } = normalizeRecord(raw, { nested: 'flatten', texts });
			if (!validateCustomer(record, { normalize: true, required: [], owned: true }).valid)
				invalid++;
		} catch {
			invalid++;
		}
	}
	return invalid;
}

export async function validationAlone(
	count: number,
	seed: number,
	buildDir: string | undefined,
): Promise<Record<string, number>> {
	const validator = await loadValidator(buildDir);
	const records = generateCustomers(count, seed);
	const invalid = checkAll(validator, records);
	const passes: number[] = [];
	for (let pass = 0; pass < PASSES; pass++) {
		const started = performance.now();
		checkAll(validator, records);
		passes.push(performance.now() - started);
	}
	passes.sort((a, b) => a - b);
	const medianMs = passes[Math.floor(PASSES / 2)];
	return {
		records: records.length,
		invalid,
		medianMs,
		recordsPerSecond: Math.round(records.length / (medianMs / 1000)),
	};
}
