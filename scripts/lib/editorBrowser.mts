/**
 * Debian's Chromium driven by playwright-core against the real n8n editor: what `npm run screenshots` and
 * the browser tests (test/browser/) share.
 */
import { chromium, type Browser, type Page } from 'playwright-core';

import type { N8nOwner } from '../n8n-runtime/n8n.mts';

export const CHROMIUM = '/usr/bin/chromium';

/** Headless, offline-friendly: nothing of Chromium's own phones home or waits for a network. */
export async function launchChromium(executablePath = CHROMIUM): Promise<Browser> {
	return await chromium.launch({
		executablePath,
		headless: true,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}

export async function logIn(page: Page, baseUrl: string, owner: N8nOwner): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page
		.locator('input[type="email"], input[name="emailOrLdapLoginId"]')
		.first()
		.fill(owner.email);
	await page.locator('input[type="password"]').first().fill(owner.password);
	await page.getByRole('button', { name: /sign in/i }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
}

/** Closes whatever popup n8n opens on a first visit (what's new, surveys) so it is not in a picture. */
export async function dismissPopups(page: Page): Promise<void> {
	await page.keyboard.press('Escape');
	await page.waitForTimeout(300);
}
