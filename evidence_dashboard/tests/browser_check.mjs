// Opens each page of a served Evidence build in headless Chromium and reports, as JSON on stdout,
// the console errors, page errors and (optionally) whether an expected text is visible.
//
//   node tests/browser_check.mjs --base http://127.0.0.1:4173 --pages /,/history \
//        [--expect "/=Some launch name"] [--screenshots DIR] [--chromium /usr/bin/chromium]
//
// Requests to https://extensions.duckdb.org/** (DuckDB-WASM's parquet extension) are answered
// from DuckDB's local extension cache when the file is there, so the check works offline.
// Every other request that leaves the served site (map tiles, launch images) is answered with
// an empty image or aborted: the check must not depend on the internet.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function parseArgs(argv) {
	const args = { pages: ['/'], expect: [], chromium: '/usr/bin/chromium', timeout: 90000 };
	for (let i = 0; i < argv.length; i += 2) {
		const [key, value] = [argv[i], argv[i + 1]];
		if (key === '--base') args.base = value.replace(/\/$/, '');
		else if (key === '--pages') args.pages = value.split(',').filter(Boolean);
		else if (key === '--expect') args.expect.push(value);
		else if (key === '--screenshots') args.screenshots = value;
		else if (key === '--chromium') args.chromium = value;
		else if (key === '--timeout') args.timeout = Number(value);
		else throw new Error(`unknown argument ${key}`);
	}
	if (!args.base) throw new Error('--base is required');
	return args;
}

const EXTENSION_CACHE = path.join(os.homedir(), '.duckdb', 'extensions', 'extensions.duckdb.org');
// 1x1 transparent PNG
const BLANK_PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
	'base64'
);

const args = parseArgs(process.argv.slice(2));
const expectations = Object.fromEntries(
	args.expect.map((e) => {
		const i = e.indexOf('=');
		return [e.slice(0, i), e.slice(i + 1)];
	})
);
const baseOrigin = new URL(args.base).origin;

const browser = await chromium.launch({
	executablePath: args.chromium,
	args: [
		'--headless',
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--no-first-run'
	]
});
const results = [];
try {
	const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
	const extensionRequests = [];
	await context.route('**/*', async (route) => {
		const url = new URL(route.request().url());
		if (url.origin === baseOrigin || url.protocol === 'data:' || url.protocol === 'blob:') {
			return route.continue();
		}
		if (url.hostname === 'extensions.duckdb.org') {
			const file = path.join(EXTENSION_CACHE, url.pathname);
			extensionRequests.push({ url: url.href, cached: fs.existsSync(file) });
			if (fs.existsSync(file)) {
				return route.fulfill({
					status: 200,
					contentType: 'application/wasm',
					body: fs.readFileSync(file),
					headers: { 'access-control-allow-origin': '*' }
				});
			}
			return route.abort();
		}
		if (route.request().resourceType() === 'image') {
			return route.fulfill({ status: 200, contentType: 'image/png', body: BLANK_PNG });
		}
		return route.abort();
	});

	for (const pagePath of args.pages) {
		const page = await context.newPage();
		const errors = [];
		page.on('console', (msg) => {
			if (msg.type() !== 'error') return;
			const where = msg.location()?.url ?? '';
			const text = msg.text();
			// Prerendered query fetches are aborted on navigation: harmless (see EVIDENCE_NOTES).
			if (text.includes('/api/prerendered_queries/') || where.includes('/api/prerendered_queries/')) return;
			// Requests we deliberately answered or aborted outside the site.
			if (text.startsWith('Failed to load resource') && where && !where.startsWith(baseOrigin)) return;
			errors.push(where ? `${text} (${where})` : text);
		});
		page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
		const started = Date.now();
		let status = null;
		try {
			const response = await page.goto(args.base + pagePath, {
				waitUntil: 'networkidle',
				timeout: args.timeout
			});
			status = response ? response.status() : null;
			// Let hydration finish its DuckDB queries and charts draw.
			await page.waitForTimeout(2500);
		} catch (e) {
			errors.push(`navigation: ${e.message.split('\n')[0]}`);
		}
		const result = {
			page: pagePath,
			status,
			ms: Date.now() - started,
			title: await page.title().catch(() => ''),
			errors,
			tableRows: await page.locator('table:visible tr:has(td)').count().catch(() => -1)
		};
		if (expectations[pagePath] !== undefined) {
			const text = expectations[pagePath];
			result.expected = text;
			result.found = await page
				.getByText(text, { exact: false })
				.first()
				.isVisible()
				.catch(() => false);
		}
		if (args.screenshots) {
			fs.mkdirSync(args.screenshots, { recursive: true });
			const name = pagePath === '/' ? 'index' : pagePath.replace(/^\/|\/$/g, '').replace(/\//g, '_');
			result.screenshot = path.join(args.screenshots, `${name}.png`);
			await page.screenshot({ path: result.screenshot, fullPage: true });
		}
		results.push(result);
		await page.close();
	}
	console.log(JSON.stringify({ results, extensionRequests }, null, 1));
} finally {
	await browser.close();
}
