/**
 * Runs the sample customer API until SIGINT/SIGTERM, for the demo and the benchmark:
 *
 *   npx tsx test/sample-api/cli.mts --port 3443 --tls-dir <dir> --records 300 --token-ttl 30
 *
 * Prints the base URL, the CA path (for NODE_EXTRA_CA_CERTS) and the demo credentials; with --json,
 * one JSON line instead, for scripts that start it.
 */

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { startSampleApi, type SampleApiOptions } from './server.mts';

const USAGE = `Usage: npx tsx test/sample-api/cli.mts [options]
  --port <n>                 port on 127.0.0.1 (default 3443; 0 = any free port)
  --tls-dir <dir>            where the CA and certificate live (default: a folder under the OS temp dir)
  --no-tls                   plain HTTP
  --records <n>              generated customers (default 300)
  --seed <n>                 dataset seed (default 1)
  --token-ttl <seconds>      OAuth2 access token lifetime (default 300)
  --token-ttl-requests <n>   access tokens also expire after n API requests
  --expired-status <401|403> status for an expired token (default 401)
  --latency <ms>             delay every request
  --rate-limit <n>           refuse /api requests beyond n per second (429 with Retry-After)
  --fault-rate <0..1>        inject random faults (429, 5xx, resets) at this rate
  --fault-seed <n>           seed of the fault plan (default 1)
  --json                     print one JSON line with the URLs and credentials
  --help`;

function numberOption(values: Record<string, unknown>, name: string): number | undefined {
	const raw = values[name];
	if (raw === undefined) return undefined;
	const value = Number(raw);
	if (!Number.isFinite(value)) {
		process.stderr.write(`--${name} must be a number\n${USAGE}\n`);
		process.exit(2);
	}
	return value;
}

const { values } = parseArgs({
	options: {
		port: { type: 'string' },
		'tls-dir': { type: 'string' },
		'no-tls': { type: 'boolean' },
		records: { type: 'string' },
		seed: { type: 'string' },
		'token-ttl': { type: 'string' },
		'token-ttl-requests': { type: 'string' },
		'expired-status': { type: 'string' },
		latency: { type: 'string' },
		'rate-limit': { type: 'string' },
		'fault-rate': { type: 'string' },
		'fault-seed': { type: 'string' },
		json: { type: 'boolean' },
		help: { type: 'boolean' },
	},
});

if (values.help) {
	process.stdout.write(`${USAGE}\n`);
	process.exit(0);
}

const expiredStatus = numberOption(values, 'expired-status');
if (expiredStatus !== undefined && expiredStatus !== 401 && expiredStatus !== 403) {
	process.stderr.write(`--expired-status must be 401 or 403\n`);
	process.exit(2);
}
const faultRate = numberOption(values, 'fault-rate');

const options: SampleApiOptions = {
	port: numberOption(values, 'port') ?? 3443,
	tls: values['no-tls']
		? false
		: { dir: values['tls-dir'] ?? join(tmpdir(), 'n8n-customer-integration-sample-api', 'certs') },
	records: numberOption(values, 'records') ?? 300,
	seed: numberOption(values, 'seed'),
	oauth: {
		tokenTtlSeconds: numberOption(values, 'token-ttl'),
		tokenTtlRequests: numberOption(values, 'token-ttl-requests'),
		expiredStatus: expiredStatus as 401 | 403 | undefined,
	},
	latencyMs: numberOption(values, 'latency'),
	rateLimit: values['rate-limit'] ? { requests: numberOption(values, 'rate-limit')! } : undefined,
	faults: faultRate
		? { seed: numberOption(values, 'fault-seed') ?? 1, rate: faultRate }
		: undefined,
};

const api = await startSampleApi(options);
const { basic, oauth } = api.credentials;

if (values.json) {
	process.stdout.write(
		JSON.stringify({
			url: api.url,
			origin: api.origin,
			caPath: api.caPath,
			records: api.state.records.length,
			basic,
			oauth,
		}) + '\n',
	);
} else {
	process.stdout.write(
		[
			`Sample customer API listening: ${api.url}`,
			`  (the certificate also covers https://localhost:${new URL(api.origin).port})`,
			api.caPath
				? `CA certificate: ${api.caPath}  (for n8n: NODE_EXTRA_CA_CERTS=${api.caPath})`
				: 'TLS: off',
			`Records: ${api.state.records.length}`,
			`Basic Auth: user "${basic.username}", password "${basic.password}"`,
			`OAuth2: client id "${oauth.clientId}", client secret "${oauth.clientSecret}"`,
			`  token URL ${oauth.tokenUrl}`,
			`  authorization URL ${oauth.authorizeUrl}`,
			'Try: GET /api/clientes?page=1&pageSize=10, /api/clientes?cpf=52998224725, /api/clientes/C0001',
			'Stop with Ctrl+C.',
			'',
		].join('\n'),
	);
}

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
	if (stopping) return;
	stopping = true;
	if (!values.json) process.stdout.write(`\n${signal}: stopping.\n`);
	api.close().then(
		() => process.exit(0),
		() => process.exit(1),
	);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
