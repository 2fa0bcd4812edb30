/**
 * This package's code as the scenarios run it. By default the orchestrator compiles it with tsc
 * (the repo's tsconfig, CommonJS, as `n8n-node build` does) into node_modules/.cache and every
 * scenario loads that: n8n runs compiled JavaScript, and tsx's ESM/CommonJS interop (every import
 * read through a getter) measurably slows hot code. `--source` runs the TypeScript through tsx.
 */

import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
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

/** The node class: compiled from `buildDir`, or the TypeScript source when undefined. */
export async function loadNodeClass(buildDir: string | undefined): Promise<NodeClass> {
	if (buildDir === undefined) {
		return (await import('../../nodes/CustomerIntegration/CustomerIntegration.node.ts'))
			.CustomerIntegration;
	}
	const load = createRequire(join(buildDir, 'package.json'));
	const file = join(buildDir, ...NODE_DIR, 'CustomerIntegration.node.js');
	return (load(file) as { CustomerIntegration: NodeClass }).CustomerIntegration;
}

/** normalizeRecord + validateCustomer (no n8n): compiled from `buildDir`, or the sources. */
export async function loadValidator(buildDir: string | undefined): Promise<Validator> {
	if (buildDir === undefined) {
		const [normalize, validate, repeated] = await Promise.all([
			import('../../nodes/CustomerIntegration/mapping/normalizeRecord.ts'),
			import('../../nodes/CustomerIntegration/validation/validateCustomer.ts'),
			import('../../nodes/CustomerIntegration/mapping/repeatedTexts.ts'),
		]);
		return {
			normalizeRecord: normalize.normalizeRecord,
			validateCustomer: validate.validateCustomer,
			RepeatedTexts: repeated.RepeatedTexts,
		};
	}
	const load = createRequire(join(buildDir, 'package.json'));
	const dir = join(buildDir, ...NODE_DIR);
	return {
		normalizeRecord: (load(join(dir, 'mapping', 'normalizeRecord.js')) as Validator)
			.normalizeRecord,
		validateCustomer: (load(join(dir, 'validation', 'validateCustomer.js')) as Validator)
			.validateCustomer,
		RepeatedTexts: (load(join(dir, 'mapping', 'repeatedTexts.js')) as Validator).RepeatedTexts,
	};
}
