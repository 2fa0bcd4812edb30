import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { basicAuthorization } from './client.mts';

const CLI = fileURLToPath(new URL('./cli.mts', import.meta.url));

function firstLine(child: ChildProcess): Promise<string> {
	return new Promise((resolve, reject) => {
		let buffered = '';
		child.stdout!.setEncoding('utf8');
		child.stdout!.on('data', (chunk: string) => {
			buffered += chunk;
			const end = buffered.indexOf('\n');
			if (end >= 0) resolve(buffered.slice(0, end));
		});
		child.once('exit', (code) => reject(new Error(`CLI exited early with ${code}`)));
	});
}

describe('cli', () => {
	it('prints the URL and credentials, serves, and stops cleanly on SIGTERM', async () => {
		const child = spawn(
			process.execPath,
			[
				'--import',
				'tsx',
				CLI,
				'--port',
				'0',
				'--no-tls',
				'--records',
				'50',
				'--token-ttl',
				'30',
				'--json',
			],
			{ stdio: ['ignore', 'pipe', 'inherit'] },
		);
		try {
			const info = JSON.parse(await firstLine(child)) as {
				url: string;
				records: number;
				basic: { username: string; password: string };
				oauth: { clientId: string; clientSecret: string; tokenUrl: string };
			};
			expect(info.records).toBe(50);
			expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
			const listed = await fetch(`${info.url}/clientes?page=1&pageSize=5`, {
				headers: { authorization: basicAuthorization(info.basic) },
			});
			expect(await listed.json()).toHaveLength(5);
			const token = await fetch(info.oauth.tokenUrl, {
				method: 'POST',
				headers: {
					authorization: basicAuthorization({
						username: info.oauth.clientId,
						password: info.oauth.clientSecret,
					}),
					'content-type': 'application/x-www-form-urlencoded',
				},
				body: 'grant_type=client_credentials',
			});
			expect(await token.json()).toMatchObject({ expires_in: 30 });
			const exited = once(child, 'exit');
			child.kill('SIGTERM');
			const [code] = await exited;
			expect(code).toBe(0);
		} finally {
			if (child.exitCode === null) child.kill('SIGKILL');
		}
	});
});
