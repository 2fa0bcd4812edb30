/**
 * A local CA and a localhost server certificate for the HTTPS sample API, so n8n and the tests talk
 * real, verified TLS (trusting the CA through NODE_EXTRA_CA_CERTS or the `ca` option) instead of
 * turning verification off.
 *
 * Keys come from node:crypto (native, fast); node-forge only builds and signs the X.509 certificates,
 * which node:crypto cannot do. The CA's private key is never written to disk: when the files are
 * missing or the server certificate is about to expire, all three are generated again.
 */

import { createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

export interface CertificateFiles {
	caPath: string;
	certPath: string;
	keyPath: string;
	ca: string;
	cert: string;
	key: string;
}

const CA_FILE = 'ca.pem';
const CERT_FILE = 'server.pem';
const KEY_FILE = 'server-key.pem';
const LOCK_FILE = '.generating.lock';
const DAY_MS = 24 * 60 * 60 * 1000;
/** Under 398 days, the most any TLS client accepts for a server certificate. */
const VALIDITY_DAYS = 397;
const LOCK_WAIT_MS = 30_000;

function rsaKeyPair(): {
	privateKey: forge.pki.rsa.PrivateKey;
	publicKey: forge.pki.rsa.PublicKey;
} {
	const { privateKey } = generateKeyPairSync('rsa', {
		modulusLength: 2048,
		privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
		publicKeyEncoding: { type: 'spki', format: 'pem' },
	});
	const forgeKey = forge.pki.privateKeyFromPem(privateKey);
	return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

function serialNumber(): string {
	// Positive (high bit clear) 16-byte serial, as RFC 5280 asks.
	const bytes = randomBytes(16);
	bytes[0] &= 0x7f;
	return bytes.toString('hex');
}

function validity(cert: forge.pki.Certificate, now: Date): void {
	cert.validity.notBefore = new Date(now.getTime() - DAY_MS);
	cert.validity.notAfter = new Date(now.getTime() + VALIDITY_DAYS * DAY_MS);
}

function generate(now = new Date()): { ca: string; cert: string; key: string } {
	const caKeys = rsaKeyPair();
	const caCert = forge.pki.createCertificate();
	caCert.publicKey = caKeys.publicKey;
	caCert.serialNumber = serialNumber();
	validity(caCert, now);
	const caSubject = [
		{ name: 'commonName', value: 'Customer Integration Sample API Local CA' },
		{ name: 'organizationName', value: 'n8n-nodes-customer-integration tests' },
	];
	caCert.setSubject(caSubject);
	caCert.setIssuer(caSubject);
	caCert.setExtensions([
		{ name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
		{ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
		{ name: 'subjectKeyIdentifier' },
	]);
	caCert.sign(caKeys.privateKey, forge.md.sha256.create());

	const serverKeys = rsaKeyPair();
	const serverCert = forge.pki.createCertificate();
	serverCert.publicKey = serverKeys.publicKey;
	serverCert.serialNumber = serialNumber();
	validity(serverCert, now);
	serverCert.setSubject([{ name: 'commonName', value: 'localhost' }]);
	serverCert.setIssuer(caSubject);
	serverCert.setExtensions([
		{ name: 'basicConstraints', cA: false, critical: true },
		{ name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
		{ name: 'extKeyUsage', serverAuth: true },
		{
			name: 'subjectAltName',
			altNames: [
				{ type: 2, value: 'localhost' },
				{ type: 7, ip: '127.0.0.1' },
				{ type: 7, ip: '::1' },
			],
		},
		{ name: 'subjectKeyIdentifier' },
		{
			name: 'authorityKeyIdentifier',
			keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes(),
		},
	]);
	serverCert.sign(caKeys.privateKey, forge.md.sha256.create());

	return {
		ca: forge.pki.certificateToPem(caCert),
		cert: forge.pki.certificateToPem(serverCert),
		key: forge.pki.privateKeyToPem(serverKeys.privateKey),
	};
}

function paths(dir: string): { caPath: string; certPath: string; keyPath: string } {
	return {
		caPath: join(dir, CA_FILE),
		certPath: join(dir, CERT_FILE),
		keyPath: join(dir, KEY_FILE),
	};
}

/** The files in `dir`, if all are there, parse, belong together and stay valid for another day. */
function readUsable(dir: string): CertificateFiles | undefined {
	const files = paths(dir);
	if (![files.caPath, files.certPath, files.keyPath].every((path) => existsSync(path)))
		return undefined;
	try {
		const ca = readFileSync(files.caPath, 'utf8');
		const cert = readFileSync(files.certPath, 'utf8');
		const key = readFileSync(files.keyPath, 'utf8');
		const caCert = new X509Certificate(ca);
		const serverCert = new X509Certificate(cert);
		const expiresAt = Date.parse(serverCert.validTo);
		if (!serverCert.verify(caCert.publicKey) || expiresAt - Date.now() < DAY_MS) return undefined;
		if (!serverCert.checkPrivateKey(createPrivateKey(key))) return undefined;
		return { ...files, ca, cert, key };
	} catch {
		return undefined;
	}
}

function sleepSync(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Several test files may start HTTPS servers on the same directory at once (vitest runs files in
 * parallel): one of them generates under a lock file, the others wait and then read its files.
 */
function withLock<T>(dir: string, work: () => T): T {
	const lockPath = join(dir, LOCK_FILE);
	const deadline = Date.now() + LOCK_WAIT_MS;
	for (;;) {
		try {
			writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			if (Date.now() > deadline) rmSync(lockPath, { force: true });
			else sleepSync(50);
		}
	}
	try {
		return work();
	} finally {
		rmSync(lockPath, { force: true });
	}
}

function writeAtomically(path: string, content: string, mode: number): void {
	const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
	writeFileSync(temporary, content, { mode });
	renameSync(temporary, path);
}

/** Reuses the CA and server certificate in `dir`, or generates them there (ca.pem, server.pem, server-key.pem). */
export function ensureCertificates(dir: string): CertificateFiles {
	mkdirSync(dir, { recursive: true });
	const existing = readUsable(dir);
	if (existing) return existing;
	return withLock(dir, () => {
		const written = readUsable(dir);
		if (written) return written;
		const generated = generate();
		const files = paths(dir);
		writeAtomically(files.keyPath, generated.key, 0o600);
		writeAtomically(files.certPath, generated.cert, 0o644);
		writeAtomically(files.caPath, generated.ca, 0o644);
		return { ...files, ...generated };
	});
}
