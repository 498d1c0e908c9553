import type { RuleAction, RuleConditions, RuleDelay, RuleTrigger } from '@threadline/contracts';
import { DEFAULT_TIMEZONE, type BusinessCalendar } from '@threadline/business-calendar';
import { keywordMatcher, type KeywordMatcher } from './polish-text';

/** A rule as stored: its body plus identity and version. */
export interface StoredRule {
  id: string;
  version: number;
  name: string;
  enabled: boolean;
  trigger: RuleTrigger;
  conditions: RuleConditions;
  actions: RuleAction[];
  /** Time triggers: how long after the ticket opened or began waiting. */
  after?: RuleDelay;
  stopProcessing: boolean;
}

/**
 * A rule prepared once per ruleset version: lists as sets, keywords stemmed,
 * the pattern compiled, so evaluating it per contact allocates nothing.
 */
export interface CompiledRule {
  rule: StoredRule;
  channels: ReadonlySet<string> | null;
  recipients: ReadonlySet<string> | null;
  queues: ReadonlySet<string | null> | null;
  priorities: ReadonlySet<string> | null;
  statuses: ReadonlySet<string> | null;
  categories: ReadonlySet<string | null> | null;
  tags: readonly string[] | null;
  customerTiers: ReadonlySet<string> | null;
  keywords: readonly KeywordMatcher[] | null;
  pattern: RegExp | null;
  changedFields: readonly string[] | null;
  statusTo: ReadonlySet<string> | null;
  hours: RuleHours | null;
}

/** A rule's business hours as the shared calendar; `key` lets one evaluation ask each distinct calendar once. */
export interface RuleHours {
  calendar: BusinessCalendar;
  key: string;
  inside: boolean;
  /**
   * The last answer and its minute: hours and exceptions change at whole minutes, and the calendar's zone
   * arithmetic is the costly part of an evaluation, so a rule asks it at most once a minute.
   */
  lastAnswer: { minute: number; open: boolean } | null;
}

function hoursOf(hours: RuleConditions['businessHours']): RuleHours | null {
  if (!hours) return null;
  const calendar: BusinessCalendar = {
    timezone: DEFAULT_TIMEZONE,
    open: [{ days: hours.days, from: hours.from, to: hours.to }],
    // Rules stored before holidays and exceptions were part of the hours have neither field.
    closedOnPolishHolidays: hours.closedOnPolishHolidays ?? true,
    exceptions: hours.exceptions ?? [],
  };
  return { calendar, key: JSON.stringify(calendar), inside: hours.when === 'inside', lastAnswer: null };
}

const setOf = <T>(values: readonly T[] | undefined): ReadonlySet<T> | null => (values ? new Set(values) : null);

export function compileRule(rule: StoredRule): CompiledRule {
  const c = rule.conditions;
  return {
    rule,
    channels: setOf(c.channels),
    recipients: setOf(c.recipients?.map((r) => r.toLowerCase())),
    queues: setOf(c.queues),
    priorities: setOf(c.priorities),
    statuses: setOf(c.statuses),
    categories: setOf(c.categories),
    tags: c.tags ?? null,
    customerTiers: setOf(c.customerTiers),
    keywords: c.keywords?.map(keywordMatcher) ?? null,
    // Checked for catastrophic backtracking when saved (rule-validation.ts).
    pattern: c.pattern ? new RegExp(c.pattern, 'iu') : null,
    changedFields: c.changedFields ?? null,
    statusTo: setOf(c.statusTo),
    hours: hoursOf(c.businessHours),
  };
}
