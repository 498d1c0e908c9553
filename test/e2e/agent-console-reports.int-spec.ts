// The supervisor's live wall-board and reports in the console, in Debian's Chromium (playwright-core) on the real
// services: the board's figures are pushed by the wall-board stream (no reload), it says when the stream is down
// and comes back by itself, and it says why when the gateway closes it. Reports filtered by a team: the teams an
// admin gives agents reach reporting as events, the API, its CSV and the console's filter count the team's work.
// Real: Kafka, the store, tickets, reporting, gateway; between the browser and the gateway a link the test cuts.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { TOPICS } from '@threadline/contracts';
import {
  buildEmailContact,
  buildTicketState,
  commonTestEnv,
  consumerGroupStartingNow,
  startService,
  testPublisher,
  uniqueName,
  waitFor,
  type RunningService,
  gatewayTestEnv,
} from '@threadline/testing';
import { gatewayService } from '../../services/gateway/src/app.module';
import { reportingService } from '../../services/reporting/src/app.module';
import { errorOf, launchChromium, openConsoleAs, seriousAccessibilityProblems } from './console-browser';
import { CuttableLink } from './cuttable-link';
import { logIn, newWorkspace, PASSWORD, seedAgents, type AgentCall, type TestAgent } from './workspace-agents';
import { startTickets } from './started-services';

const workspace = newWorkspace('tablica');
const agents = {
  kierownik: { workspace, email: 'kierownik@sklep.test', role: 'supervisor' },
  szef: { workspace, email: 'szef@sklep.test', role: 'admin' },
  ola: { workspace, email: 'ola@sklep.test', role: 'agent' },
  jan: { workspace, email: 'jan@sklep.test', role: 'agent' },
} satisfies Record<string, TestAgent>;
const publisher = testPublisher('test');
const ticketEvents = testPublisher('tickets');
const link = new CuttableLink();

let tickets: RunningService;
let reporting: RunningService;
let gateway: RunningService;
let consoleUrl: string;
let browser: Browser;
let call: AgentCall<keyof typeof agents>;

beforeAll(async () => {
  const gatewayEnv = gatewayTestEnv();
  await seedAgents(gatewayEnv, Object.values(agents));
  tickets = await startTickets();
  reporting = await startService(reportingService, {
    ...commonTestEnv('reporting'),
    REPORTING_CONSUMER_GROUP: await consumerGroupStartingNow('reporting', [
      TOPICS.contactReceived.name,
      TOPICS.ticketEvents.name,
      TOPICS.slaEvents.name,
    ]),
    REPORTING_TEAMS_GROUP: await consumerGroupStartingNow('teams', [TOPICS.agentEvents.name]),
  });
  gateway = await startService(gatewayService, {
    ...gatewayEnv,
    TICKETS_URL: tickets.internalUrl,
    REPORTING_URL: reporting.internalUrl,
    WALLBOARD_POLL_MS: '300',
  });
  consoleUrl = await link.start(gateway.url);
  await Promise.all([publisher.connect(), ticketEvents.connect()]);
  browser = await launchChromium();
  call = await logIn(gateway.url, agents);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await link.stop();
  await Promise.all([publisher.disconnect(), ticketEvents.disconnect()]);
  await gateway?.close();
  await reporting?.close();
  await tickets?.close();
});

const consoleAs = (who: keyof typeof agents): Promise<Page> => openConsoleAs(browser, consoleUrl, agents[who]);

function aCustomerWrites(subject: string) {
  const contact = buildEmailContact({ from: [{ kind: 'email', value: `${uniqueName('klient')}@poczta.test` }], subject });
  return publisher.publish('contact.received.v1', { workspaceId: workspace.id, key: contact.from[0].value, payload: contact });
}

const figure = (page: Page, name: string) => page.locator(`[data-figure="${name}"]`);
/** Waits until the board's figure shows the value. */
const shows = (page: Page, name: string, value: string) =>
  figure(page, name)
    .filter({ hasText: new RegExp(`^${value}$`) })
    .waitFor({ timeout: 30_000 });

it('pushes today’s figures to the wall-board, says when its stream is down, and comes back by itself', async () => {
  const page = await consoleAs('kierownik');
  await page.getByRole('link', { name: 'Tablica' }).click();
  await page.getByRole('heading', { name: 'Tablica na żywo' }).waitFor();
  await page.getByText('Tablica połączona, dane na żywo').waitFor();
  expect(await figure(page, 'contacts').textContent()).toBe('0');
  expect(await seriousAccessibilityProblems(page)).toEqual([]);

  // A customer writes: the board shows it without anyone reloading.
  await aCustomerWrites('Gdzie jest moja paczka?');
  await shows(page, 'contacts', '1');
  await shows(page, 'opened', '1');

  // The office's network goes away: the board says so and keeps the last figures.
  link.cutOff();
  await page.getByText('Tablica rozłączona — łączę ponownie; widać ostatni stan').waitFor();
  expect(await figure(page, 'contacts').textContent()).toBe('1');
  await aCustomerWrites('Druga paczka też nie doszła');

  // Back: the board reconnects by itself and shows what happened meanwhile.
  link.restore();
  await page.getByText('Tablica połączona, dane na żywo').waitFor({ timeout: 30_000 });
  await shows(page, 'contacts', '2');

  // The supervisor loses the role while watching: the board closes with the reason and stays closed.
  const me = (await call('szef', 'GET', '/api/v1/agents')).body.items.find(
    (a: { email: string }) => a.email === agents.kierownik.email,
  );
  expect((await call('szef', 'PATCH', `/api/v1/agents/${me.id}`, { role: 'agent' })).status).toBe(200);
  await page.getByText('Tablica zamknięta: Twoja rola nie pozwala już oglądać tablicy.').waitFor({ timeout: 30_000 });
  await page.context().close();
  expect((await call('szef', 'PATCH', `/api/v1/agents/${me.id}`, { role: 'supervisor' })).status).toBe(200);
}, 180_000);

