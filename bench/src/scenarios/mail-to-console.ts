/**
 * The agent console in a real browser: its first load, and a mail's way from
 * the mailbox to an open console's ticket list. Debian's headless Chromium
 * (playwright-core, as the console's e2e tests) opens the console the gateway
 * serves; channel-email, tickets and the gateway run as processes, exactly as
 * the platform starts them, against real Dovecot, Postfix, Kafka and the store.
 *
 * First load, each in a fresh browser (empty cache): the login screen, and the
 * ticket list of an agent already logged in (the session in localStorage, as
 * after a reload) — bytes on the wire for the console's documents, scripts and
 * styles (compressed, as sent), and navigation start → the form / the first
 * ticket row in the DOM (stamped in the page by a MutationObserver).
 * Then N mails over SMTP at a steady rate, each from a new customer: for each,
 * SMTP accepted (250 after DATA) → its row on the open list (stamped in the page).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import mongoose from 'mongoose';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildRawMail, sendOverSmtp } from '@threadline/testing';
import { benchInfra, intFromEnv } from '../env';
import { report, type Figure } from '../report';
import { runScenario, ServiceGroup } from '../service-processes';
import { percentile, perSecond } from '../stats';

const infra = benchInfra();
const run = Date.now().toString(36);
const workspaceId = `ws-bench-${run}`;
const workspaceSlug = `bench-${run}`;
const adminEmail = `szef-${run}@bench.test`;
/** The agent the console is opened as (role agent, created by the admin through the API). */
const agentEmail = `ola-${run}@bench.test`;
const password = randomBytes(12).toString('base64url');
const mailboxUser = `bok-${run}@bench.test`;
/** Every mail's subject starts so; the rows the page stamps are those. */
const subjectPrefix = `Reklamacja ${run} nr `;
const CHROMIUM = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';
/** The console's own files: what "first load" weighs (the API's answers are counted apart). */
const ASSET_TYPES = new Set(['Document', 'Script', 'Stylesheet', 'Font', 'Image']);

function mail(n: number, to = mailboxUser): { from: string; raw: Buffer } {
  const from = `klient${n}-${run}@bench.test`;
  const raw = buildRawMail({
    from: { name: `Klient ${n}`, address: from },
    to,
    subject: `${subjectPrefix}${n}`,
    body: `Dzień dobry, przesyłka PL-${100000 + n} jeszcze nie dotarła. Zażółć gęślą jaźń.`,
    messageId: `<${run}.${n}@bench.test>`,
  });
  return { from, raw };
}

/** SMTP accepted, in ms since the epoch (the page stamps with the same clock). */
async function send(n: number, to = mailboxUser): Promise<number> {
  const { from, raw } = mail(n, to);
  await sendOverSmtp({ from, to: [to] }, raw);
  return Date.now();
}

/** Bytes of one page load as the browser received them (compressed) and decoded, by the console's files and the rest. */
async function countBytes(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const types = new Map<string, string>();
  const decoded = new Map<string, number>();
  const totals = { assetsOnWire: 0, assetsDecoded: 0, otherOnWire: 0 };
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type ?? ''));
  cdp.on('Network.dataReceived', (e) => decoded.set(e.requestId, (decoded.get(e.requestId) ?? 0) + e.dataLength));
  cdp.on('Network.loadingFinished', (e) => {
    if (ASSET_TYPES.has(types.get(e.requestId) ?? '')) {
      totals.assetsOnWire += e.encodedDataLength;
      totals.assetsDecoded += decoded.get(e.requestId) ?? 0;
    } else totals.otherOnWire += e.encodedDataLength;
  });
  await cdp.send('Network.enable');
  return totals;
}

/** Before the page's own scripts: stamps (performance.now(), from navigation start) when each selector first matches. */
function stampFirst(context: BrowserContext, selectors: string[]) {
  return context.addInitScript(`(() => {
    const selectors = ${JSON.stringify(selectors)};
    window.__firstShown = {};
    const look = () => {
      for (const s of selectors) if (!(s in window.__firstShown) && document.querySelector(s)) window.__firstShown[s] = performance.now();
    };
    new MutationObserver(look).observe(document, { childList: true, subtree: true });
  })()`);
}

async function firstShown(page: Page, selector: string): Promise<number> {
  await page.locator(selector).first().waitFor();
  const shown = await page.evaluate<Record<string, number>>('window.__firstShown');
  return Math.round(shown[selector]);
}

const LOGIN_FORM = 'input[type=password]';
const TICKET_ROW = 'tr[data-ticket] a';

