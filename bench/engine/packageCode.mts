/**
 * This package's code as the scenarios run it. By default the orchestrator compiles it with tsc
 * (the repo's tsconfig, CommonJS, as `n8n-node build` does) into node_modules/.cache and every
 * scenario loads that: n8n runs compiled JavaScript, and tsx's ESM/CommonJS interop (every import
 * read through a getter) measurably slows hot code. `--source` runs the TypeScript through tsx.
 */

import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { INodeType } from 'n8n-workflow';

import type { normalizeRecord as NormalizeRecord } from '../../nodes/CustomerIntegration/mapping/normalizeRecord.ts';
import type { RepeatedTexts as RepeatedTextsClass } from '../../nodes/CustomerIntegration/mapping/repeatedTexts.ts';
import type { validateCustomer as ValidateCustomer } from '../../nodes/CustomerIntegration/validation/validateCustomer.ts';

export type NodeClass = new () => INodeType;

export interface Validator {
	normalizeRecord: typeof NormalizeRecord;
	validateCustomer: typeof ValidateCustomer;
	/** The pool of repeated values Get Many gives each listing. */
	RepeatedTexts: typeof RepeatedTextsClass;
}

export function buildDirOf(repoRoot: string): string {
	return join(repoRoot, 'node_modules', '.cache', 'customer-integration-bench', 'build');
}

/** Compiles the package; type errors in files being edited do not stop the emit. */
export function buildPackage(repoRoot: string): string {
	const outDir = buildDirOf(repoRoot);
	rmSync(outDir, { recursive: true, force: true });
	try {
		execFileSync(
			process.execPath,
			[
				join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'),
				'-p',
				join(repoRoot, 'tsconfig.json'),
				'--outDir',
				outDir,
				'--incremental',
				'false',
				'--declaration',
				'false',
				'--sourceMap',
				'false',
				'--noEmitOnError',
				'false',
			],
			{ cwd: repoRoot, stdio: 'pipe' },
		);
	} catch {
		// tsc exits non-zero on type errors but has emitted; a missing file is caught on load.
	}
	return outDir;
}

const NODE_DIR = ['nodes', 'CustomerIntegration'];

/** Where buildUnvalidatedCopy puts its copy of the build in `buildDir`. */
export function unvalidatedBuildDirOf(buildDir: string): string {
	return `${buildDir}-unvalidated`;
}

/**
 * An ablation, for the node-get-many-unvalidated scenario: a copy of the tsc build whose `checkRecord`
 * hands every parsed record on as it came (no renaming, no validation, no normalization). What the node
 * then spends is its transport, JSON.parse and n8n's engine: the part of Get Many that validation work
 * cannot make faster.
 */
export function buildUnvalidatedCopy(buildDir: string): string {
	const outDir = unvalidatedBuildDirOf(buildDir);
	rmSync(outDir, { recursive: true, force: true });
	cpSync(buildDir, outDir, { recursive: true });
	const file = join(outDir, ...NODE_DIR, 'actions', 'common', 'records.js');
	const code = readFileSync(file, 'utf8');
	const patched = code.replace(
		/function checkRecord\((\w+)[^)]*\) \{/,
		(header, raw: string) => `${header} return { json: ${raw}, valid: true, issues: [] };`,
	);
	if (patched === code) throw new Error(`no checkRecord function to bypass in ${file}`);
	writeFileSync(file, patched);
	return outDir;
}

/**
 * One module of this package, by its path under nodes/CustomerIntegration without extension
 * (`validation/fields`): required from the tsc build in `buildDir`, or imported from its TypeScript source
 * (through tsx) when `buildDir` is undefined.
 */
export async function loadPackageModule<T>(buildDir: string | undefined, path: string): Promise<T> {
	if (buildDir === undefined)
		return (await import(`../../nodes/CustomerIntegration/${path}.ts`)) as T;
	const load = createRequire(join(buildDir, 'package.json'));
	return load(join(buildDir, ...NODE_DIR, `${path}.js`)) as T;
}

/** The node class: compiled from `buildDir`, or the TypeScript source when undefined. */
export async function loadNodeClass(buildDir: string | undefined): Promise<NodeClass> {
	const module = await loadPackageModule<{ CustomerIntegration: NodeClass }>(
		buildDir,
		'CustomerIntegration.node',
	);
	return module.CustomerIntegration;
}

/** normalizeRecord + validateCustomer (no n8n): compiled from `buildDir`, or the sources. */
export async function loadValidator(buildDir: string | undefined): Promise<Validator> {
	const [normalize, validate, repeated] = await Promise.all([
		loadPackageModule<Pick<Validator, 'normalizeRecord'>>(buildDir, 'mapping/normalizeRecord'),
		loadPackageModule<Pick<Validator, 'validateCustomer'>>(buildDir, 'validation/validateCustomer'),
		loadPackageModule<Pick<Validator, 'RepeatedTexts'>>(buildDir, 'mapping/repeatedTexts'),
	]);
	return {
		normalizeRecord: normalize.normalizeRecord,
		validateCustomer: validate.validateCustomer,
		RepeatedTexts: repeated.RepeatedTexts,
	};
}
