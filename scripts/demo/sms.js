#!/usr/bin/env node
// A customer's SMS to the demo number, posted the way Twilio posts it: form
// fields as Twilio documents them, signed with the account's auth token.
// Usage: npm run demo:sms -- ["text"] ["+48 600 100 200"]
const { inboundSmsParams, postSignedWebhook } = require('@threadline/testing/dist/provider-stand-ins');
const { demoSettings } = require('./settings');

const text = process.argv[2] || 'Dzień dobry, czy mogę zmienić adres dostawy zamówienia 4521? Pozdrawiam, Zofia Wójcik';
const from = (process.argv[3] || '+48600100200').replace(/\s/g, '');
const s = demoSettings();

(async () => {
  const params = inboundSmsParams(s.twilio.accountSid, from, s.twilio.number, text);
  const answer = await postSignedWebhook(s.voiceUrl, s.twilio.publicBaseUrl, '/webhooks/twilio/sms', params, s.twilio.authToken);
  console.log(`Twilio → /webhooks/twilio/sms (${params.MessageSid}): ${answer.status} ${answer.text}`);
  if (answer.status !== 200) process.exit(1);
  console.log(`an SMS from ${from} to ${s.twilio.number} is now a ticket (GET /api/v1/tickets?channel=sms);`);
  console.log(`an agent's reply goes out through Twilio: see http://127.0.0.1:${s.sandbox.twilioPort}/__recorded`);
})().catch((error) => {
  console.error(`demo:sms: ${error.message}`);
  process.exit(1);
});
