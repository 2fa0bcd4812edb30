/**
 * `npm run screenshots`: logs in to the n8n that `npm start` runs and saves PNGs of the node into docs/:
 * the node in the nodes panel, the Get operation's parameters, both credential forms, a Get's output, a Get
 * with a wrong Path, Get's Customer locator, and Update's Define Below listing the fields read from the API.
 *
 * Needs `npm start` running in another terminal, and Chromium (Debian: `apt-get install -y chromium`).
 *
 *   npm run screenshots [-- --url http://localhost:5678 --chromium /usr/bin/chromium --only locator]
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import type { Locator, Page } from 'playwright-core';

import { DEMO_OWNER, login, REPO_ROOT } from './n8n-runtime/n8n.mts';
import { dismissPopups, launchChromium, logIn as logInAs } from './lib/editorBrowser.mts';

const { values: flags } = parseArgs({
	options: {
		url: { type: 'string', default: 'http://localhost:5678' },
		chromium: { type: 'string', default: '/usr/bin/chromium' },
		// Only the steps whose name contains this text (e.g. --only locator).
		only: { type: 'string', default: '' },
	},
});

const DOCS_DIR = join(REPO_ROOT, 'docs');
const BASE_URL = flags.url.replace(/\/$/, '');
const WORKFLOW_GET = 'demoLookupByCpf';
const GET_NODE = 'Get Customer by CPF';
const WORKFLOW_UPDATE = 'demoUpdatePhone';
const UPDATE_NODE = 'Update Customer';

function log(message: string): void {
	process.stdout.write(`${message}\n`);
}

async function save(target: Page | Locator, name: string): Promise<void> {
	const path = join(DOCS_DIR, name);
	await target.screenshot({ path, animations: 'disabled' });
	log(`  saved docs/${name}`);
}

async function logIn(page: Page): Promise<void> {
	await logInAs(page, BASE_URL, DEMO_OWNER);
}

/** The panel that opens from a workflow's "+" (what happens next), searched for "Customer". */
async function nodesPanel(page: Page): Promise<void> {
	await page.goto(`${BASE_URL}/workflow/${WORKFLOW_GET}`);
	await page
		.locator(`[data-test-id="canvas-node"][data-node-name="${GET_NODE}"]`)
		.first()
		.waitFor();
	await dismissPopups(page);
	const tip = page.getByRole('button', { name: 'Got it' });
	if (await tip.isVisible()) await tip.click();
	// n8n 2.41 opens the nodes panel with N (Tab before).
	await page.keyboard.press('n');
	const search = page
		.locator('[data-test-id="node-creator-search-bar"] input, input[placeholder^="Search"]')
		.first();
	await search.waitFor();
	await search.fill('Customer');
	const item = page.getByText('Customer Integration', { exact: true }).first();
	await item.waitFor();
	await page.waitForTimeout(500);
	await save(page, 'screenshot-nodes-panel.png');
	// The node's actions, as the panel lists them once the node is chosen.
	await item.click();
	await page.getByText('Get many customers').first().waitFor();
	await page.waitForTimeout(500);
	await save(page, 'screenshot-node-actions.png');
	await page.keyboard.press('Escape');
}

async function openNode(page: Page, workflowId: string, nodeName: string): Promise<void> {
	await page.goto(`${BASE_URL}/workflow/${workflowId}`);
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).first();
	await node.waitFor();
	await dismissPopups(page);
	await node.dblclick();
	await page.locator('[data-test-id="ndv"]').first().waitFor();
	await page.waitForTimeout(800);
}

async function getOperation(page: Page): Promise<void> {
	await openNode(page, WORKFLOW_GET, GET_NODE);
	await save(page, 'screenshot-get-parameters.png');
	await page.locator('[data-test-id="node-execute-button"]').first().click();
	await page
		.locator('[data-test-id="ndv-output-panel"], [data-test-id="output-panel"]')
		.first()
		.getByText('MARIA APARECIDA DA SILVA')
		.first()
		.waitFor({ timeout: 60_000 });
	await page.waitForTimeout(800);
	await save(page, 'screenshot-get-output.png');
	await page.keyboard.press('Escape');
}

