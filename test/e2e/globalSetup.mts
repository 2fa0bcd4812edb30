/**
 * Once per e2e run: the n8n runtime must be installed, `dist/` must match the sources (built here only when
 * stale, so `npm run test:e2e`, which builds first, does not build twice), and one local CA serves every
 * file's sample API.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

import {
	isRuntimeInstalled,
	N8nRuntimeMissingError,
	REPO_ROOT,
} from '../../scripts/n8n-runtime/n8n.mts';
import { ensureCertificates } from '../sample-api/certificates.mts';

declare module 'vitest' {
	export interface ProvidedContext {
		certificateDir: string;
	}
}

function filesUnder(dir: string, pattern: RegExp): string[] {
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile() && pattern.test(entry.name))
		.map((entry) => join(entry.parentPath, entry.name));
}

function newestMtime(files: string[]): number {
	return Math.max(0, ...files.map((file) => statSync(file).mtimeMs));
}

function oldestMtime(files: string[]): number {
	return files.length ? Math.min(...files.map((file) => statSync(file).mtimeMs)) : 0;
}

function isDistFresh(): boolean {
	let built: string[];
	try {
		built = filesUnder(join(REPO_ROOT, 'dist'), /\.js$/);
	} catch {
		return false;
	}
	const sources = [
		...filesUnder(join(REPO_ROOT, 'nodes'), /\.(ts|json|svg)$/),
		...filesUnder(join(REPO_ROOT, 'credentials'), /\.(ts|svg)$/),
		join(REPO_ROOT, 'package.json'),
	];
	return built.length > 0 && newestMtime(sources) <= oldestMtime(built);
}

export default function setup(project: TestProject): () => void {
	if (!isRuntimeInstalled()) throw new N8nRuntimeMissingError();
	if (!isDistFresh()) {
		const build = spawnSync('npx', ['n8n-node', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
		if (build.status !== 0) throw new Error(`n8n-node build failed with ${build.status}`);
	}
	const certificateDir = mkdtempSync(join(tmpdir(), 'customer-e2e-ca-'));
	ensureCertificates(certificateDir);
	project.provide('certificateDir', certificateDir);
	return () => rmSync(certificateDir, { recursive: true, force: true });
}