/** Round trips of one GET, one after another (the body read whole). */
async function timedGets(url: string, count: number, headers: Record<string, string> = {}): Promise<number[]> {
  const samples: number[] = [];
  for (let k = 0; k < count; k++) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    samples.push(performance.now() - started);
  }
  return samples;
}

/** imapflow alone on a mailbox, INBOX open (imapflow idles on it by itself, so a new mail is an `exists` notice). */
async function openMailbox(user: string) {
  const client = new ImapFlow({
    host: infra.imap.host,
    port: infra.imap.port,
    secure: false,
    auth: { user, pass: infra.imap.password },
    logger: false,
  });
  client.on('error', (error: Error) => console.error(`imap: ${error.message}`));
  await client.connect();
  await client.mailboxOpen('INBOX');
  return client;
}

/** Subject → when the tickets service stored the ticket (ms since the epoch). */
async function ticketsCreated(run: string): Promise<Map<string, number>> {
  const db = await mongoose.createConnection(infra.mongoUrl, { dbName: `bench_tickets_${run}`, retryWrites: false }).asPromise();
  try {
    const docs = await db
      .collection('tickets')
      .find({ workspaceId }, { projection: { subject: 1, createdAt: 1 } })
      .toArray();
    return new Map(docs.map((d) => [String(d.subject), (d.createdAt as Date).getTime()]));
  } finally {
    await db.close();
  }
}

async function waitUntil<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const ms = (samples: number[], p: number) => Math.round(percentile(samples, p));
const tenths = (samples: number[], p: number) => Math.round(percentile(samples, p) * 10) / 10;

