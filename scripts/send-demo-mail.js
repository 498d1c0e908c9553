#!/usr/bin/env node
// Puts a customer's mail (Polish, ISO-8859-2) into the demo mailbox, as if it had
// just been delivered; channel-email picks it up through IDLE and a ticket appears.
// Usage: node scripts/send-demo-mail.js ["Subject"] ["from@address"]
const { ImapFlow } = require('imapflow');
const { buildRawMail } = require('@threadline/testing/dist/raw-mail');

const subject = process.argv[2] || 'Reklamacja: paczka nie dotarła';
const from = process.argv[3] || 'jan.kowalski@example.pl';
const raw = buildRawMail({
  from: { name: 'Jan Kowalski', address: from },
  to: 'support@demo.threadline.test',
  subject,
  body: 'Dzień dobry,\r\nzamówienie nr 4521 nie dotarło. Proszę o pomoc.\r\nPozdrawiam, Jan Kowalski\r\n',
  messageId: `<demo-${Date.now()}@example.pl>`,
});

(async () => {
  const client = new ImapFlow({
    host: process.env.IMAP_HOST || '127.0.0.1',
    port: Number(process.env.IMAP_PORT || 1143),
    secure: false,
    auth: { user: 'support@demo.threadline.test', pass: process.env.IMAP_PASSWORD || 'threadline' },
    logger: false,
  });
  await client.connect();
  await client.append('INBOX', raw);
  await client.logout();
  console.log(`delivered "${subject}" from ${from} to support@demo.threadline.test`);
})().catch((error) => {
  console.error(`send-demo-mail: ${error.message}`);
  process.exit(1);
});
