// The console in Debian's headless Chromium (playwright-core), shared by the browser tests:
// a fresh browser per agent, logged in through the console's own form.
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestAgent } from './workspace-agents';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'correct horse battery staple';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

/** A fresh browser (own storage) at the given width, logged in as the agent through the console's form. */
export async function openConsoleAs(browser: Browser, gatewayUrl: string, agent: TestAgent, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'pl-PL', acceptDownloads: true });
  const page = await context.newPage();
  // A script error on the page is the test's business: it shows in the test's output.
  page.on('pageerror', (error) => console.error(`console page error: ${error.message}`));
  await page.goto(`${gatewayUrl}/`);
  await page.getByRole('heading', { name: 'Logowanie do konsoli' }).waitFor();
  await page.getByLabel('Przestrzeń robocza').fill(agent.workspace.slug);
  await page.getByLabel('E-mail').fill(agent.email);
  await page.getByLabel('Hasło').fill(PASSWORD);
  await page.getByRole('button', { name: 'Zaloguj się' }).click();
  await page.getByRole('heading', { name: 'Na dziś' }).waitFor();
  return page;
}

/** Serious and critical axe findings on the page as it is now (rule id and the elements), none expected. */
export async function seriousAccessibilityProblems(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ rule: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** Nothing wider than the window: no sideways scrolling of the whole page. */
export const fitsTheWidth = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');

/** The API's reason the console shows under a field (its `aria-describedby`), once the field is marked invalid. */
export async function errorOf(page: Page, label: string): Promise<string> {
  const field = page.getByLabel(label, { exact: true });
  await page.waitForFunction((el) => el?.getAttribute('aria-invalid') === 'true', await field.elementHandle());
  const id = await field.getAttribute('aria-describedby');
  return (await page.locator(`[id="${id}"]`).textContent()) ?? '';
}
