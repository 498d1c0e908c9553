#!/usr/bin/env node
// The providers the demo cannot reach, played locally: Twilio's REST API, the
// Messenger Send API and Slack's Web API, each checking our credentials the
// way the real one does (the same stand-ins the tests use). The platform
// points its clients here; every request is logged, and GET /__recorded on
// each port shows what Threadline sent (credentials left out). Like Twilio,
// the sandbox reports each accepted SMS as sent, then delivered.
const {
  MetaStandIn,
  SlackStandIn,
  TwilioStandIn,
  postSignedWebhook,
  statusCallbackParams,
} = require('@threadline/testing/dist/provider-stand-ins');
const { demoSettings } = require('./settings');

const s = demoSettings();
const twilio = new TwilioStandIn(s.twilio.accountSid, s.twilio.authToken);
const meta = new MetaStandIn(new Map([[s.messenger.pageAccessToken, s.messenger.appSecret]]));
const slack = new SlackStandIn(new Set([s.slack.botToken]));

twilio.onAccepted = async (request) => {
  const callback = new URL(request.form.StatusCallback ?? '', s.twilio.publicBaseUrl);
  if (!request.form.StatusCallback) return;
  setTimeout(async () => {
    for (const status of ['sent', 'delivered']) {
      const params = statusCallbackParams(s.twilio.accountSid, request.sid, status, request.form.From, request.form.To);
      await postSignedWebhook(callback.origin, callback.origin, callback.pathname, params, s.twilio.authToken).catch((error) =>
        console.error(`status callback failed: ${error.message}`),
      );
    }
  }, 500);
};

const stands = [
  ['twilio', twilio, s.sandbox.twilioPort],
  ['messenger', meta, s.sandbox.metaPort],
  ['slack', slack, s.sandbox.slackPort],
];

(async () => {
  for (const [name, stand, port] of stands) {
    await stand.start(port);
    console.log(`${name} sandbox on ${stand.url} (what we sent: http://127.0.0.1:${port}/__recorded)`);
  }
  const seen = new Map(stands.map(([name]) => [name, 0]));
  setInterval(() => {
    for (const [name, stand] of stands) {
      const all = stand.recorded();
      for (const request of all.slice(seen.get(name)))
        console.log(`${new Date().toISOString()} ${name}: ${JSON.stringify(request)}`);
      seen.set(name, all.length);
    }
  }, 500);
  const stop = async () => {
    await Promise.all(stands.map(([, stand]) => stand.stop()));
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
})().catch((error) => {
  console.error(`provider sandbox: ${error.message}`);
  process.exit(1);
});
