/**
 * n8n's own nodes for the comparison scenarios, loaded from the real n8n 2.41.1 that
 * scripts/n8n-runtime/install.sh puts in .n8n-runtime/ (n8n-nodes-base is 1.5 GB of dependencies:
 * too heavy for this package's devDependencies).
 *
 * In a real n8n process n8n-core, n8n-nodes-base and community nodes share one n8n-workflow. The
 * runtime has its own copy (the same 2.41.0 as ours), so its `require('n8n-workflow')` is pointed at
 * the copy our n8n-core uses: one set of classes (NodeApiError, Expression), as in n8n.
 */

import { existsSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RUNTIME_DIR = process.env.N8N_RUNTIME_DIR ?? join(REPO_ROOT, '.n8n-runtime');
const NODES_BASE = join(RUNTIME_DIR, 'node_modules', 'n8n-nodes-base');

/** The type names n8n gives these nodes in a workflow. */
export const HTTP_REQUEST_TYPE = 'n8n-nodes-base.httpRequest';
export const LOOP_OVER_ITEMS_TYPE = 'n8n-nodes-base.splitInBatches';
export const NO_OP_TYPE = 'n8n-nodes-base.noOp';
export const SPLIT_OUT_TYPE = 'n8n-nodes-base.splitOut';
/** The HTTP Request node version n8n 2.41 puts in new workflows. */
export const HTTP_REQUEST_VERSION = 4.5;

const requireHere = createRequire(import.meta.url);
const ourN8nWorkflow = requireHere.resolve('n8n-workflow');

type ResolveFilename = (
	request: string,
	parent: { filename?: string } | undefined,
	...rest: unknown[]
) => string;
const moduleInternals = Module as unknown as { _resolveFilename: ResolveFilename };

let shared = false;
function shareN8nWorkflow(): void {
	if (shared) return;
	shared = true;
	const original = moduleInternals._resolveFilename;
	const runtimePrefix = RUNTIME_DIR + sep;
	moduleInternals._resolveFilename = function (request, parent, ...rest) {
		if (request === 'n8n-workflow' && parent?.filename?.startsWith(runtimePrefix))
			return ourN8nWorkflow;
		return original.call(this, request, parent, ...rest);
	};
}

function versionOf(packageJson: string): string {
	return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

export interface N8nNodesBase {
	version: string;
	httpRequest: IVersionedNodeType;
	loopOverItems: IVersionedNodeType;
	noOp: INodeType;
	splitOut: INodeType;
	httpBasicAuth: ICredentialType;
}

/** Throws with the install command when the runtime is missing. */
export function loadN8nNodesBase(): N8nNodesBase {
	const packageJson = join(NODES_BASE, 'package.json');
	if (!existsSync(packageJson)) {
		throw new Error(
			`n8n-nodes-base not found in ${RUNTIME_DIR}: run bash scripts/n8n-runtime/install.sh first`,
		);
	}
	shareN8nWorkflow();
	const load = createRequire(packageJson);
	/** One class from n8n-nodes-base's dist, loaded on first use (a cold run pays only for what it uses). */
	const lazy = <T,>(path: string, name: string) => {
		let instance: T | undefined;
		return () =>
			(instance ??= new (load(join(NODES_BASE, 'dist', path)) as Record<string, new () => T>)[
				name
			]());
	};
	const httpRequest = lazy<IVersionedNodeType>(
		'nodes/HttpRequest/HttpRequest.node.js',
		'HttpRequest',
	);
	const loopOverItems = lazy<IVersionedNodeType>(
		'nodes/SplitInBatches/SplitInBatches.node.js',
		'SplitInBatches',
	);
	const noOp = lazy<INodeType>('nodes/NoOp/NoOp.node.js', 'NoOp');
	const splitOut = lazy<INodeType>('nodes/Transform/SplitOut/SplitOut.node.js', 'SplitOut');
	const httpBasicAuth = lazy<ICredentialType>(
		'credentials/HttpBasicAuth.credentials.js',
		'HttpBasicAuth',
	);
	return {
		version: versionOf(packageJson),
		get httpRequest() {
			return httpRequest();
		},
		get loopOverItems() {
			return loopOverItems();
		},
		get noOp() {
			return noOp();
		},
		get splitOut() {
			return splitOut();
		},
		get httpBasicAuth() {
			return httpBasicAuth();
		},
	};
}