async function main() {
  const count = intFromEnv('BENCH_MAILS', 100);
  const rate = intFromEnv('BENCH_RATE', 2);
  const drainSeconds = intFromEnv('BENCH_DRAIN_SECONDS', 120);
  const gatewayPort = intFromEnv('BENCH_GATEWAY_HTTP_PORT', 23000);
  const ticketsInternalPort = intFromEnv('BENCH_TICKETS_INTERNAL_HTTP_PORT', 23104);
  const figures: Figure[] = [];
  const notes: string[] = [];

  // Raw limits first, on the same machine and servers, with a mailbox no service reads: SMTP alone,
  // SMTP accepted → the mail in the mailbox (IMAP IDLE's notice), one IMAP fetch.
  const sinkUser = `sink-${run}@bench.test`;
  const sink = await openMailbox(sinkUser);
  const smtpCount = 20;
  const smtpSamples: number[] = [];
  const deliverySamples: number[] = [];
  try {
    // One mail first, waited for: the mailbox's first delivery (its files created) is not what is measured.
    const first = new Promise((resolve) => sink.once('exists', resolve));
    await send(999_999, sinkUser);
    await first;
    for (let k = 0; k < smtpCount; k++) {
      const arrived = new Promise<number>((resolve) => sink.once('exists', () => resolve(performance.now())));
      const started = performance.now();
      await send(1_000_000 + k, sinkUser);
      const acceptedAt = performance.now();
      smtpSamples.push(acceptedAt - started);
      deliverySamples.push((await arrived) - acceptedAt);
    }
    const imapSamples: number[] = [];
    for (let k = 0; k < 50; k++) {
      const started = performance.now();
      const message = await sink.fetchOne('*', { uid: true, source: true });
      if (!message || !message.source) throw new Error('no mail to fetch');
      imapSamples.push(performance.now() - started);
    }
    figures.push(
      {
        name: 'SMTP send alone, one connection per mail',
        value: perSecond(
          smtpCount,
          smtpSamples.reduce((a, b) => a + b, 0),
        ),
        unit: 'mail/s',
        kind: 'limit',
      },
      { name: 'SMTP send alone (connect → accepted) p50', value: tenths(smtpSamples, 50), unit: 'ms', kind: 'limit' },
      { name: 'SMTP accepted → in the mailbox (IMAP IDLE) p50', value: tenths(deliverySamples, 50), unit: 'ms', kind: 'limit' },
      { name: 'SMTP accepted → in the mailbox (IMAP IDLE) max', value: tenths(deliverySamples, 100), unit: 'ms', kind: 'limit' },
      { name: 'IMAP fetch of one mail (open connection) p50', value: tenths(imapSamples, 50), unit: 'ms', kind: 'limit' },
    );
  } finally {
    await sink.logout();
  }

  const services = new ServiceGroup();
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  let browser: Browser | undefined;
  try {
    // The workspace and its admin, as platform.sh creates the demo one.
    const gatewayDb = `bench_gateway_${run}`;
    const gatewayEnv = { MONGO_URL: infra.mongoUrl, MONGO_DATABASE: gatewayDb };
    execFileSync(process.execPath, [join(__dirname, '..', '..', '..', 'services', 'gateway', 'dist', 'cli', 'seed-demo.js')], {
      env: {
        ...process.env,
        ...gatewayEnv,
        DEMO_WORKSPACE_ID: workspaceId,
        DEMO_WORKSPACE_SLUG: workspaceSlug,
        DEMO_ADMIN_EMAIL: adminEmail,
        DEMO_ADMIN_PASSWORD: password,
      },
      stdio: 'ignore',
    });
    services.startTickets(run, { INTERNAL_HTTP_PORT: String(ticketsInternalPort) });
    services.start('channel-email', {
      MONGO_DATABASE: `bench_email_${run}`,
      // The bench's Dovecot and Postfix run on this machine.
      EMAIL_ALLOWED_INTERNAL_HOSTS: [...new Set([infra.imap.host, infra.smtp.host])].join(','),
      EMAIL_MAILBOXES: JSON.stringify([
        {
          id: 'bok',
          workspaceId,
          host: infra.imap.host,
          port: infra.imap.port,
          user: mailboxUser,
          password: infra.imap.password,
          smtp: { host: infra.smtp.host, port: infra.smtp.port, secure: false },
        },
      ]),
    });
    services.start('gateway', {
      MONGO_DATABASE: gatewayDb,
      HTTP_PORT: String(gatewayPort),
      JWT_SECRET: randomBytes(32).toString('base64url'),
      TICKETS_URL: `http://127.0.0.1:${ticketsInternalPort}`,
      GATEWAY_NOTICES_CONSUMER_GROUP: `bench-gateway-notices-${run}`,
    });
    await services.healthy(gatewayUrl, 120_000);
    const pings = await timedGets(`${gatewayUrl}/health`, 50);
    figures.push({ name: 'gateway GET /health p50', value: ms(pings, 50), unit: 'ms', kind: 'limit' });

    // One ticket on the list before the first load (and the whole path warmed once, topics included).
    await send(0);
    const login = await fetch(`${gatewayUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspace: workspaceSlug, email: adminEmail, password }),
    });
    if (!login.ok) throw new Error(`login answered ${login.status}`);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const created = await fetch(`${gatewayUrl}/api/v1/agents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ email: agentEmail, name: 'Ola', role: 'agent', password }),
    });
    if (!created.ok) throw new Error(`creating the agent answered ${created.status}: ${await created.text()}`);
    await waitUntil('the first mail on the list', 120_000, async () => {
      const list = await fetch(`${gatewayUrl}/api/v1/tickets`, { headers: { authorization: `Bearer ${accessToken}` } });
      const body = (await list.json()) as { items?: unknown[] };
      return (body.items?.length ?? 0) > 0 ? true : null;
    });
    // What a live event makes the open list do: read the first page again through the gateway and tickets.
    const lists = await timedGets(`${gatewayUrl}/api/v1/tickets`, 20, { authorization: `Bearer ${accessToken}` });
    figures.push({ name: 'gateway GET /api/v1/tickets (the list) p50', value: ms(lists, 50), unit: 'ms', kind: 'limit' });

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    const newContext = async (storageState?: Awaited<ReturnType<BrowserContext['storageState']>>) => {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'pl-PL', storageState });
      await stampFirst(context, [LOGIN_FORM, TICKET_ROW]);
      return context;
    };

    // First load of the login screen, empty cache; then the agent logs in through it.
    const loginPage = await (await newContext()).newPage();
    loginPage.on('pageerror', (error) => console.error(`console page error: ${error.message}`));
    const loginBytes = await countBytes(loginPage);
    await loginPage.goto(`${gatewayUrl}/`);
    const loginShown = await firstShown(loginPage, LOGIN_FORM);
    await loginPage.waitForLoadState('networkidle');
    await loginPage.getByLabel('Przestrzeń robocza').fill(workspaceSlug);
    await loginPage.getByLabel('E-mail').fill(agentEmail);
    await loginPage.getByLabel('Hasło').fill(password);
    const loginClicked = Date.now();
    await loginPage.getByRole('button', { name: 'Zaloguj się' }).click();
    await loginPage.getByRole('heading', { name: 'Na dziś' }).waitFor();
    const loggedIn = Date.now() - loginClicked;
    const session = await loginPage.context().storageState();
    await loginPage.context().close();

    // First load of the ticket list, empty cache, the agent's session kept (as after a reload).
    const page = await (await newContext(session)).newPage();
    page.on('pageerror', (error) => console.error(`console page error: ${error.message}`));
    const listBytes = await countBytes(page);
    const streamOpen = page.waitForResponse((r) => /\/api\/v1\/live\?/.test(r.url()) && r.status() === 200, { timeout: 60_000 });
    await page.goto(`${gatewayUrl}/tickets`);
    const listShown = await firstShown(page, TICKET_ROW);
    // The live stream open before the first mail: what it brings is what is measured.
    await streamOpen;
    figures.push(
      {
        name: 'first load, login screen: console files on the wire',
        value: Math.round(loginBytes.assetsOnWire / 1024),
        unit: 'KiB',
        kind: 'result',
      },
      {
        name: 'first load, login screen: the same decoded',
        value: Math.round(loginBytes.assetsDecoded / 1024),
        unit: 'KiB',
        kind: 'result',
      },
      { name: 'first load, login screen: navigation → form shown', value: loginShown, unit: 'ms', kind: 'result' },
      { name: 'log in: click → "Na dziś" shown', value: loggedIn, unit: 'ms', kind: 'result' },
      {
        name: 'first load, ticket list: console files on the wire',
        value: Math.round(listBytes.assetsOnWire / 1024),
        unit: 'KiB',
        kind: 'result',
      },
      {
        name: 'first load, ticket list: API answers on the wire',
        value: Math.round(listBytes.otherOnWire / 1024),
        unit: 'KiB',
        kind: 'result',
      },
      { name: 'first load, ticket list: navigation → first row shown', value: listShown, unit: 'ms', kind: 'result' },
    );

    // Every row of this run's mails, stamped when it first appears on the open list.
    await page.evaluate(`(() => {
      window.__rowSeen = {};
      const prefix = ${JSON.stringify(subjectPrefix)};
      const look = () => {
        for (const a of document.querySelectorAll(${JSON.stringify(TICKET_ROW)})) {
          const subject = a.textContent || '';
          if (subject.startsWith(prefix) && !(subject in window.__rowSeen)) window.__rowSeen[subject] = Date.now();
        }
      };
      look();
      new MutationObserver(look).observe(document.body, { childList: true, subtree: true, characterData: true });
    })()`);

    // Steady: mails at a fixed rate over SMTP, each from a new customer (a new ticket each).
    const accepted = new Map<string, number>();
    const started = Date.now();
    for (let n = 1; n <= count; n++) {
      const due = started + ((n - 1) * 1000) / rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      accepted.set(`${subjectPrefix}${n}`, await send(n));
    }
    // Between the first and the last acceptance: the rate the mailbox was really offered.
    const times = [...accepted.values()];
    const offered = perSecond(count - 1, times[times.length - 1] - times[0]);
    const seen = await waitUntil('every mail on the open list', drainSeconds * 1000, async () => {
      const rows = await page.evaluate<Record<string, number>>('window.__rowSeen');
      const mine = [...accepted.keys()].filter((s) => s in rows).length;
      return mine === count ? rows : null;
    }).catch(async () => {
      const rows = await page.evaluate<Record<string, number>>('window.__rowSeen');
      notes.push(
        `${count - [...accepted.keys()].filter((s) => s in rows).length} of ${count} mails not on the list after ${drainSeconds} s`,
      );
      return rows;
    });
    const latencies = [...accepted].filter(([s]) => s in seen).map(([s, at]) => seen[s] - at);
    const steady = `${count} mails at ${rate}/s (offered ${offered}/s): SMTP accepted → row on the open list`;
    figures.push(
      ...[50, 90, 99].map((p): Figure => ({ name: `${steady} p${p}`, value: ms(latencies, p), unit: 'ms', kind: 'result' })),
      { name: `${steady} max`, value: Math.round(Math.max(...latencies)), unit: 'ms', kind: 'result' },
    );
    // The part of it before the browser: the ticket stored (tickets' createdAt), the rest is the live stream and the list's refetch.
    const storedAt = await ticketsCreated(run);
    const toTicket = [...accepted].flatMap(([s, at]) => {
      const stored = storedAt.get(s);
      return stored === undefined ? [] : [stored - at];
    });
    figures.push(
      ...[50, 99].map((p): Figure => ({
        name: `of it SMTP accepted → ticket stored p${p}`,
        value: ms(toTicket, p),
        unit: 'ms',
        kind: 'result',
      })),
    );
    const verdict = ms(latencies, 99) <= 2000 ? 'meets' : 'misses';
    notes.push(`mail → open console p99 ${ms(latencies, 99)} ms ${verdict} the goal (at most 2 s)`);
    await page.context().close();
  } finally {
    await browser?.close();
    await services.stop();
  }
  report('mail-to-console', { mails: count, rate, drainSeconds }, figures, notes);
}

runScenario(main);
