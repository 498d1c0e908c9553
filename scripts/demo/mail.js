#!/usr/bin/env node
// Sends a customer's mail (Polish, ISO-8859-2, or UTF-8 when the text does not fit it) to the demo mailbox over SMTP;
// channel-email picks it up through IDLE and a ticket appears.
// Usage: npm run demo:mail -- ["Subject"] ["from@address"]
const iconv = require('iconv-lite');
const { createTransport } = require('nodemailer');
const { buildRawMail } = require('@threadline/testing/dist/raw-mail');
const { platformPort } = require('./settings');

const subject = process.argv[2] || 'Reklamacja: paczka nie dotarła';
const from = process.argv[3] || 'jan.kowalski@example.pl';
const body = 'Dzień dobry,\r\nzamówienie nr 4521 nie dotarło. Proszę o pomoc.\r\nPozdrawiam, Jan Kowalski\r\n';
// Polish mail clients still send ISO-8859-2, but it has no em dash or emoji: a subject with one goes as UTF-8,
// as a client would send it, rather than arriving with "?" in its place.
const fitsLatin2 = (text) => iconv.decode(iconv.encode(text, 'ISO-8859-2'), 'ISO-8859-2') === text;
const raw = buildRawMail({
  from: { name: 'Jan Kowalski', address: from },
  to: 'support@demo.threadline.test',
  subject,
  body,
  charset: fitsLatin2(subject) ? 'ISO-8859-2' : 'UTF-8',
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
