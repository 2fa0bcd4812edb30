/**
 * The benchmark's ablation (bench/engine/packageCode.mts, buildUnvalidatedCopy) patches a copy of the
 * compiled package. If checkRecord were renamed or its compiled form changed, the README's bound on the
 * 0.70× target would silently measure something else: these tests patch the build `npm test` made.
 */

import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
	buildUnvalidatedCopy,
	loadPackageModule,
	unvalidatedBuildDirOf,
} from '../../bench/engine/packageCode.mts';
import type { checkRecord as CheckRecord } from '../../nodes/CustomerIntegration/actions/common/records';
import type { RecordSettings } from '../../nodes/CustomerIntegration/actions/common/settings';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RECORDS_MODULE = ['nodes', 'CustomerIntegration', 'actions', 'common', 'records.js'];

const SETTINGS: RecordSettings = {
	mode: 'route',
	nested: 'flatten',
	normalize: true,
	simplify: false,
	required: [],
	recordsPath: '',
};

async function loadCheckRecord(buildDir: string): Promise<typeof CheckRecord> {
	const module = await loadPackageModule<{ checkRecord: typeof CheckRecord }>(
		buildDir,
		'actions/common/records',
	);
	return module.checkRecord;
}

describe('the benchmark ablation: a copy of the build whose checkRecord passes records through', () => {
	let scratch: string;
	let buildDir: string;

	beforeAll(() => {
		const dist = join(repoRoot, 'dist');
		if (!existsSync(join(dist, ...RECORDS_MODULE))) {
			throw new Error('dist/ has no compiled records.js: run npm run build first');
		}
		// Under node_modules, so the compiled code resolves n8n-workflow and zod as the benchmark's build does.
		const cache = join(repoRoot, 'node_modules', '.cache');
		mkdirSync(cache, { recursive: true });
		scratch = mkdtempSync(join(cache, 'ablation-test-'));
		buildDir = join(scratch, 'build');
		cpSync(dist, buildDir, { recursive: true });
	});

	afterAll(() => {
		if (scratch) rmSync(scratch, { recursive: true, force: true });
	});

	it('leaves the build itself checking records, and makes its copy hand each record on untouched', async () => {
		const copy = buildUnvalidatedCopy(buildDir);
		expect(copy).toBe(unvalidatedBuildDirOf(buildDir));

		const raw = { codigo: 'C1', nome: 'Ana', cpf: '123.456.789-00', data_nascimen: '31/02/1990' };

		const checked = (await loadCheckRecord(buildDir))({ ...raw }, SETTINGS);
		expect(checked.valid).toBe(false);
		expect(checked.issues.map((issue) => issue.field).sort()).toEqual(['cpf', 'dataNascimento']);
		expect(checked.json).toHaveProperty('dataNascimento', '31/02/1990');
		expect(checked.json).not.toHaveProperty('data_nascimen');

		const input = { ...raw };
		const passed = (await loadCheckRecord(copy))(input, SETTINGS);
		expect(passed).toEqual({ json: input, valid: true, issues: [] });
		expect(passed.json).toBe(input);
	});

	it('refuses a build without a checkRecord to bypass, instead of measuring the unpatched node', () => {
		const other = join(scratch, 'other');
		mkdirSync(dirname(join(other, ...RECORDS_MODULE)), { recursive: true });
		writeFileSync(join(other, ...RECORDS_MODULE), 'exports.emitRecords = function () {};\n');
		expect(() => buildUnvalidatedCopy(other)).toThrow(/no checkRecord function to bypass/);
	});
});
