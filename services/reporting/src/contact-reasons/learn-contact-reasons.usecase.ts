import { EVENT_TYPES, isEventType, type AnyEvent, type TypedEnvelope } from '@threadline/contracts';
import type { HandlerOutcome, UncheckedEvent } from '@threadline/kafka';
import { contactEntryId } from '@threadline/persistence';
import { contactTokens } from './contact-tokens';
import { exampleIdOf, type ContactReasonStore, type ContactTextDoc, type ExampleDoc } from './contact-reason-store';
import { isHeldBack } from './held-back';
import type { CurrentModels } from './current-models';
import { suggestCategory } from './naive-bayes';

export type LearnedEvent =
  | TypedEnvelope<'contact.received.v1'>
  | TypedEnvelope<'ticket.created.v1'>
  | TypedEnvelope<'ticket.message-added.v1'>
  | TypedEnvelope<'ticket.updated.v1'>;

/** The event types the classifier learns from; every other is ignored. */
export const LEARNED_TYPES: ReadonlySet<string> = new Set<LearnedEvent['type']>([
  'contact.received.v1',
  'ticket.created.v1',
  'ticket.message-added.v1',
  'ticket.updated.v1',
]);

/** A contact's words, kept under its timeline entry id; null when it has none worth learning from. */
function textOf({ workspaceId, payload }: TypedEnvelope<'contact.received.v1'>): ContactTextDoc | null {
  const tokens = contactTokens(payload.subject, payload.newText ?? payload.text);
  if (tokens.length === 0) return null;
  const _id = contactEntryId(workspaceId, payload.channel, payload.providerMessageId);
  return { _id, workspaceId, tokens, at: new Date(payload.receivedAt) };
}

/**
 * Whether the classifier may learn from an event, looked at before it is validated: a registered ticket event
 * (at its registered version) that `LearnContactReasons` would ignore — an outbound message, or a change that
 * is not an agent's category — is skipped undecoded (most of a replay's ticket events). Anything else, even one
 * that looks malformed, goes on to validation as before.
 */
export function mayLearnFrom({ type, version, payload }: UncheckedEvent): boolean {
  if (typeof type !== 'string' || !isEventType(type) || version !== EVENT_TYPES[type].version) return true;
  if (payload === null || typeof payload !== 'object') return true;
  const p = payload as { direction?: unknown; actor?: { kind?: unknown } | null; changes?: Record<string, unknown> | null };
  if (type === 'ticket.message-added.v1') return p.direction !== 'outbound';
  if (type === 'ticket.updated.v1') {
    const kind = typeof p.actor === 'object' && p.actor !== null ? p.actor.kind : undefined;
    const noCategory = typeof p.changes === 'object' && p.changes !== null && p.changes.category === undefined;
    return !(kind === 'customer' || kind === 'system' || noCategory);
  }
  return true;
}

/**
 * What the classifier learns from the event log, each event on its own:
 * - a contact's words are kept under its timeline entry id (the customer's
 *   text arrives on `contact.received.v1`, opened from its seal like every
 *   consumer's; ticket events carry only the subject);
 * - a ticket's creation makes its example; its first inbound message joins
 *   the opening words and the category is suggested at once (stored);
 *   a later customer message only drops its waiting words;
 * - an agent setting the category labels the example (rules and the system
 *   do not teach it: it learns what people decide) and asks for a training.
 * The contact and the ticket are on different topics: when the words come
 * after the ticket's message, the example keeps the entry id and the words
 * wait under it (joined at the label, read by training and by the agent
 * API; that ticket's suggestion is then computed when asked, not stored).
 */
export class LearnContactReasons {
  constructor(
    private readonly store: ContactReasonStore,
    private readonly models: CurrentModels,
    private readonly labelled: (workspaceId: string) => void,
  ) {}

