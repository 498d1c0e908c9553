import { entryIdFromMessageId, outboundMessageId } from './message-ids';

it('recognises our own Message-IDs from any of our domains and nobody else’s', () => {
  const id = '0123456789abcdef0123456789abcdef';
  expect(entryIdFromMessageId(outboundMessageId(id, 'bok.firma.pl'))).toBe(id);
  expect(entryIdFromMessageId(`tl.${id}@inna-domena.pl`)).toBe(id);
  expect(entryIdFromMessageId('<CAF=abc123@mail.gmail.com>')).toBeNull();
  expect(entryIdFromMessageId('<tl.not-hex@firma.pl>')).toBeNull();
});
