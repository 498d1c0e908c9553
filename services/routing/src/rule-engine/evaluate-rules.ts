import type { Channel, RuleAction, RuleTrigger, TicketPriority, TicketStatus } from '@threadline/contracts';
import { isOpenAt } from '@threadline/business-calendar';
import type { CompiledRule, RuleHours } from './compiled-rule';
import { TextIndex } from './polish-text';

/** What rules look at: the ticket as it is, and the customer's message that the trigger is about. */
export interface TicketFacts {
  channel: Channel;
  /** The address, number or page the customer wrote to. */
  recipient: string | null;
  subject: string | null;
  text: string;
  status: TicketStatus;
  priority: TicketPriority;
  queue: string | null;
  category: string | null;
  tags: string[];
  assigneeId: string | null;
  customerTier: string;
}

export interface TriggerOccurrence {
  trigger: RuleTrigger;
  /** `field.changed` / `status.changed`: the fields the change touched. */
  changedFields: readonly string[];
  at: Date;
}

export interface PlannedFiring {
  rule: CompiledRule['rule'];
  actions: RuleAction[];
}

export interface Evaluation {
  firings: PlannedFiring[];
  /** The ticket as the firings leave it. */
  facts: TicketFacts;
  /** Rules that matched but had fired for this ticket and trigger before. */
  alreadyFired: string[];
}

/**
 * Runs a workspace's rules, in order, for one trigger: each enabled rule of
 * that trigger whose conditions hold fires; its field actions apply to the
 * facts the next rules see; a firing rule with stop-processing ends the run.
 * A rule that fired for this ticket and trigger before (`fired`) is passed
 * over (its stop-processing still ends the run) — that, not a guess about who caused an event, is what keeps an
 * action that changes a watched field from looping.
 */
export function evaluateRules(
  rules: readonly CompiledRule[],
  initial: TicketFacts,
  occurrence: TriggerOccurrence,
  fired: ReadonlySet<string> = new Set(),
): Evaluation {
  let facts = initial;
  const firings: PlannedFiring[] = [];
  const alreadyFired: string[] = [];
  const seen = new Observation(initial, occurrence);
  for (const compiled of rules) {
    const { rule } = compiled;
    if (!rule.enabled || rule.trigger !== occurrence.trigger) continue;
    if (!conditionsHold(compiled, facts, occurrence, seen)) continue;
    if (fired.has(rule.id)) {
      // Its changes are in the ticket already; its stop still holds for this trigger.
      alreadyFired.push(rule.id);
      if (rule.stopProcessing) break;
      continue;
    }
    firings.push({ rule, actions: rule.actions });
    facts = applyFieldActions(facts, rule.actions);
    if (rule.stopProcessing) break;
  }
  return { firings, facts, alreadyFired };
}

/** What every rule of one evaluation shares, worked out on first need: the text's words, the whole text, the office's state. */
class Observation {
  private index: TextIndex | null = null;
  private whole: string | null = null;
  private readonly openByCalendar = new Map<string, boolean>();

  constructor(
    private readonly facts: TicketFacts,
    private readonly occurrence: TriggerOccurrence,
  ) {}

  get words(): TextIndex {
    return (this.index ??= new TextIndex(this.text));
  }

  get text(): string {
    return (this.whole ??= `${this.facts.subject ?? ''}\n${this.facts.text}`);
  }

  /** Whether the office is open by these hours (the calendar's work is the costly part: once per distinct calendar). */
  isOpen(hours: RuleHours): boolean {
    let open = this.openByCalendar.get(hours.key);
    if (open === undefined) {
      const minute = Math.floor(this.occurrence.at.getTime() / 60_000);
      if (hours.lastAnswer?.minute !== minute) {
        hours.lastAnswer = { minute, open: isOpenAt(hours.calendar, this.occurrence.at) };
      }
      open = hours.lastAnswer.open;
      this.openByCalendar.set(hours.key, open);
    }
    return open;
  }
}

function conditionsHold(c: CompiledRule, facts: TicketFacts, occurrence: TriggerOccurrence, seen: Observation): boolean {
  if (c.channels && !c.channels.has(facts.channel)) return false;
  if (c.recipients && !(facts.recipient && c.recipients.has(facts.recipient.toLowerCase()))) return false;
  if (c.queues && !c.queues.has(facts.queue)) return false;
  if (c.priorities && !c.priorities.has(facts.priority)) return false;
  if (c.statuses && !c.statuses.has(facts.status)) return false;
  if (c.categories && !c.categories.has(facts.category)) return false;
  if (c.tags && !c.tags.some((t) => facts.tags.includes(t))) return false;
  if (c.customerTiers && !c.customerTiers.has(facts.customerTier)) return false;
  if (c.changedFields && !c.changedFields.some((f) => occurrence.changedFields.includes(f))) return false;
  if (c.statusTo && !(occurrence.changedFields.includes('status') && c.statusTo.has(facts.status))) return false;
  if (c.hours && seen.isOpen(c.hours) !== c.hours.inside) return false;
  // The costly ones last, and only for rules that got this far.
  if (c.keywords && !c.keywords.some((k) => seen.words.contains(k))) return false;
  if (c.pattern && !c.pattern.test(seen.text)) return false;
  return true;
}

/** What a rule's field actions make of the ticket (replies and notes change no field). */
export function applyFieldActions(facts: TicketFacts, actions: readonly RuleAction[]): TicketFacts {
  let next = facts;
  for (const action of actions) {
    switch (action.type) {
      case 'set-queue':
        next = { ...next, queue: action.queue };
        break;
      case 'set-priority':
        next = { ...next, priority: action.priority };
        break;
      case 'set-category':
        next = { ...next, category: action.category };
        break;
      case 'add-tags':
        next = { ...next, tags: [...new Set([...next.tags, ...action.tags])] };
        break;
      case 'set-assignee':
        next = { ...next, assigneeId: action.assigneeId };
        break;
      case 'set-status':
        next = { ...next, status: action.status };
        break;
      default:
        break;
    }
  }
  return next;
}