/**
 * Get's Customer locator (node version 1.1, what a new node gets), From List open on the API's customers.
 * Taken on a new workflow, deleted afterwards, so that no demo workflow changes.
 */
async function getLocator(page: Page): Promise<void> {
	await page.goto(`${BASE_URL}/workflow/new`);
	await page.waitForTimeout(1500);
	await dismissPopups(page);
	await page
		.locator('[data-test-id="canvas-add-button"], [data-test-id="node-creator-plus-button"]')
		.first()
		.click();
	const search = page
		.locator('[data-test-id="node-creator-search-bar"] input, input[placeholder^="Search"]')
		.first();
	await search.waitFor();
	await search.fill('Customer Integration');
	await page.getByText('Customer Integration', { exact: true }).first().click();
	await page.getByText('Get a customer', { exact: true }).first().click();
	const ndv = page.locator('[data-test-id="ndv"]').first();
	await ndv.waitFor();
	await page.waitForTimeout(1000);
	// A new node may come without a credential chosen: From List reads through one.
	const credential = ndv.locator('[data-test-id="node-credentials-select"]').first();
	if ((await credential.innerText().catch(() => '')).trim() === '') {
		await credential.click();
		await page.getByText('Sample API (Basic Auth)').last().click();
	}
	await ndv.locator('[data-test-id="rlc-mode-selector"], input[value="By CPF"]').first().click();
	await page
		.getByText(/^From list$/i)
		.last()
		.click();
	await page.waitForTimeout(500);
	await ndv
		.locator('[data-test-id="rlc-input-container"], [data-test-id="rlc-input"]')
		.first()
		.click();
	await page.getByText('MARIA APARECIDA DA SILVA').first().waitFor({ timeout: 30_000 });
	await page.waitForTimeout(800);
	await save(page, 'screenshot-get-locator.png');
	await page.keyboard.press('Escape');
	await page.keyboard.press('Escape');
	// The editor saves a new workflow once it has a node: remove it again (archive, then delete).
	await page.waitForTimeout(1500);
	const id = /\/workflow\/([^/?#]+)/.exec(new URL(page.url()).pathname)?.[1];
	if (id && id !== 'new') await deleteWorkflow(id);
}

async function deleteWorkflow(id: string): Promise<void> {
	const cookie = await login(BASE_URL, DEMO_OWNER);
	const headers = {
		cookie,
		'browser-id': 'customer-integration-scripts',
		'content-type': 'application/json',
	};
	await fetch(`${BASE_URL}/rest/workflows/${id}/archive`, { method: 'POST', headers, body: '{}' });
	const deleted = await fetch(`${BASE_URL}/rest/workflows/${id}`, { method: 'DELETE', headers });
	if (!deleted.ok) log(`  could not delete the workflow ${id} it created (HTTP ${deleted.status})`);
}

/**
 * Get with a Path the API does not have (/customers): the error that tells it apart from a customer not
 * found. The Path is put back and saved afterwards.
 */
async function wrongPathError(page: Page): Promise<void> {
	await openNode(page, WORKFLOW_GET, GET_NODE);
	const path = page.locator('[data-test-id="parameter-input-path"] input').first();
	await path.fill('/customers');
	await page.waitForTimeout(300);
	await page.locator('[data-test-id="node-execute-button"]').first().click();
	await page
		.locator('[data-test-id="ndv-output-panel"], [data-test-id="output-panel"]')
		.first()
		.getByText(/check the Path/)
		.first()
		.waitFor({ timeout: 60_000 });
	await page.waitForTimeout(800);
	await save(page, 'screenshot-get-wrong-path.png');
	await path.fill('/clientes');
	await page.waitForTimeout(300);
	await page.keyboard.press('Escape');
	await page.keyboard.press('Control+s');
	await page.waitForTimeout(2000);
}

/**
 * Update → Define Below with the fields the editor read from the API's own customers. The mapping mode is
 * put back to Map Automatically and saved afterwards: the editor saves every change into the demo workflow.
 */
async function updateMapper(page: Page): Promise<void> {
	await openNode(page, WORKFLOW_UPDATE, UPDATE_NODE);
	const ndv = page.locator('[data-test-id="ndv"]').first();
	const mode = ndv.locator('[data-test-id="mapping-mode-select"]');
	await mode.click();
	await page.getByText('Map Each Column Manually').last().click();
	await ndv.getByRole('button', { name: /add field/i }).click();
	// A field only the sample API's customers have: the list came from the API, not from the node.
	await page
		.getByText(/tipo_prestador|tipo prestador/i)
		.last()
		.waitFor();
	await page.waitForTimeout(500);
	await save(page, 'screenshot-update-api-fields.png');
	await page.keyboard.press('Escape');
	// Escape may close the node's panel along with the list.
	if (!(await mode.isVisible())) await openNode(page, WORKFLOW_UPDATE, UPDATE_NODE);
	await mode.click();
	await page.getByText('Map Automatically').last().click();
	await page.waitForTimeout(500);
	await page.keyboard.press('Escape');
	// Saved now rather than by the editor's autosave, which a closing browser can cut short.
	await page.keyboard.press('Control+s');
	await page.waitForTimeout(2000);
}

async function credentialForm(page: Page, credentialId: string, file: string): Promise<void> {
	await page.goto(`${BASE_URL}/home/credentials/${credentialId}`);
	const dialog = page.locator('[data-test-id="credential-edit-dialog"]').first();
	await dialog.waitFor({ timeout: 30_000 });
	await page.waitForTimeout(1000);
	await save(page, file);
	// The form scrolls inside a dialog of fixed height: picture the rest of it too.
	const scrolled = await dialog.evaluate((root) => {
		let moved = false;
		for (const element of [root, ...root.querySelectorAll('*')]) {
			if (element.scrollHeight > element.clientHeight + 10 && element.clientHeight > 100) {
				const style = getComputedStyle(element);
				if (style.overflowY === 'auto' || style.overflowY === 'scroll') {
					element.scrollTop = element.scrollHeight;
					moved = true;
				}
			}
		}
		return moved;
	});
	if (scrolled) {
		await page.waitForTimeout(500);
		await save(page, file.replace(/\.png$/, '-end.png'));
	}
	await page.keyboard.press('Escape');
}

async function main(): Promise<void> {
	await mkdir(DOCS_DIR, { recursive: true });
	const browser = await launchChromium(flags.chromium);
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		page.setDefaultTimeout(30_000);
		log(`Logging in to ${BASE_URL} as ${DEMO_OWNER.email}`);
		await logIn(page);
		const steps: Array<[string, () => Promise<void>]> = [
			['nodes panel', () => nodesPanel(page)],
			['Get parameters and output', () => getOperation(page)],
			['Get with a wrong Path', () => wrongPathError(page)],
			['Get customer locator', () => getLocator(page)],
			['Update fields read from the API', () => updateMapper(page)],
			[
				'Basic Auth credential',
				() => credentialForm(page, 'demoBasicAuthCred01', 'screenshot-credential-basic.png'),
			],
			[
				'OAuth2 credential',
				() => credentialForm(page, 'demoOAuth2Cred01', 'screenshot-credential-oauth2.png'),
			],
		];
		let failed = 0;
		for (const [name, run] of steps.filter(([name]) => name.includes(flags.only))) {
			log(name);
			try {
				await run();
			} catch (error) {
				failed++;
				const file = `screenshot-failed-${name.replace(/\W+/g, '-').toLowerCase()}.png`;
				await page.screenshot({ path: join(DOCS_DIR, file) }).catch(() => undefined);
				log(
					`  FAILED: ${error instanceof Error ? error.message.split('\n').slice(0, 3).join(' | ') : String(error)} (page: docs/${file})`,
				);
			}
		}
		if (failed > 0) process.exitCode = 1;
	} finally {
		await browser.close();
	}
}

await main();
