// Opens each page of a served Evidence build in headless Chromium, at each viewport width, and
// reports, as JSON on stdout, the console errors, page errors, the title, table rows, whether the
// page or a table overflows the viewport sideways and (optionally) whether an expected text is visible.
//
//   node tests/browser_check.mjs --base http://127.0.0.1:4173 --pages /,/history \
//        [--widths 1280,375] [--expect "/=Some launch name"] [--screenshots DIR] \
//        [--chromium /usr/bin/chromium] [--images blank|abort] [--timezone Asia/Kolkata] \
//        [--home-scenario JSON]
//
// --images abort fails every image from outside the site (as offline): the pages must then show
// their placeholders, and each result counts `brokenImages` (visible <img> that failed to load,
// map tiles aside).
//
// --home-scenario runs interactions on the home page (at the first width) and reports what they
// showed under `scenario` (the caller compares with its own expectations):
//   {"table": "<css selector of the upcoming table's wrapper>", "column": "<header of the name column>",
//    "localTime": "<css selector of the local-time label>",
//    "provider": {"dropdown": "Provider", "option": "<provider name>"}, // keep only this provider
//    "search": "<text typed in the table's search box>",
//    "click": "<launch name>"}  // click its row; report the URL and the page's h1
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
	const args = {
		pages: ['/'],
		expect: [],
		chromium: '/usr/bin/chromium',
		timeout: 90000,
		widths: [1280, 375],
		images: 'blank',
		scenario: null
	};
	for (let i = 0; i < argv.length; i += 2) {
		const [key, value] = [argv[i], argv[i + 1]];
		if (key === '--base') args.base = value.replace(/\/$/, '');
		else if (key === '--pages') args.pages = value.split(',').filter(Boolean);
		else if (key === '--expect') args.expect.push(value);
		else if (key === '--screenshots') args.screenshots = value;
		else if (key === '--chromium') args.chromium = value;
		else if (key === '--timeout') args.timeout = Number(value);
		else if (key === '--widths') args.widths = value.split(',').map(Number);
		else if (key === '--images') args.images = value;
		else if (key === '--timezone') args.timezone = value;
		else if (key === '--home-scenario') args.scenario = JSON.parse(value);
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
	const context = await browser.newContext({
		viewport: { width: 1400, height: 1000 },
		...(args.timezone ? { timezoneId: args.timezone } : {})
	});
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
		if (route.request().resourceType() === 'image' && args.images !== 'abort') {
			return route.fulfill({ status: 200, contentType: 'image/png', body: BLANK_PNG });
		}
		return route.abort();
	});

	const watchErrors = (page, errors) => {
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
	};

	for (const width of args.widths)
	for (const pagePath of args.pages) {
		const page = await context.newPage();
		await page.setViewportSize({ width, height: 900 });
		const errors = [];
		watchErrors(page, errors);
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
		// Each visible table whose scroll box scrolls sideways: its headers and how far it runs over.
		const cut = await page
			.evaluate(() =>
				[...document.querySelectorAll('table')]
					.map((table) => {
						const box = table.closest('.scrollbox') ?? table.parentElement;
						const over = box.scrollWidth - box.clientWidth;
						const headers = [...table.querySelectorAll('th')]
							.filter((th) => th.getClientRects().length > 0 && th.textContent.trim())
							.map((th) => th.textContent.trim());
						return table.getClientRects().length > 0 && over > 1 ? `${headers.join(' | ')} (+${over} px)` : null;
					})
					.filter(Boolean)
			)
			.catch(() => null);
		const result = {
			page: pagePath,
			width,
			status,
			ms: Date.now() - started,
			title: await page.title().catch(() => ''),
			errors,
			tableRows: await page.locator('table:visible tr:has(td)').count().catch(() => -1),
			// How far the page scrolls sideways beyond the viewport (tables scroll inside their own box).
			overflowX: await page
				.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
				.catch(() => -1),
			brokenImages: await page
				.evaluate(
					() =>
						[...document.querySelectorAll('img')].filter(
							(img) =>
								!img.closest('.leaflet-container') &&
								img.getClientRects().length > 0 &&
								img.complete &&
								img.naturalWidth === 0
						).length
				)
				.catch(() => -1),
			imagePlaceholders: await page.locator('[data-image-placeholder]:visible').count().catch(() => -1),
			// The home page's countdown to the next launch, and the page's clock when it was read.
			...(await page
				.evaluate(() => ({
					countdown: document.querySelector('#countdown')?.textContent.trim() ?? null,
					countdownReadAt: Date.now()
				}))
				.catch(() => ({ countdown: null, countdownReadAt: null }))),
			// Evidence's error boxes (a chart, table, value or input that failed: all drawn with
			// border-negative/50), each with its text, e.g. "Dataset is empty".
			errorBoxes: await page
				.evaluate(() =>
					[...document.querySelectorAll('[class*="border-negative/50"]')]
						.filter((el) => el.getClientRects().length > 0)
						.map((el) => el.textContent.replace(/\s+/g, ' ').trim().slice(0, 200))
				)
				.catch((e) => [`could not look for error boxes: ${e.message}`]),
			// Visible tables whose scroll box scrolls sideways (a column out of sight), and which.
			cutTables: cut ? cut.length : -1,
			cutDetail: cut ?? []
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
			result.screenshot = path.join(args.screenshots, `${name}-${width}.png`);
			await page.screenshot({ path: result.screenshot, fullPage: true });
		}
		results.push(result);
		await page.close();
	}
	let scenario = null;
	if (args.scenario) scenario = await homeScenario(context, args.scenario, args.widths[0]);
	console.log(JSON.stringify({ results, scenario, extensionRequests }, null, 1));
} finally {
	await browser.close();
}

