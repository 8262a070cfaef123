import { loadConfig } from '../apps/partner-bff/src/config';
import { PartnerBffModule } from '../apps/partner-bff/src/partner-bff.module';
import { startBff } from './support/bff-harness';
import { saveScreenshot, startBrowserSuite, watchPage, type BrowserSuite } from './support/browser';

/** Swagger UI renders a document in well under a second; bounded with room for a loaded machine. */
const RENDER_TIMEOUT_MS = 15_000;

/**
 * The partner API docs as a partner's developer sees them: Swagger UI at /docs, served from the package
 * (no CDN), rendering the v2 document with its operations, and switching to v1, in headless Chromium, with the
 * page's own Content-Security-Policy in force.
 */
describe('partner-bff Swagger UI in headless Chromium (e2e)', () => {
  let suite: BrowserSuite;

  beforeAll(async () => {
    suite = await startBrowserSuite((stack) =>
      startBff({ loadConfig, module: (c) => PartnerBffModule.forRoot(c), audience: 'partner-bff', stack }),
    );
  }, 60_000);

  afterAll(() => suite?.close());

  it('renders the v2 operations with their security, then v1 (deprecated) when chosen, with nothing loaded from elsewhere', async () => {
    const { bff, browser } = suite;
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const { outside, problems } = watchPage(page, bff.url);
    try {
      await page.goto(`${bff.url}/docs`);
      const operation = (path: string) => page.locator(`.opblock .opblock-summary [data-path="${path}"]`);
      await operation('/v2/orders').first().waitFor({ timeout: RENDER_TIMEOUT_MS });
      for (const path of ['/v2/orders/{id}', '/v2/products/{id}', '/v2/exports', '/v2/jobs/{id}']) {
        expect([path, (await operation(path).count()) > 0]).toEqual([path, true]);
      }
      // the security schemes are offered (the Authorize button opens both)
      await page.locator('.btn.authorize').click();
      const dialog = page.locator('.modal-ux');
      await dialog.waitFor({ timeout: RENDER_TIMEOUT_MS });
      expect(await dialog.textContent()).toContain('X-API-Key');
      expect(await dialog.textContent()).toContain('clientCredentials');
      await page.locator('.modal-ux .close-modal').click();

      await saveScreenshot(page, 'api-docs.png', false);

      // the definition selector switches to the deprecated v1 document
      await page.locator('.topbar select').selectOption({ label: 'v1 (deprecated)' });
      await operation('/v1/orders').first().waitFor({ timeout: RENDER_TIMEOUT_MS });
      expect(await operation('/v2/orders').count()).toBe(0);
      // and shows its operations as deprecated (struck through), as the document marks them
      expect(await page.locator('.opblock.opblock-deprecated').count()).toBeGreaterThan(0);

      expect(outside).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