  /**
   * A partition's consecutive events at once, with the same effect as `execute` on each in turn: the contacts' words
   * kept in one insert (written before any later ticket event of the run reads them), the rest one by one.
   */
  async executeMany(events: AnyEvent[]): Promise<HandlerOutcome[]> {
    const outcomes: HandlerOutcome[] = [];
    let texts: ContactTextDoc[] = [];
    for (const event of events) {
      if (event.type === 'contact.received.v1') {
        const text = textOf(event);
        if (text) texts.push(text);
        outcomes.push(text ? 'done' : 'ignored');
        continue;
      }
      if (!LEARNED_TYPES.has(event.type)) {
        outcomes.push('ignored');
        continue;
      }
      await this.store.keepTexts(texts);
      texts = [];
      outcomes.push(await this.execute(event as LearnedEvent));
    }
    await this.store.keepTexts(texts);
    return outcomes;
  }

  async execute(event: LearnedEvent): Promise<HandlerOutcome> {
    switch (event.type) {
      case 'contact.received.v1':
        return this.contactReceived(event);
      case 'ticket.created.v1':
        return this.ticketCreated(event);
      case 'ticket.message-added.v1':
        return this.messageAdded(event);
      case 'ticket.updated.v1':
        return this.ticketUpdated(event);
    }
  }

  private async contactReceived(event: TypedEnvelope<'contact.received.v1'>): Promise<HandlerOutcome> {
    const text = textOf(event);
    if (!text) return 'ignored';
    await this.store.keepText(text);
    return 'done';
  }

  private async ticketCreated({ workspaceId, payload }: TypedEnvelope<'ticket.created.v1'>): Promise<HandlerOutcome> {
    await this.store.addExample({
      _id: exampleIdOf(workspaceId, payload.ticketId),
      workspaceId,
      ticketId: payload.ticketId,
      number: payload.number,
      customerId: payload.customerId,
      subjectTokens: contactTokens(payload.subject),
      tokens: null,
      openingEntryId: null,
      category: null,
      labelled: false,
      heldBack: isHeldBack(payload.ticketId),
      suggestion: null,
      createdAt: new Date(payload.createdAt),
    });
    return 'done';
  }

  private async messageAdded({ workspaceId, payload }: TypedEnvelope<'ticket.message-added.v1'>): Promise<HandlerOutcome> {
    if (payload.direction !== 'inbound') return 'ignored';
    const example = await this.store.example(workspaceId, payload.ticketId);
    if (!example || example.tokens !== null || example.openingEntryId !== null) {
      // A reply (or a ticket from before the classifier): its words are not what the ticket is about.
      await this.store.dropText(payload.messageId);
      return 'done';
    }
    const joined = await this.join(example, payload.messageId);
    if (!joined.tokens) return 'done';
    const model = await this.models.of(workspaceId);
    const suggestion = model && suggestCategory(model.model, [...example.subjectTokens, ...joined.tokens]);
    await this.store.updateExample(workspaceId, example.ticketId, {
      ...joined,
      suggestion: suggestion ? { ...suggestion, trainedAt: model.trainedAt } : null,
    });
    return 'done';
  }

  private async ticketUpdated({ workspaceId, payload }: TypedEnvelope<'ticket.updated.v1'>): Promise<HandlerOutcome> {
    if (!payload.changes.category || payload.actor.kind !== 'agent') return 'ignored';
    const example = await this.store.example(workspaceId, payload.ticketId);
    if (!example) return 'ignored';
    const category = payload.state.category;
    const late = example.tokens === null && example.openingEntryId ? await this.join(example, example.openingEntryId) : {};
    await this.store.updateExample(workspaceId, example.ticketId, { ...late, category, labelled: category !== null });
    this.labelled(workspaceId);
    return 'done';
  }

  /** The opening message's words, if they have arrived (then their waiting copy goes); else the entry to join later. */
  private async join(example: ExampleDoc, entryId: string): Promise<Pick<ExampleDoc, 'tokens' | 'openingEntryId'>> {
    const text = await this.store.text(example.workspaceId, entryId);
    if (!text) return { tokens: null, openingEntryId: entryId };
    await this.store.dropText(entryId);
    return { tokens: text.tokens, openingEntryId: entryId };
  }
}
