#!/usr/bin/env node
// A customer's message on the demo Facebook Page, posted the way Meta posts
// it: a page webhook (Meta's escaped JSON) signed X-Hub-Signature-256 with the app secret.
// Usage: npm run demo:messenger -- ["text"] [psid]
const { pageWebhook, postMessengerWebhook, textEvent } = require('@threadline/testing/dist/provider-stand-ins');
const { demoSettings } = require('./settings');

const text = process.argv[2] || 'Cześć! Zamówiłam kurtkę w rozmiarze M, czy mogę ją wymienić na L? Małgorzata';
const psid = process.argv[3] || '7000000000000001';
const s = demoSettings();

(async () => {
  const body = pageWebhook({ pageId: s.messenger.pageId, messaging: [textEvent(s.messenger.pageId, psid, text)] });
  const answer = await postMessengerWebhook(s.socialUrl, body, s.messenger.appSecret);
  console.log(`Meta → /webhooks/messenger: ${answer.status} ${answer.text}`);
  if (answer.status !== 200) process.exit(1);
  console.log(`a Messenger message from PSID ${psid} is now a ticket (GET /api/v1/tickets?channel=messenger);`);
  console.log(`an agent's reply goes out through the Send API: see http://127.0.0.1:${s.sandbox.metaPort}/__recorded`);
})().catch((error) => {
  console.error(`demo:messenger: ${error.message}`);
  process.exit(1);
});
