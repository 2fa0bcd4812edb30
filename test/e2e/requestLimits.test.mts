/**
 * Through the real n8n: a 400 KB gzip that expands to 400 MB stops at Max Response Size; a body that never
 * ends is cut off at Timeout (n8n's own timeout is the socket's
 * idle time, which a byte every 500 ms never reaches), and redirects stay inside the Base URL's scope: a
 * read redirected to another origin is refused with nothing sent there, one redirected inside the scope is
 * followed, and a write answered 307 to another origin is not re-sent. Plain http on 127.0.0.1 (allowed
 * for this machine), two loopback servers in this process; every node continues on error, so one
 * `n8n execute` covers every case.
 */
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { createGzip } from 'node:zlib';

import type { IRun } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { executeWorkflow } from '../../scripts/n8n-runtime/n8n.mts';
import { startLoopback, type Loopback } from '../faults/loopback.mjs';
import {
	BASIC_CREDENTIAL,
	customerNode,
	outputItems,
	prepareE2e,
	TRIGGER,
	workflow,
	type E2e,
} from './support.mts';

const WORKFLOW_ID = 'e2eRequestLimits';
const PASSWORD = 'E2e-Limits-Pw-4';
const CUSTOMER = { codigo: 'C1', nome: 'ANA SOUZA', email: 'ana@example.com.br' };

function trickle(response: ServerResponse): void {
	response.writeHead(200, { 'content-type': 'application/json' });
	response.write('[');
	const writeOne = (): void => {
		if (response.destroyed || response.writableEnded) return;
		response.write(' ', () => setTimeout(writeOne, 500));
	};
	writeOne();
}

/** `[`, `megabytes` MB of spaces, `]`: valid JSON (an empty list), gzip-compressed about 1000 to 1. */
async function gzipBomb(megabytes: number): Promise<Buffer> {
	const gzip = createGzip({ level: 9 });
	const out: Buffer[] = [];
	gzip.on('data', (chunk: Buffer) => out.push(chunk));
	const spaces = Buffer.alloc(2 ** 20, 0x20);
	gzip.write('[');
	for (let written = 0; written < megabytes; written++) {
		if (!gzip.write(spaces)) await once(gzip, 'drain');
	}
	gzip.end(']');
	await once(gzip, 'end');
	return Buffer.concat(out);
}

let bomb: Buffer;
let api: Loopback;
let other: Loopback;
let e2e: E2e;
let run: IRun;
let seconds: number;

const getBy = (path: string, options: Record<string, unknown> = {}) => ({
	operation: 'get',
	lookupField: 'codigo',
	lookupValue: 'C1',
	path,
	keyLocation: 'path',
	options: { maxAttempts: 1, timeoutSeconds: 2, ...options },
});

const continueOnError = { onError: 'continueRegularOutput' } as const;

const NODES = {
	'Trickling Body': customerNode('Trickling Body', getBy('/trickle/{codigo}')),
	'Redirect Away': customerNode('Redirect Away', getBy('/away/{codigo}')),
	'Redirect In Scope': customerNode('Redirect In Scope', getBy('/moved/{codigo}')),
	'Gzip Bomb': customerNode('Gzip Bomb', {
		operation: 'getAll',
		path: '/bomb',
		returnAll: true,
		pagination: 'none',
		options: { maxAttempts: 1, timeoutSeconds: 60 },
	}),
	'Write Redirected': customerNode('Write Redirected', {
		operation: 'update',
		path: '/clientes/{codigo}',
		method: 'PATCH',
		columns: { mappingMode: 'defineBelow', value: { codigo: 'C1', nome: 'ANA SOUZA LIMA' } },
		options: { maxAttempts: 1, timeoutSeconds: 2 },
	}),
};

