import type { Connection } from 'mongoose';
import { identityMatchKey } from '@threadline/contracts';
import { deterministicId } from '@threadline/persistence';

/**
 * A store that already holds an office's past: `tickets` closed tickets of another workspace,
 * each with its customer, the customer's e-mail identity and two timeline entries, written
 * straight into the tickets service's collections before it starts. The service never reads
 * them (another workspace); they make its collections as large as a year of mail would, which
 * is what a store's per-operation cost depends on. The shapes follow the tickets service's
 * schemas (a bench may not import services) in their current version, so its start-up upgrade
 * has nothing to rewrite.
 */
export async function fillStoreHistory(db: Connection, tickets: number, onProgress?: (done: number) => void): Promise<void> {
  const ws = 'ws-history';
  const at = (i: number) => new Date(Date.UTC(2025, 11, 1) + i * 60_000);
  const batch = 1000;
  for (let start = 0; start < tickets; start += batch) {
    const ids = Array.from({ length: Math.min(batch, tickets - start) }, (_, k) => start + k);
    await Promise.all([
      db.collection('tickets').insertMany(
        ids.map((i) => ({
          _id: `hist-t-${i}` as never,
          workspaceId: ws,
          number: i + 1,
          version: 3,
          subject: `Faktura ${i} — zażółć gęślą jaźń`,
          status: 'closed',
          priority: 'normal',
          priorityRank: 2,
          queue: null,
          assigneeId: `agent-${i % 12}`,
          tags: [],
          category: null,
          customerId: `hist-c-${i}`,
          channel: 'email',
          replyTarget: null,
          statusChangedAt: at(i),
          createdAt: at(i),
          updatedAt: at(i),
          lastContactAt: at(i),
          firstResponseAt: at(i),
          resolvedAt: at(i),
          slaDueAt: null,
          openedByEntryId: `hist-e-${i}-0`,
          customerEpoch: 1,
          previousTicketId: null,
          mergedInto: null,
          mergedTicketIds: [],
          searchText: `faktura ${i}`,
        })),
        { ordered: false },
      ),
      db.collection('customers').insertMany(
        ids.map((i) => ({
          _id: `hist-c-${i}` as never,
          workspaceId: ws,
          name: `Klient ${i}`,
          identities: [{ kind: 'email', value: `hist${i}@example.pl` }],
          tier: 'standard',
          notes: null,
          lastTicketId: `hist-t-${i}`,
          ticketEpoch: 1,
          mergedInto: null,
          mergedFrom: [],
          createdAt: at(i),
          updatedAt: at(i),
        })),
        { ordered: false },
      ),
      db.collection('customer_identities').insertMany(
        ids.map((i) => ({
          _id: deterministicId(ws, 'identity', identityMatchKey({ kind: 'email', value: `hist${i}@example.pl` })) as never,
          workspaceId: ws,
          customerId: `hist-c-${i}`,
          kind: 'email',
          value: `hist${i}@example.pl`,
        })),
        { ordered: false },
      ),
      db.collection('timeline').insertMany(
        ids.flatMap((i) =>
          [0, 1].map((k) => ({
            _id: `hist-e-${i}-${k}` as never,
            workspaceId: ws,
            ticketId: `hist-t-${i}`,
            kind: 'message',
            direction: k === 0 ? 'inbound' : 'outbound',
            channel: 'email',
            text: 'Dzień dobry, proszę o korektę faktury. '.repeat(6),
            occurredAt: at(i + k),
          })),
        ),
        { ordered: false },
      ),
    ]);
    onProgress?.(start + ids.length);
  }
}
