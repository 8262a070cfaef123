import type { Page } from 'playwright-core';
import { clearFaults, mintUserToken, setFaults } from '@bff/testing';
import { expectProblem } from './support/bff-harness';
import { saveScreenshot, startBrowserSuite, watchPage, type BrowserSuite } from './support/browser';
import { startMobileBff } from './support/mobile-bff';

/** The longest the page may take to show a change: a few of its polls (every 2 s). */
const PAGE_TIMEOUT_MS = 10_000;
/** Each test drives a browser through several page updates: bounded, with room for a loaded machine. */
const TEST_TIMEOUT_MS = 60_000;

const breakerCell = '[data-panel="upstreams"] tr[data-row="inventory"] td[data-cell="breaker"]';

describe('status page in headless Chromium (e2e, mobile-bff, real upstreams, faults)', () => {
  let suite: BrowserSuite;

  beforeAll(async () => {
    suite = await startBrowserSuite((stack) =>
      startMobileBff(stack, {
        STATUS_PAGE: 'public',
        RATE_LIMIT_ENABLED: 'false',
        UPSTREAM_INVENTORY_BREAKER_MIN_CALLS: '5',
        UPSTREAM_INVENTORY_BREAKER_OPEN_MS: '60000',
        UPSTREAM_INVENTORY_BREAKER_MAX_OPEN_MS: '60000',
      }),
    );
  }, 60_000);

  afterAll(() => suite?.close());

  afterEach(() => clearFaults(suite.stack.urls.inventory));

  it(
    'shows the inventory breaker closed, then open once the faulted upstream trips it, live',
    async () => {
      const { stack, bff, browser } = suite;
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const { outside, problems } = watchPage(page, bff.url);

      const token = await mintUserToken(stack.urls.idp, { sub: 'u1', aud: 'mobile-bff' });
      expect((await bff.call('/v1/home', { token })).status).toBe(200);

      await page.goto(`${bff.url}/status`);
      await waitForText(page, '#connection', 'live');
      expect(await page.textContent(breakerCell)).toBe('closed');
      expect(
        await page.textContent('[data-panel="routes"] tr[data-row="GET /v1/home"] td[data-cell="route"]'),
      ).toBe('GET /v1/home');
      expect(await page.textContent('[data-panel="keys"] td[data-cell="state"]')).toMatch(/^fresh/);

      await setFaults(stack.urls.inventory, { errorRate: 1, errorStatus: 503 });
      let opened = false;
      for (let i = 0; i < 50 && !opened; i++) {
        const home = await bff.call('/v1/home', { token });
        expect(home.status).toBe(200); // inventory is optional: degraded, never failed
        opened =
          home.body.degraded?.some((d: { code: string }) => d.code === 'BFF_ERR_CIRCUIT_OPEN') ?? false;
      }
      expect(opened).toBe(true);

      await waitForText(page, breakerCell, 'open');
      expect(await page.getAttribute('[data-panel="upstreams"] tr[data-row="inventory"]', 'data-tone')).toBe(
        'bad',
      );
      expect(await page.textContent('#readiness')).toBe('degraded'); // circuits down: degraded, not unavailable
      expect(
        await page.textContent('[data-panel="upstreams"] tr[data-row="inventory"] td[data-cell="probeIn"]'),
      ).toMatch(/\d+(\.\d+)? s$/);
      expect(
        await page.textContent('[data-panel="readiness"] tr[data-row="circuits"] td[data-cell="status"]'),
      ).toBe('down');

      await saveScreenshot(page, 'status-page.png');
      expect(outside).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'protected (the production default): the page is public, its data needs scope bff:status',
    async () => {
      const { stack, browser } = suite;
      const guarded = await startMobileBff(stack, { RATE_LIMIT_ENABLED: 'false' });
      const page = await browser.newPage();
      try {
        const [plain, operator] = await Promise.all([
          mintUserToken(stack.urls.idp, { sub: 'u1', aud: 'mobile-bff' }),
          mintUserToken(stack.urls.idp, { sub: 'ops', aud: 'mobile-bff', scope: 'bff:status' }),
        ]);
        expect((await guarded.call('/status')).status).toBe(200);
        expectProblem(await guarded.call('/status/data'), 401, 'BFF_ERR_AUTH_MISSING');
        expectProblem(await guarded.call('/status/data', { token: plain }), 403, 'BFF_ERR_FORBIDDEN');
        expect((await guarded.call('/status/data', { token: operator })).status).toBe(200);

        await page.goto(`${guarded.url}/status`);
        await waitForText(page, '#connection', 'needs a token');
        expect(await page.isVisible('#login')).toBe(true);
        await page.goto(`${guarded.url}/status#token=${operator}`);
        await waitForText(page, '#connection', 'live');
        expect(page.url()).toBe(`${guarded.url}/status`); // the token left the address bar
        expect(await page.isVisible('#login')).toBe(false);
        expect(await page.textContent(breakerCell)).toBe('closed');
      } finally {
        await page.close();
        await guarded.close();
      }
    },
    TEST_TIMEOUT_MS,
  );
});

/** Waits (bounded) until the element's text is exactly `text`, on the page's own DOM updates. */
async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  // A locator, not a page function: the page's CSP forbids evaluating strings, as it should.
  const exact = new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await page.locator(selector, { hasText: exact }).waitFor({ timeout: PAGE_TIMEOUT_MS });
}