beforeAll(async () => {
	bomb = await gzipBomb(400);
	other = await startLoopback(() => ({ body: JSON.stringify(CUSTOMER) }));
	api = await startLoopback((request) => {
		const path = request.url.pathname;
		if (path.startsWith('/api/trickle/')) return { raw: trickle };
		if (path === '/api/bomb') return { headers: { 'content-encoding': 'gzip' }, body: bomb };
		if (path.startsWith('/api/away/')) {
			return { status: 302, headers: { location: `${other.origin}/api/clientes/C1` }, body: '' };
		}
		if (path.startsWith('/api/moved/')) {
			return { status: 301, headers: { location: '/api/clientes/C1' }, body: '' };
		}
		if (request.method === 'PATCH') {
			return { status: 307, headers: { location: `${other.origin}/api/clientes/C1` }, body: '' };
		}
		return { body: JSON.stringify(CUSTOMER) };
	});
	const nodes = Object.values(NODES).map((each) => ({ ...each, ...continueOnError }));
	e2e = await prepareE2e({
		credentials: () => [
			{
				...BASIC_CREDENTIAL,
				data: { baseUrl: `${api.origin}/api`, username: 'erp', password: PASSWORD },
			},
		],
		workflows: workflow(
			WORKFLOW_ID,
			'E2E: trickling body and redirects',
			nodes,
			nodes.map((each) => [TRIGGER, each.name]),
		),
	});
	const started = Date.now();
	run = await executeWorkflow(e2e.env, WORKFLOW_ID);
	seconds = (Date.now() - started) / 1000;
});

afterAll(async () => {
	await e2e?.close();
	await Promise.all([api?.close(), other?.close()]);
});

describe('Timeout and redirects through the real n8n', () => {
	it('a body that never ends is cut off at Timeout, and the run goes on', () => {
		expect(outputItems(run, 'Trickling Body')).toEqual([
			expect.objectContaining({
				error:
					'Item 0: the customer API did not answer GET /trickle/C1 after 1 attempt (last: timed out after 2000 ms)',
			}),
		]);
		expect(
			api.requests.filter((request) => request.url.pathname === '/api/trickle/C1'),
		).toHaveLength(1);
		console.info(
			`n8n execute with a trickling body (Timeout 2 s) took ${seconds.toFixed(1)} s, boot included`,
		);
	});

	it('a 400 KB gzip that expands to 400 MB stops at the default Max Response Size (100 MB)', () => {
		expect(bomb.length).toBeLessThan(2 ** 20);
		expect(outputItems(run, 'Gzip Bomb')).toEqual([
			expect.objectContaining({
				error:
					"Item 0: the customer API's answer to GET /bomb is larger than Max Response Size (100 MB) - it was not read further",
			}),
		]);
		expect(api.requests.filter((request) => request.url.pathname === '/api/bomb')).toHaveLength(1);
		console.info(`gzip bomb: ${(bomb.length / 1024).toFixed(0)} KB compressed, 400 MB expanded`);
	});

	it('a read redirected to another origin is refused; that origin receives nothing', () => {
		expect(outputItems(run, 'Redirect Away')).toEqual([
			expect.objectContaining({
				error: `Item 0: the customer API redirected GET /away/C1 to ${other.origin}/api/clientes/C1, outside the credential's Base URL - nothing was sent there`,
			}),
		]);
		expect(other.requests).toEqual([]);
	});

	it('a read redirected inside the Base URL is followed', () => {
		expect(outputItems(run, 'Redirect In Scope')).toEqual([
			expect.objectContaining({ codigo: 'C1', nome: 'ANA SOUZA' }),
		]);
	});

	it('a write answered 307 is not re-sent anywhere and is not reported applied', () => {
		expect(outputItems(run, 'Write Redirected')).toEqual([
			expect.objectContaining({
				error: expect.stringMatching(
					/^Item 0: the customer API redirected PATCH \/clientes\/C1 to /,
				),
				_update: { applied: false, outcome: 'failed' },
			}),
		]);
		expect(api.requests.filter((request) => request.method === 'PATCH')).toHaveLength(1);
		expect(other.requests).toEqual([]);
		expect(JSON.stringify(run)).not.toContain(PASSWORD);
	});
});
