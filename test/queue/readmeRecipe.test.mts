/**
 * The README's docker-compose example and the deployment this suite starts set the same n8n variables, so
 * what is measured here is what the recipe deploys.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { REPO_ROOT } from '../../scripts/n8n-runtime/n8n.mts';
import { queueEnv } from '../../scripts/queue/deployment.mts';

/** Only the suite needs these: a dead worker's jobs are noticed in seconds instead of about 90. */
const SUITE_ONLY = ['QUEUE_WORKER_LOCK_DURATION', 'QUEUE_WORKER_STALLED_INTERVAL'];
/** Only production needs these: the suite installs the package itself in every user folder. */
const RECIPE_ONLY = ['N8N_REINSTALL_MISSING_PACKAGES'];

function composeExample(): string {
	const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
	const section = readme.slice(readme.indexOf('### Queue mode'));
	const block = /```yaml\n([\s\S]*?)```/.exec(section);
	if (!block) throw new Error('The README has no docker-compose example under "### Queue mode"');
	return block[1];
}

function n8nVariables(compose: string): string[] {
	const anchor = compose.slice(compose.indexOf('x-n8n:'), compose.indexOf('\nservices:'));
	return [...anchor.matchAll(/^ {4}([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1]).sort();
}

describe("the README's docker-compose example", () => {
	const compose = composeExample();
	const suite = Object.keys(
		queueEnv({
			postgres: { host: 'h', port: 1, user: 'u', password: 'p', database: 'd' },
			redis: { host: 'h', port: 2 },
			encryptionKey: 'k',
		}),
	);

	it('sets the variables the suite sets on every n8n process, and no others', () => {
		expect(n8nVariables(compose)).toEqual(
			[...suite.filter((name) => !SUITE_ONLY.includes(name)), ...RECIPE_ONLY].sort(),
		);
	});

	it('runs the same n8n, a main and workers, Postgres 17 and Redis', () => {
		expect(compose).toContain('image: docker.n8n.io/n8nio/n8n:2.41.1');
		expect(compose).toContain('command: start');
		expect(compose).toMatch(/command: worker --concurrency=10/);
		expect(compose).toContain('image: postgres:17');
		expect(compose).toMatch(/image: redis:/);
	});

	it('installs the package into every n8n container, under its real package name', () => {
		const name = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).name as string;
		expect(compose).toContain(`/home/node/.n8n/nodes/node_modules/${name}`);
		// The install is in the anchor that main and workers share.
		expect(compose.indexOf('tar -xzf')).toBeLessThan(compose.indexOf('\nservices:'));
		expect(compose.match(/<<: \*n8n/g)).toHaveLength(2);
	});
});
