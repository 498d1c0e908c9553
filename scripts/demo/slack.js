#!/usr/bin/env node
// A business customer's message in the shared Slack support channel, posted
// the way Slack's Events API posts it, signed v0 with the app's signing secret.
// Usage: npm run demo:slack -- ["text"] [thread_ts]   (thread_ts: answer inside an earlier thread)
const { messageCallback, newTs, postSlackEvent } = require('@threadline/testing/dist/provider-stand-ins');
const { demoSettings } = require('./settings');

const text = process.argv[2] || 'Dzień dobry, faktura FV/2026/11/042 ma błędny NIP. Prosimy o korektę. — Piotr, Hurtownia Żuraw';
const threadTs = process.argv[3];
const s = demoSettings();

(async () => {
  const ts = newTs();
  const body = messageCallback(s.slack.teamId, {
    channel: s.slack.supportChannel,
    user: 'UDEMOCUST1',
    text,
    ts,
    ...(threadTs ? { thread_ts: threadTs } : {}),
  });
  const answer = await postSlackEvent(s.socialUrl, body, s.slack.signingSecret);
  console.log(`Slack → /webhooks/slack/events: ${answer.status}`);
  if (answer.status !== 200) process.exit(1);
  console.log(`the message (ts ${ts}) is now a ticket (GET /api/v1/tickets?channel=slack); answer in its thread with:`);
  console.log(`  npm run demo:slack -- "Dziękuję!" ${threadTs ?? ts}`);
  console.log(`an agent's reply is posted in the thread: see http://127.0.0.1:${s.sandbox.slackPort}/__recorded`);
})().catch((error) => {
  console.error(`demo:slack: ${error.message}`);
  process.exit(1);
});
