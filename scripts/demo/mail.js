#!/usr/bin/env node
// Sends a customer's mail (Polish, ISO-8859-2) to the demo mailbox over SMTP;
// channel-email picks it up through IDLE and a ticket appears.
// Usage: npm run demo:mail -- ["Subject"] ["from@address"]
const { createTransport } = require('nodemailer');
const { buildRawMail } = require('@threadline/testing/dist/raw-mail');
const { platformPort } = require('./settings');

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
  // Through the local mail server, as a customer's provider delivers it: Postfix hands it to Dovecot.
  const transport = createTransport({
    host: process.env.SMTP_HOST || '127.0.0.1',
    port: platformPort('SMTP_PORT', 1025),
    secure: false,
    ignoreTLS: true,
  });
  await transport.sendMail({ envelope: { from, to: ['support@demo.threadline.test'] }, raw });
  transport.close();
  console.log(`sent "${subject}" from ${from} to support@demo.threadline.test`);
  console.log(
    `the acknowledgement and agents' answers arrive in ${from}'s mailbox on IMAP 127.0.0.1:${platformPort('IMAP_PORT', 1143)}`,
  );
})().catch((error) => {
  console.error(`send-demo-mail: ${error.message}`);
  process.exit(1);
});
