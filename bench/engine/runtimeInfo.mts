/** The version of n8n-nodes-base in the n8n runtime, without loading any node. */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { RUNTIME_DIR } from './n8nNodesBase.mts';

export function loadN8nNodesBaseVersion(): string {
	const packageJson = join(RUNTIME_DIR, 'node_modules', 'n8n-nodes-base', 'package.json');
	return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}