// The cells of one column (by its header text) in the visible rows of the table under `selector`.
async function columnCells(page, selector, header) {
	return page.evaluate(
		({ selector, header }) => {
			// the visible table (DataTable keeps a hidden copy for its full-screen view)
			const table = [...document.querySelectorAll(`${selector} table`)].find(
				(t) => t.getClientRects().length > 0
			);
			if (!table) return null;
			// the header row naming the columns (DataTable draws an empty column-group row above it)
			const headerRow = [...table.querySelectorAll('tr')].find((tr) =>
				[...tr.querySelectorAll('th')].some((th) => th.innerText.trim() === header)
			);
			if (!headerRow) return { error: `no column ${header}` };
			const index = [...headerRow.querySelectorAll('th')].findIndex((th) => th.innerText.trim() === header);
			return [...table.querySelectorAll('tr')]
				.filter((tr) => tr.querySelector('td'))
				.map((tr) => tr.querySelectorAll('td')[index]?.innerText.trim());
		},
		{ selector, header }
	);
}

// Waits until the column's cells have changed from `before` and stopped changing (queries run in
// DuckDB-WASM, debounced). An unchanged table is not settled but not yet redrawn: on a busy
// machine the query takes longer than the 10 s this once waited, and the test read the table from
// before the filter. Up to a minute, the page's own default timeout.
async function settledCells(page, selector, header, before) {
	let last = null;
	for (let i = 0; i < 240; i++) {
		await page.waitForTimeout(250);
		const now = JSON.stringify(await columnCells(page, selector, header));
		if (now !== JSON.stringify(before) && now === last) return JSON.parse(now);
		last = now;
	}
	return JSON.parse(last);
}

async function homeScenario(context, spec, width) {
	const out = { errors: [] };
	const open = async () => {
		const page = await context.newPage();
		page.setDefaultTimeout(60000); // the inputs appear once DuckDB-WASM has loaded
		await page.setViewportSize({ width, height: 900 });
		page.on('pageerror', (err) => out.errors.push(`page error: ${err.message}`));
		await page.goto(args.base + '/', { waitUntil: 'networkidle', timeout: args.timeout });
		await page.waitForTimeout(2500);
		return page;
	};
	const step = async (name, fn) => {
		let page;
		try {
			page = await open();
			out[name] = await fn(page);
		} catch (e) {
			out[name] = { error: e.message.split('\n').slice(0, 4).join(' | ') };
		} finally {
			if (page) await page.close();
		}
	};
	if (spec.localTime) {
		await step('localTime', async (page) => {
			const label = page.locator(spec.localTime).first();
			return (await label.isVisible()) ? (await label.innerText()).trim() : null;
		});
	}
	if (spec.provider) {
		await step('filtered', async (page) => {
			const before = await columnCells(page, spec.table, spec.column);
			await page.getByRole('combobox', { name: spec.provider.dropdown }).click();
			// "Select all by default" lands when the options' query has answered (batched, 100 ms):
			// a "Clear selection" clicked before it is undone by it, and the click on the provider
			// below then deselects it from all. Clear once the default selection is there (the item
			// is disabled while nothing is selected), and go on once the clearing shows.
			const clearDisabled = (disabled) =>
				page.waitForFunction((disabled) => {
					const item = [...document.querySelectorAll('[role=option]')].find(
						(el) => el.textContent.trim() === 'Clear selection'
					);
					return item && (item.getAttribute('aria-disabled') === 'true') === disabled;
				}, disabled);
			await clearDisabled(false);
			await page.getByRole('option', { name: 'Clear selection' }).click();
			await clearDisabled(true);
			await page.getByPlaceholder(spec.provider.dropdown).fill(spec.provider.option);
			await page.getByRole('option', { name: spec.provider.option, exact: true }).click();
			await page.keyboard.press('Escape');
			return settledCells(page, spec.table, spec.column, before);
		});
	}
	if (spec.search) {
		await step('searched', async (page) => {
			const before = await columnCells(page, spec.table, spec.column);
			await page.locator(`${spec.table} input.search-bar:visible`).first().fill(spec.search);
			return settledCells(page, spec.table, spec.column, before);
		});
	}
	if (spec.click) {
		await step('clicked', async (page) => {
			await page
				.locator(`${spec.table} table:visible tr:has(td)`)
				.filter({ hasText: spec.click })
				.first()
				.locator('td')
				.nth(1)
				.click();
			await page.waitForURL(/\/launches\//, { timeout: 30000 });
			await page.waitForLoadState('networkidle');
			await page.waitForTimeout(1500);
			return {
				url: page.url(),
				heading: (await page.locator('h1').first().innerText().catch(() => '')).trim()
			};
		});
	}
	return out;
}
