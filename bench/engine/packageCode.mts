/**
 * This package's code as the scenarios run it. By default the orchestrator compiles it with tsc
 * (the repo's tsconfig, CommonJS, as `n8n-node build` does) into node_modules/.cache and every
 * scenario loads that: n8n runs compiled JavaScript, and tsx's ESM/CommonJS interop (every import
 * read through a getter) measurably slows hot code. `--source` runs the TypeScript through tsx.
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { IDataObject, INodeType } from 'n8n-workflow';

import type { recordStep as RecordStepObject } from '../../nodes/CustomerIntegration/actions/common/records.ts';

import type { normalizeRecord as NormalizeRecord } from '../../nodes/CustomerIntegration/mapping/normalizeRecord.ts';
import type { RepeatedTexts as RepeatedTextsClass } from '../../nodes/CustomerIntegration/mapping/repeatedTexts.ts';
import type { validateCustomer as ValidateCustomer } from '../../nodes/CustomerIntegration/validation/validateCustomer.ts';

export type NodeClass = new () => INodeType;
type RecordStep = typeof RecordStepObject;

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
export function buildPackage(
	repoRoot: string,
	sourceDir = repoRoot,
	outDir = buildDirOf(repoRoot),
): string {
	rmSync(outDir, { recursive: true, force: true });
	try {
		execFileSync(
			process.execPath,
			[
				join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'),
				'-p',
				join(sourceDir, 'tsconfig.json'),
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

/**
 * The package as it was at `commit` (git archive of its sources, compiled like buildPackage), for
 * node-lookups-baseline. Kept under node_modules/.cache so the compiled code resolves this checkout's
 * n8n-workflow and zod, as the package's own build does.
 */
export function buildCommit(repoRoot: string, commit: string): string {
	const sha = execFileSync('git', ['rev-parse', '--verify', `${commit}^{commit}`], {
		cwd: repoRoot,
		encoding: 'utf8',
	}).trim();
	const root = join(
		repoRoot,
		'node_modules',
		'.cache',
		'customer-integration-bench',
		`commit-${sha.slice(0, 12)}`,
	);
	const sourceDir = join(root, 'src');
	rmSync(root, { recursive: true, force: true });
	mkdirSync(sourceDir, { recursive: true });
	const archive = execFileSync(
		'git',
		[
			'archive',
			'--format=tar',
			sha,
			'index.ts',
			'nodes',
			'credentials',
			'package.json',
			'tsconfig.json',
		],
		{
			cwd: repoRoot,
			maxBuffer: 256 * 1024 * 1024,
		},
	);
	execFileSync('tar', ['-x', '-C', sourceDir], { input: archive });
	return buildPackage(repoRoot, sourceDir, join(root, 'build'));
}

const NODE_DIR = ['nodes', 'CustomerIntegration'];

/**
 * An ablation, for the node-get-many-unvalidated scenario: the package loaded from `buildDir` with its
 * per-record step (recordStep.check in actions/common/records) swapped for one that hands every parsed
 * record on as it came (no renaming, no validation, no normalization). What the node then spends is its
 * transport, JSON.parse and n8n's engine: the part of Get Many that validation work cannot make
 * faster. The swap holds for this process (the scenario child) until the returned function undoes it.
 */
export async function skipRecordChecks(buildDir: string | undefined): Promise<() => void> {
	const records = await loadPackageModule<{ recordStep: RecordStep }>(
		buildDir,
		'actions/common/records',
	);
	if (typeof records.recordStep?.check !== 'function')
		throw new Error('the package has no recordStep.check to bypass');
	const original = records.recordStep.check;
	records.recordStep.check = (raw) => ({ json: raw as IDataObject, valid: true, issues: [] });
	return () => {
		records.recordStep.check = original;
	};
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
