import { ALL, type CounterDelta } from '../projection/counter-delta';
import { localBucket } from '../time-buckets/local-time';
import { batchDocuments, countedDocuments, mergeEntries, type CounterDocument } from './counter-documents';

const bucket = localBucket('2026-03-10T09:00:00.000Z', 'Europe/Warsaw');
const opened = (queue: string, sign = 1): CounterDelta => ({
  bucket,
  dimensions: [ALL, { kind: 'queue', value: queue }],
  inc: { tickets: sign },
  max: {},
});

const doc = (id: string, values: CounterDocument['values'], extra: Partial<CounterDocument> = {}): CounterDocument => ({
  _id: id,
  workspaceId: 'ws',
  kind: 'breakdowns',
  shard: 'ticket.events.v1/0',
  month: '2026-03',
  values,
  at: 1,
  ...extra,
});

describe('a batch’s counter documents', () => {
  it('holds every value of every kind but the combinations in one document per period, the day’s figures also in the month’s and the year’s', () => {
    const docs = batchDocuments('ws', 'ticket.events.v1/0', 'batch-1', [opened('reklamacje'), opened('faktury')], 1);
    const day = docs.find((d) => d.placement === 'day' && d.doc.kind === 'breakdowns')!.doc;
    expect(day).toMatchObject({ day: '2026-03-10', month: '2026-03' });
    expect(day.values).toEqual([
      { kind: 'all', value: 'all', figures: { tickets: 2 } },
      { kind: 'queue', value: 'reklamacje', figures: { tickets: 1 } },
      { kind: 'queue', value: 'faktury', figures: { tickets: 1 } },
    ]);
    // Beside them, the combination of the figure's dimensions (a filter by several at once), in a document of its own.
    expect(docs.find((d) => d.placement === 'month' && d.doc.kind === 'combination')!.doc.values).toEqual([
      { kind: 'combination', value: '[["queue","reklamacje"]]', figures: { tickets: 1 } },
      { kind: 'combination', value: '[["queue","faktury"]]', figures: { tickets: 1 } },
    ]);
    // And in the year's (what a report over a whole year reads).
    expect(docs.find((d) => d.placement === 'year' && d.doc.kind === 'breakdowns')!.doc).toMatchObject({
      year: '2026',
      values: [
        { kind: 'all', value: 'all', figures: { tickets: 2 } },
        { kind: 'queue', value: 'reklamacje', figures: { tickets: 1 } },
        { kind: 'queue', value: 'faktury', figures: { tickets: 1 } },
      ],
    });
    // Day, month and year, each a breakdowns and a combinations document.
    expect(docs).toHaveLength(6);
  });

  it('keeps hour-of-week counts only on the total and the combinations', () => {
    const contact: CounterDelta = {
      bucket,
      dimensions: [ALL, { kind: 'channel', value: 'sms' }],
      inc: { contacts: 1, 'contactsByHour.2-10': 1 },
    };
    const docs = batchDocuments('ws', 'contact.received.v1/0', 'batch-1', [contact], 1);
    expect(docs.find((d) => d.placement === 'day' && d.doc.kind === 'breakdowns')!.doc.values).toEqual([
      { kind: 'all', value: 'all', figures: { contacts: 1, contactsByHour: { '2-10': 1 } } },
      { kind: 'channel', value: 'sms', figures: { contacts: 1 } },
    ]);
    expect(docs.find((d) => d.placement === 'day' && d.doc.kind === 'combination')!.doc.values).toEqual([
      { kind: 'combination', value: '[["channel","sms"]]', figures: { contacts: 1, contactsByHour: { '2-10': 1 } } },
    ]);
  });

  it('gets the same ids from the same batch, and others from another', () => {
    const ids = (batch: string) => batchDocuments('ws', 's', batch, [opened('a')], 1).map((d) => d.doc._id);
    expect(ids('batch-1')).toEqual(ids('batch-1'));
    expect(ids('batch-2').some((id) => ids('batch-1').includes(id))).toBe(false);
  });
});

describe('what a reader counts', () => {
  it('is the newest fold and the documents it did not replace; older folds and replaced leftovers are skipped', () => {
    const counted = countedDocuments([
      doc('b1', [{ kind: 'queue', value: 'a', figures: { tickets: 1 } }]),
      doc('b2', [{ kind: 'queue', value: 'a', figures: { tickets: 1 } }]),
      doc('f1', [{ kind: 'queue', value: 'a', figures: { tickets: 1 } }], { fold: 1, replaces: ['b0'] }),
      doc('f2', [{ kind: 'queue', value: 'a', figures: { tickets: 2 } }], { fold: 2, replaces: ['b1'] }),
      doc('b3', [{ kind: 'queue', value: 'a', figures: { tickets: 1 } }]),
      // Another partition's documents are folded on their own.
      doc('x1', [{ kind: 'queue', value: 'a', figures: { tickets: 5 } }], { shard: 'ticket.events.v1/1', replaces: [] }),
    ]);
    expect(counted.map((d) => d._id)).toEqual(['b2', 'f2', 'b3', 'x1']);
  });
});

describe('merging entries', () => {
  it('sums per kind and value, keeps maxima and the newest label, and leaves out what cancelled out', () => {
    const merged = mergeEntries([
      doc('b2', [{ kind: 'policy', value: 'p1', figures: { sla: { met: 1 } }, labels: { policyName: 'Nowa nazwa' } }], { at: 2 }),
      doc('b1', [
        {
          kind: 'policy',
          value: 'p1',
          figures: { sla: { met: 2 }, firstResponse: { max: 30 } },
          labels: { policyName: 'Stara' },
        },
        { kind: 'queue', value: 'moved', figures: { tickets: 1 } },
      ]),
      doc('b3', [{ kind: 'queue', value: 'moved', figures: { tickets: -1 } }], { at: 3 }),
    ]);
    expect(merged).toEqual([
      {
        kind: 'policy',
        value: 'p1',
        figures: { sla: { met: 3 }, firstResponse: { max: 30 } },
        labels: { policyName: 'Nowa nazwa' },
      },
    ]);
    // One value under two kinds stays two entries.
    expect(
      mergeEntries([
        doc('b1', [
          { kind: 'queue', value: 'x', figures: { tickets: 1 } },
          { kind: 'agent', value: 'x', figures: { tickets: 2 } },
        ]),
      ]),
    ).toEqual([
      { kind: 'queue', value: 'x', figures: { tickets: 1 } },
      { kind: 'agent', value: 'x', figures: { tickets: 2 } },
    ]);
  });
});