/** A ticket the tickets service opened, held by an agent (their figures: the agent dimension's). */
async function aTicketHeldBy(agentId: string) {
  const ticketId = `t-${randomUUID()}`;
  await ticketEvents.publish('ticket.created.v1', {
    workspaceId: workspace.id,
    key: ticketId,
    payload: {
      ticketId,
      number: Math.floor(Math.random() * 1_000_000) + 1,
      version: 1,
      customerId: `c-${randomUUID()}`,
      subject: 'Reklamacja butów',
      channel: 'email',
      previousTicketId: null,
      state: buildTicketState({ status: 'open', queue: 'reklamacje', assigneeId: agentId }),
      createdAt: new Date().toISOString(),
    },
  });
}

it('filters reports by team — the API, its CSV and the console — with the work of the agents in the team', async () => {
  const agentsNow = (await call('szef', 'GET', '/api/v1/agents')).body.items as { id: string; email: string }[];
  const idOf = (who: 'ola' | 'jan') => agentsNow.find((a) => a.email === agents[who].email)!.id;
  // The admin puts Ola in the complaints team; Jan stays in sales.
  expect((await call('szef', 'PATCH', `/api/v1/agents/${idOf('ola')}`, { teams: ['Reklamacje Śląsk'] })).status).toBe(200);
  expect((await call('szef', 'PATCH', `/api/v1/agents/${idOf('jan')}`, { teams: ['Sprzedaż'] })).status).toBe(200);
  await aTicketHeldBy(idOf('ola'));
  await aTicketHeldBy(idOf('ola'));
  await aTicketHeldBy(idOf('jan'));

  const team = encodeURIComponent('Reklamacje Śląsk');
  const volume = await waitFor('the team’s tickets counted', async () => {
    const answer = await call('kierownik', 'GET', `/api/v1/reports/volume?team=${team}`);
    return answer.body.figures?.tickets === 2 ? answer : null;
  });
  expect(volume.body).toMatchObject({ team: 'Reklamacje Śląsk', figures: { tickets: 2, contacts: null } });
  expect(volume.body.definitions.team).toContain('in the team on each local day');
  const sales = await call('kierownik', 'GET', `/api/v1/reports/agents?team=${encodeURIComponent('Sprzedaż')}`);
  expect(sales.body.figures.agents.map((a: { agentId: string }) => a.agentId)).toEqual([idOf('jan')]);
  // Combined with another filter, and as a file.
  expect((await call('kierownik', 'GET', `/api/v1/reports/volume?team=${team}&queue=inna`)).body.figures.tickets).toBe(0);
  const csv = await fetch(`${gateway.url}/api/v1/reports/volume?team=${team}&format=csv`, {
    headers: { authorization: `Bearer ${await tokenOf('kierownik')}` },
  });
  expect(await csv.text()).toContain('total,,,2');
  // A malformed team is a 400 naming it; the reports that break the workspace down take none.
  for (const bad of ['', 'x'.repeat(101)]) {
    const refused = await call('kierownik', 'GET', `/api/v1/reports/volume?team=${bad}`);
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['team']);
  }
  expect((await call('kierownik', 'GET', `/api/v1/reports/top-reasons?team=${team}`)).body.errors[0].field).toBe('team');

  // The console: the team typed into the report's filter, then one the API refuses, its reason under the field.
  const page = await consoleAs('kierownik');
  await page.getByRole('link', { name: 'Raporty' }).click();
  await page.getByRole('heading', { name: 'Raporty' }).waitFor();
  const filters = page.getByRole('form', { name: 'Filtry raportu' });
  await filters.getByLabel('Zespół').fill('Reklamacje Śląsk');
  await filters.getByRole('button', { name: 'Filtruj' }).click();
  await page.waitForURL(/team=Reklamacje/);
  await page
    .getByRole('term')
    .filter({ hasText: /^tickets$/ })
    .waitFor();
  await page
    .locator('.tile')
    .filter({ has: page.getByRole('term').filter({ hasText: /^tickets$/ }) })
    .getByText('2', { exact: true })
    .waitFor();
  expect(await seriousAccessibilityProblems(page)).toEqual([]);
  await filters.getByLabel('Zespół').fill('x'.repeat(101));
  await filters.getByRole('button', { name: 'Filtruj' }).click();
  expect(await errorOf(page, 'Zespół')).toContain('100');
  await page.context().close();
}, 180_000);

async function tokenOf(who: keyof typeof agents): Promise<string> {
  const login = await fetch(`${gateway.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workspace: workspace.slug, email: agents[who].email, password: PASSWORD }),
  });
  return ((await login.json()) as { accessToken: string }).accessToken;
}
