import type { FilterQuery, SortOrder } from 'mongoose';
import { DomainError, type TicketListParams, type TicketSortKey } from '@threadline/contracts';
import { searchable, type TicketDoc } from './ticket.schema';

/** Sortable fields and the ticket field behind each; ties are broken by number. */
const SORT_FIELDS: Record<TicketSortKey, 'updatedAt' | 'createdAt' | 'priorityRank' | 'number'> = {
  updated: 'updatedAt',
  created: 'createdAt',
  priority: 'priorityRank',
  number: 'number',
};
type SortKey = TicketSortKey;

export { ticketListParams, type TicketListParams } from '@threadline/contracts';

export interface TicketListQuery {
  filter: FilterQuery<TicketDoc>;
  sort: SortKey;
  order: 'asc' | 'desc';
  limit: number;
  after: Cursor | null;
}

/** Keyset position: the sort value and number of the last ticket of the previous page. */
interface Cursor {
  value: string | number;
  number: number;
}

export class InvalidCursorError extends DomainError {
  constructor(message: string) {
    super('invalid', 'INVALID_CURSOR', message);
  }
}

/**
 * One value as plain equality: FerretDB 1.x hands equality down to an index but reads the whole
 * workspace for `$in`, so `?status=open` stays fast as closed tickets pile up.
 */
function oneOrAny<T>(values: T[]): T | { $in: T[] } {
  return values.length === 1 ? values[0] : { $in: values };
}

export function toListQuery(params: TicketListParams): TicketListQuery {
  const filter: FilterQuery<TicketDoc> = {};
  if (params.status) filter.status = oneOrAny(params.status);
  if (params.priority) filter.priority = oneOrAny(params.priority);
  if (params.queue) filter.queue = params.queue;
  if (params.assignee) {
    const ids = params.assignee.filter((a) => a !== 'none');
    const wantsUnassigned = ids.length < params.assignee.length;
    const options: FilterQuery<TicketDoc>[] = [];
    if (ids.length) options.push({ assigneeId: { $in: ids } });
    if (wantsUnassigned) options.push({ assigneeId: null });
    filter.$or = options;
  }
  if (params.channel) filter.channel = params.channel;
  if (params.tag) filter.tags = params.tag;
  if (params.customerId) filter.customerId = params.customerId;
  if (params.sla) filter.slaState = { $in: params.sla };
  if (params.q) filter.searchText = { $regex: escapeRegex(searchable(params.q)) };
  return {
    filter,
    sort: params.sort,
    order: params.order,
    limit: params.limit,
    after: params.cursor ? decodeCursor(params.cursor) : null,
  };
}

export function sortSpec(query: Pick<TicketListQuery, 'sort' | 'order'>): Record<string, SortOrder> {
  const direction = query.order === 'asc' ? 1 : -1;
  return { [SORT_FIELDS[query.sort]]: direction, number: direction };
}

/** Tickets after the cursor in the chosen order (keyset pagination: stable while tickets are added). */
export function cursorFilter(query: TicketListQuery): FilterQuery<TicketDoc> | null {
  if (!query.after) return null;
  const field = SORT_FIELDS[query.sort];
  const beyond = query.order === 'asc' ? '$gt' : '$lt';
  const value = field === 'updatedAt' || field === 'createdAt' ? new Date(query.after.value) : query.after.value;
  if (field === 'number') return { number: { [beyond]: value } };
  return { $or: [{ [field]: { [beyond]: value } }, { [field]: value, number: { [beyond]: query.after.number } }] };
}

export function nextCursor(query: Pick<TicketListQuery, 'sort' | 'limit'>, page: TicketDoc[]): string | null {
  const last = page.at(-1);
  if (!last || page.length < query.limit) return null;
  const raw = last[SORT_FIELDS[query.sort]];
  const value = raw instanceof Date ? raw.toISOString() : raw;
  return Buffer.from(JSON.stringify({ value, number: last.number })).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if ((typeof parsed.value === 'string' || typeof parsed.value === 'number') && Number.isInteger(parsed.number)) return parsed;
  } catch {
    // fall through: a cursor we did not issue
  }
  throw new InvalidCursorError('cursor is not one this API issued');
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
