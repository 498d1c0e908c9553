import type { Connection } from 'mongoose';
import { normalizeIdentity, type Identity } from '@threadline/contracts';
import { deterministicId, isDuplicateKeyError } from '@threadline/persistence';
import { identityKey } from '../customers/customer.repository';
import { PRIORITY_RANK, searchable, type TicketPriority } from '../tickets/ticket.schema';

/**
 * Brings documents written by the first release (foundation) up to the
 * current shape, in place and idempotently, before any consumer starts:
 * - tickets gain a version, priority rank, queue, tags, timestamps and search text;
 * - customers' `openTicketId` becomes `lastTicketId`, with tier and merge fields;
 * - identity links move to ids derived from the normalised, scoped identity.
 * Each step selects only what still lacks the new fields, so running it again does nothing; once
 * all are done a marker in `store_upgrades` skips them at every later start.
 * No pipeline updates (FerretDB 1.x has none): documents are read and rewritten one by one.
 */
export async function upgradeStore(connection: Connection): Promise<{ tickets: number; customers: number; links: number }> {
  const db = connection.db;
  if (!db) throw new Error('store not connected');
  // Once done, never again: the selections below are not index-served on FerretDB 1.x, so each
  // start would otherwise read every ticket, customer and identity link of the store.
  const done = db.collection<{ _id: string; at: Date }>('store_upgrades');
  if (await done.findOne({ _id: UPGRADE_ID })) return { tickets: 0, customers: 0, links: 0 };
  const upgraded = await upgradeDocuments(connection);
  try {
    await done.insertOne({ _id: UPGRADE_ID, at: new Date() });
  } catch (error) {
    // Another instance starting at the same moment finished it too.
    if (!isDuplicateKeyError(error)) throw error;
  }
  return upgraded;
}

/** This release's document shape; a later shape change gets its own id and step. */
const UPGRADE_ID = 'first-release-to-2026-12';

async function upgradeDocuments(connection: Connection): Promise<{ tickets: number; customers: number; links: number }> {
  const db = connection.db;
  if (!db) throw new Error('store not connected');
  let tickets = 0;
  for await (const t of db.collection('tickets').find({ version: { $exists: false } })) {
    const priority = (t.priority ?? 'normal') as TicketPriority;
    await db.collection('tickets').updateOne(
      { _id: t._id },
      {
        $set: {
          version: 1,
          priority,
          priorityRank: PRIORITY_RANK[priority],
          queue: null,
          tags: [],
          category: null,
          replyTarget: null,
          statusChangedAt: t.updatedAt ?? t.createdAt,
          firstResponseAt: null,
          resolvedAt: t.status === 'closed' ? (t.updatedAt ?? t.createdAt) : null,
          slaDueAt: null,
          slaState: null,
          slaRevision: 0,
          openedByEntryId: deterministicId(String(t.workspaceId), 'legacy-ticket', String(t._id)),
          customerEpoch: 0,
          previousTicketId: null,
          mergedInto: null,
          mergedTicketIds: [],
          searchText: searchable(t.subject as string | null),
        },
      },
    );
    tickets++;
  }
  let customers = 0;
  for await (const c of db.collection('customers').find({ ticketEpoch: { $exists: false } })) {
    await db.collection('customers').updateOne(
      { _id: c._id },
      {
        $set: {
          lastTicketId: c.openTicketId ?? null,
          ticketEpoch: 0,
          tier: 'standard',
          notes: null,
          mergedInto: null,
          mergedFrom: [],
          updatedAt: c.createdAt,
        },
        $unset: { openTicketId: '' },
      },
    );
    customers++;
  }
  let links = 0;
  for await (const link of db.collection('customer_identities').find({})) {
    let identity: Identity;
    try {
      identity = normalizeIdentity({ kind: link.kind, value: link.value } as Identity);
    } catch {
      continue; // not an identity we can match by any more; the customer keeps it on the profile
    }
    const id = identityKey(String(link.workspaceId), identity);
    if (String(link._id) === id) continue;
    await db.collection('customer_identities').updateOne(
      { _id: id as never },
      {
        $setOnInsert: {
          workspaceId: link.workspaceId,
          kind: identity.kind,
          value: identity.value,
          customerId: link.customerId,
        },
      },
      { upsert: true },
    );
    await db.collection('customer_identities').deleteOne({ _id: link._id });
    links++;
  }
  return { tickets, customers, links };
}
