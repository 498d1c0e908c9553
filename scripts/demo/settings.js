#!/usr/bin/env node
// The demo workspace's channels, one place for the platform script, the
// provider sandbox and the demo senders. Secrets come from the platform's
// secrets file (generated per machine by platform.sh, never in the repo).
// `node scripts/demo/settings.js service-env` prints the services' settings as shell exports.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
// THREADLINE_PLATFORM_DIR: a platform started elsewhere than .local/platform (scripts/platform.sh).
const SECRETS_FILE = join(process.env.THREADLINE_PLATFORM_DIR || join(ROOT, '.local', 'platform'), 'secrets.env');

function readSecrets() {
  let text;
  try {
    text = readFileSync(SECRETS_FILE, 'utf8');
  } catch {
    throw new Error(`no ${SECRETS_FILE}: start the platform first (./scripts/platform.sh up)`);
  }
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** A platform port: its own variable if set, else its default moved to PLATFORM_PORT_BASE as platform.sh does. */
function platformPort(name, fallback) {
  if (process.env[name]) return Number(process.env[name]);
  const base = Number(process.env.PLATFORM_PORT_BASE || 0);
  return base ? base + (fallback % 1000) : fallback;
}
const port = platformPort;

function demoSettings(secrets = readSecrets()) {
  const voicePort = port('CHANNEL_VOICE_PORT', 3002);
  return {
    workspaceId: 'ws-demo',
    gatewayUrl: `http://127.0.0.1:${port('GATEWAY_PORT', 3000)}`,
    voiceUrl: `http://127.0.0.1:${voicePort}`,
    socialUrl: `http://127.0.0.1:${port('CHANNEL_SOCIAL_PORT', 3003)}`,
    admin: { workspace: 'demo', email: 'admin@demo.threadline.test', password: secrets.DEMO_ADMIN_PASSWORD },
    sandbox: {
      twilioPort: port('SANDBOX_TWILIO_PORT', 3010),
      metaPort: port('SANDBOX_META_PORT', 3011),
      slackPort: port('SANDBOX_SLACK_PORT', 3012),
    },
    twilio: {
      accountSid: secrets.DEMO_TWILIO_ACCOUNT_SID,
      authToken: secrets.DEMO_TWILIO_AUTH_TOKEN,
      apiKeySid: secrets.DEMO_TWILIO_API_KEY_SID,
      apiKeySecret: secrets.DEMO_TWILIO_API_KEY_SECRET,
      // What Twilio would be told to call; here the local channel-voice itself.
      publicBaseUrl: `http://127.0.0.1:${voicePort}`,
      number: '+48221234567',
    },
    messenger: {
      pageId: '100000000000001',
      pageAccessToken: secrets.DEMO_MESSENGER_PAGE_TOKEN,
      appSecret: secrets.DEMO_MESSENGER_APP_SECRET,
      verifyToken: secrets.DEMO_MESSENGER_VERIFY_TOKEN,
    },
    slack: {
      teamId: 'TDEMO0001',
      botToken: secrets.DEMO_SLACK_BOT_TOKEN,
      signingSecret: secrets.DEMO_SLACK_SIGNING_SECRET,
      supportChannel: 'CDEMOSUPPORT',
      billingChannel: 'CDEMOBILLING',
    },
  };
}

/** How the demo number answers: a Polish IVR with two queues, always open (so the demo works at any hour). */
const DEMO_CALLS = {
  greeting: 'Dzień dobry, tu Biuro Obsługi Klienta demo.',
  menus: {
    main: {
      prompt: 'Reklamacje: naciśnij 1. Zamówienia: naciśnij 2. Aby zostawić wiadomość, naciśnij 9.',
      options: [
        { digit: '1', speech: ['reklamacja'], action: { type: 'queue', queue: 'reklamacje' } },
        { digit: '2', speech: ['zamówienie'], action: { type: 'queue', queue: 'zamowienia' } },
        { digit: '9', action: { type: 'voicemail' } },
      ],
    },
  },
  queues: { reklamacje: { maxWaitSeconds: 120, ticketQueue: 'complaints' }, zamowienia: {} },
};

function serviceEnv(s) {
  const quote = (value) => `'${String(value).replace(/'/g, `'\\''`)}'`;
  const env = {
    TWILIO_ACCOUNT_SID: s.twilio.accountSid,
    TWILIO_AUTH_TOKEN: s.twilio.authToken,
    TWILIO_API_KEY_SID: s.twilio.apiKeySid,
    TWILIO_API_KEY_SECRET: s.twilio.apiKeySecret,
    PUBLIC_BASE_URL: s.twilio.publicBaseUrl,
    TWILIO_API_BASE_URL: `http://127.0.0.1:${s.sandbox.twilioPort}`,
    VOICE_NUMBERS: JSON.stringify([{ workspaceId: s.workspaceId, number: s.twilio.number, calls: DEMO_CALLS }]),
    MESSENGER_PAGES: JSON.stringify([
      {
        pageId: s.messenger.pageId,
        workspaceId: s.workspaceId,
        pageAccessToken: s.messenger.pageAccessToken,
        appSecret: s.messenger.appSecret,
      },
    ]),
    MESSENGER_VERIFY_TOKEN: s.messenger.verifyToken,
    MESSENGER_API_BASE_URL: `http://127.0.0.1:${s.sandbox.metaPort}`,
    SLACK_WORKSPACES: JSON.stringify([
      {
        teamId: s.slack.teamId,
        workspaceId: s.workspaceId,
        botToken: s.slack.botToken,
        signingSecret: s.slack.signingSecret,
        supportChannels: [s.slack.supportChannel],
      },
    ]),
    SLACK_API_BASE_URL: `http://127.0.0.1:${s.sandbox.slackPort}/api`,
    // A complaint tells billing to hold debt collection (PATCH a ticket's category to "complaint").
    SLACK_NOTIFICATIONS: JSON.stringify([
      {
        id: 'complaint-billing',
        workspaceId: s.workspaceId,
        teamId: s.slack.teamId,
        channel: s.slack.billingChannel,
        when: { category: 'complaint' },
        message: 'Wstrzymajcie windykację do rozpatrzenia reklamacji.',
      },
    ]),
    CHAT_WORKSPACES: s.workspaceId,
  };
  return Object.entries(env)
    .map(([name, value]) => `export ${name}=${quote(value)}`)
    .join('\n');
}

module.exports = { demoSettings, platformPort };

if (require.main === module) {
  if (process.argv[2] !== 'service-env') {
    console.error('usage: node scripts/demo/settings.js service-env');
    process.exit(2);
  }
  console.log(serviceEnv(demoSettings()));
}
