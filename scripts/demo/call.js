#!/usr/bin/env node
// A customer's phone call to the demo number, driven the way Twilio drives
// our voice webhooks (each signed): the IVR, the queue, the demo admin taking
// the caller through the agent API, the end of the call. What Twilio would say
// to the caller is printed. The call becomes a ticket with its facts.
// Usage: npm run demo:call -- [answered|voicemail|abandoned] ["+48 600 100 200"]
const { randomBytes } = require('node:crypto');
const { twilioCallWebhooks } = require('@threadline/testing/dist/provider-stand-ins');
const { demoSettings } = require('./settings');

const outcome = process.argv[2] || 'answered';
const from = (process.argv[3] || '+48600100200').replace(/\s/g, '');
const s = demoSettings();
const call = twilioCallWebhooks({
  serviceUrl: () => s.voiceUrl,
  publicBaseUrl: s.twilio.publicBaseUrl,
  accountSid: s.twilio.accountSid,
  authToken: s.twilio.authToken,
  to: s.twilio.number,
  from,
});

/** What the caller hears: the <Say> texts of a TwiML answer. */
const heard = (twiml) => [...twiml.matchAll(/<Say[^>]*>([^<]*)<\/Say>/g)].map((m) => m[1]).join(' ') || '(no speech)';

async function step(label, request) {
  const answer = await request;
  if (answer.status >= 300) throw new Error(`${label}: ${answer.status} ${answer.text}`);
  console.log(`${label.padEnd(22)} ${answer.text.includes('<Say') ? `caller hears: ${heard(answer.text)}` : answer.status}`);
  return answer;
}

async function agentTakesTheCall() {
  const login = await fetch(`${s.gatewayUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(s.admin),
  }).then((r) => r.json());
  const taken = await fetch(`${s.gatewayUrl}/api/v1/voice/queues/reklamacje/next`, {
    method: 'POST',
    headers: { authorization: `Bearer ${login.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ phone: '+48600999888' }),
  }).then((r) => r.json());
  if (!taken.call) throw new Error(`the agent found nobody waiting: ${JSON.stringify(taken)}`);
  console.log(`${'agent takes the call'.padEnd(22)} ${JSON.stringify(taken.call)}`);
}

(async () => {
  console.log(`call ${call.sid} from ${from} to ${s.twilio.number}`);
  await step('incoming call', call.incoming());
  if (outcome === 'voicemail') {
    await step('presses 9', call.menu('9'));
    const recording = `RE${randomBytes(16).toString('hex')}`;
    await step('leaves a message', call.voicemailDone(recording, 18));
    await step('recording ready', call.recording(recording, 18));
    await step('hangs up', call.status('completed', 40));
  } else {
    await step('presses 1', call.menu('1'));
    await step('waits in the queue', call.wait('reklamacje', 25));
    if (outcome === 'abandoned') {
      await step('hangs up waiting', call.queueResult('reklamacje', 'hangup', 48));
      await step('call ends', call.status('completed', 60));
    } else {
      await agentTakesTheCall();
      await step('leaves the queue', call.queueResult('reklamacje', 'redirected', 26));
      await step('talks to the agent', call.status('in-progress'));
      await step('agent hangs up', call.dialDone('reklamacje', 'completed', 185));
      await step('call ends', call.status('completed', 215));
    }
  }
  console.log(`the call is now a ticket with its facts (GET /api/v1/tickets?channel=voice);`);
  console.log(`what Twilio was asked to do: http://127.0.0.1:${s.sandbox.twilioPort}/__recorded`);
})().catch((error) => {
  console.error(`demo:call: ${error.message}`);
  process.exit(1);
});
