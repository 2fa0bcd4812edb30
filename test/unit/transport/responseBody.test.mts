import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';

import {
	discardBody,
	isLatin1Charset,
	readBodyText,
	ResponseTooLargeError,
	UndecodableBodyError,
} from '../../../nodes/CustomerIntegration/transport/responseBody';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('readBodyText', () => {
	it('decodes a UTF-8 stream whose characters are split between chunks', async () => {
		const bytes = utf8('[{"nome":"João","cidade":"São Paulo"}]');
		const cut = bytes.indexOf(0xc3) + 1; // inside the two bytes of "ã"
		const body = Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]);
		expect(await readBodyText(body, false)).toBe('[{"nome":"João","cidade":"São Paulo"}]');
	});

	it('decodes a body that declared Latin-1', async () => {
		const body = Readable.from([Buffer.from('{"nome":"João"}', 'latin1')]);
		expect(await readBodyText(body, true)).toBe('{"nome":"João"}');
	});

	it('refuses bytes that are not UTF-8, also when the last chunk ends in half a character, and lets the stream go', async () => {
		const broken = Readable.from([utf8('{"nome":"Jo'), Buffer.from([0xe3]), utf8('o"}')]);
		await expect(readBodyText(broken, false)).rejects.toBeInstanceOf(UndecodableBodyError);
		expect(broken.destroyed).toBe(true);

		const truncated = Readable.from([utf8('{"nome":"Jo'), Buffer.from([0xc3])]);
		await expect(readBodyText(truncated, false)).rejects.toBeInstanceOf(UndecodableBodyError);
	});

	it('passes on the failure of a stream cut in the middle of the body', async () => {
		const reset = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
		const body = new Readable({
			read() {
				this.push(utf8('[{"nome":'));
				this.destroy(reset);
			},
		});
		await expect(readBodyText(body, false)).rejects.toBe(reset);
	});

	it('reads bodies that are already text or bytes, and no body as empty text', async () => {
		expect(await readBodyText('{"a":1}', false)).toBe('{"a":1}');
		expect(await readBodyText(utf8('{"a":"ç"}'), false)).toBe('{"a":"ç"}');
		expect(await readBodyText(new Uint8Array(utf8('[]')).buffer, false)).toBe('[]');
		expect(await readBodyText(undefined, false)).toBe('');
		expect(await readBodyText(Readable.from([]), false)).toBe('');
	});
});

describe('isLatin1Charset / discardBody', () => {
	it('reads the charset of Content-Type; UTF-8 unless ISO-8859-1, latin1 or windows-1252', () => {
		expect(isLatin1Charset('application/json; charset=ISO-8859-1')).toBe(true);
		expect(isLatin1Charset('application/json;charset="windows-1252"')).toBe(true);
		expect(isLatin1Charset('application/json; charset=windows-1252')).toBe(true);
		expect(isLatin1Charset('application/json; charset=utf-8')).toBe(false);
		expect(isLatin1Charset(undefined)).toBe(false);
	});

	it('destroys a body stream nobody will read', () => {
		const body = Readable.from([utf8('{}')]);
		discardBody(body);
		expect(body.destroyed).toBe(true);
		expect(() => discardBody('text')).not.toThrow();
	});
});

describe('readBodyText: size limits', () => {
	it('stops at the first chunk past maxBytes and lets the stream go', async () => {
		let pulled = 0;
		const body = Readable.from(
			(function* () {
				for (let i = 0; i < 100; i++) {
					pulled++;
					yield Buffer.alloc(1_000, 0x20);
				}
			})(),
		);
		const error = await readBodyText(body, false, 2_500).catch((thrown: unknown) => thrown);
		expect(error).toBeInstanceOf(ResponseTooLargeError);
		expect(error).toMatchObject({ limit: 'setting', maxBytes: 2_500 });
		expect(pulled).toBeLessThan(10);
		expect(body.destroyed).toBe(true);
	});

	it('reads a body of exactly maxBytes', async () => {
		const body = Readable.from([Buffer.alloc(1_000, 0x20), Buffer.alloc(1_000, 0x20)]);
		expect(await readBodyText(body, false, 2_000)).toHaveLength(2_000);
	});

	it('applies maxBytes to a body given whole (bytes or text)', async () => {
		await expect(readBodyText(Buffer.alloc(11), false, 10)).rejects.toBeInstanceOf(
			ResponseTooLargeError,
		);
		await expect(readBodyText('x'.repeat(11), false, 10)).rejects.toBeInstanceOf(
			ResponseTooLargeError,
		);
	});

	it("past the engine's longest string: ResponseTooLargeError (engine), not a RangeError", async () => {
		// V8 builds both as ropes, so this costs little memory; together they pass its ~2^29 limit.
		const half = 'x'.repeat(2 ** 28);
		const body = Readable.from([half, half], { objectMode: true });
		const error = await readBodyText(body, false).catch((thrown: unknown) => thrown);
		expect(error).toBeInstanceOf(ResponseTooLargeError);
		expect(error).toMatchObject({ limit: 'engine' });
	});
});
