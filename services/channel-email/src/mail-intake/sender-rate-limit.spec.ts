import { OncePerMail } from './sender-rate-limit';

/** The store-backed limit's behaviour: `limit` mails per sender, then no. */
function limitOf(limit: number) {
  const counts = new Map<string, number>();
  return {
    admit: async (workspaceId: string, sender: string) => {
      const key = `${workspaceId}:${sender}`;
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      return n <= limit;
    },
  };
}

it('does not count a mail read again after a failed round against its sender', async () => {
  const mails = new OncePerMail(limitOf(2));
  // A round of two mails from one sender fails after both were counted, and is read three more times.
  for (let round = 0; round < 4; round++) {
    expect(await mails.admit('7:1', 'ws', 'jan@klient.pl')).toBe(true);
    expect(await mails.admit('7:2', 'ws', 'jan@klient.pl')).toBe(true);
  }
  mails.settled(['7:1', '7:2']);
  // A third mail is the third: over the limit of two, whatever the re-reads.
  expect(await mails.admit('7:3', 'ws', 'jan@klient.pl')).toBe(false);
  // Another sender is untouched.
  expect(await mails.admit('7:4', 'ws', 'ola@klient.pl')).toBe(true);
});
