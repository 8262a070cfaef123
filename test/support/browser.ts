import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDemoStack, type DemoStack } from '../../apps/demo-upstreams/src/demo-stack';
import type { RunningBff } from './bff-harness';

/** Debian's chromium: the browser tests never download one (.ci/run installs the package when missing). */
export const CHROMIUM = '/usr/bin/chromium';
/** Where the browser tests leave their screenshots. */
export const ARTIFACTS = join(__dirname, '..', '..', 'artifacts');

/** Headless Debian chromium, as the browser tests drive it; a clear error when the package is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the browser tests need Debian's chromium (apt-get install -y chromium; .ci/run installs it)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

/**
 * Records what a page does that a self-contained page must not: requests to any other origin than `origin`,
 * console errors and uncaught exceptions (a Content-Security-Policy violation is a console error).
 */
export function watchPage(page: Page, origin: string): { outside: string[]; problems: string[] } {
  const outside: string[] = [];
  const problems: string[] = [];
  page.on('request', (req) => void (req.url().startsWith(origin) || outside.push(req.url())));
  page.on('console', (msg) => void (msg.type() === 'error' && problems.push(msg.text())));
  page.on('pageerror', (err) => void problems.push(err.message));
  return { outside, problems };
}

/** Saves a screenshot of `page` as artifacts/<name>. */
export async function saveScreenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage });
}

/** What {@link startBrowserSuite} started; `close()` closes the browser, the BFF and the stack. */
export interface BrowserSuite {
  stack: DemoStack;
  bff: RunningBff;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The demo stack, the BFF `startBff(stack)` starts in front of it, and headless Chromium ({@link launchChromium}):
 * what a browser suite drives. When a step fails, what had started is closed again.
 */
export async function startBrowserSuite(
  startBff: (stack: DemoStack) => Promise<RunningBff>,
): Promise<BrowserSuite> {
  const started: Partial<BrowserSuite> = {};
  const close = async (): Promise<void> => {
    await started.browser?.close();
    await started.bff?.close();
    await started.stack?.close();
  };
  try {
    const stack = (started.stack = await startDemoStack());
    const bff = (started.bff = await startBff(stack));
    const browser = (started.browser = await launchChromium());
    return { stack, bff, browser, close };
  } catch (err) {
    await close();
    throw err;
  }
}
