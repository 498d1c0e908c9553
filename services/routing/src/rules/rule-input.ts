import { BadRequestException } from '@nestjs/common';
import safeRegex from 'safe-regex2';
import type { z } from 'zod';
import { isTimeTrigger, type RuleAction, type RuleConditions, type RuleDelay, type RuleTrigger } from '@threadline/contracts';

export interface FieldError {
  field: string;
  reason: string;
}

/**
 * Parses a rule body; a 400 names each bad field — an unknown key by its own
 * path (`conditions.keyword`), not its parent's — and the rule's meaning is
 * checked too (ruleProblems).
 */
export function parseRuleInput<T>(schema: z.ZodType<T>, body: unknown, check: (value: T) => FieldError[] = () => []): T {
  const result = schema.safeParse(body);
  const errors: FieldError[] = result.success
    ? check(result.data)
    : result.error.issues.flatMap((issue) => {
        const at = issue.path.join('.');
        if (issue.code === 'unrecognized_keys') {
          return issue.keys.map((key) => ({ field: at ? `${at}.${key}` : key, reason: 'unknown field' }));
        }
        return [{ field: at || '(body)', reason: issue.message }];
      });
  if (errors.length > 0) throw invalidInput(errors);
  return (result as { data: T }).data;
}

export function invalidInput(errors: FieldError[]): BadRequestException {
  return new BadRequestException({ code: 'INVALID_INPUT', errors });
}

/** What the schema cannot say: a pattern that would backtrack catastrophically, conditions the trigger never has. */
export function ruleProblems(rule: {
  trigger?: RuleTrigger;
  conditions?: RuleConditions;
  after?: RuleDelay;
  actions?: readonly RuleAction[];
}): FieldError[] {
  const problems: FieldError[] = [];
  const pattern = rule.conditions?.pattern;
  if (pattern !== undefined) {
    let valid = true;
    try {
      new RegExp(pattern, 'iu');
    } catch (error) {
      valid = false;
      problems.push({ field: 'conditions.pattern', reason: `not a regular expression: ${(error as Error).message}` });
    }
    // safe-regex2 counts star height and repetitions: nested quantifiers such as (a+)+ could take exponential time.
    if (valid && !safeRegex(pattern)) {
      problems.push({ field: 'conditions.pattern', reason: 'could backtrack catastrophically (nested or too many repetitions)' });
    }
  }
  if (rule.trigger && rule.conditions?.changedFields && rule.trigger !== 'field.changed') {
    problems.push({ field: 'conditions.changedFields', reason: 'only a field.changed rule has changed fields' });
  }
  if (rule.trigger && rule.conditions?.statusTo && rule.trigger !== 'status.changed') {
    problems.push({ field: 'conditions.statusTo', reason: 'only a status.changed rule has a new status' });
  }
  for (const [index, action] of (rule.actions ?? []).entries()) {
    if (action.type === 'notify' && !action.agents && !action.queues && !action.slack) {
      problems.push({ field: `actions.${index}`, reason: 'say whom to notify: agents, queues or a slack channel' });
    }
  }
  if (rule.trigger && isTimeTrigger(rule.trigger) && !rule.after) {
    problems.push({ field: 'after', reason: `a ${rule.trigger} rule needs a delay: businessMinutes, minutes or days` });
  }
  if (rule.trigger && !isTimeTrigger(rule.trigger) && rule.after) {
    problems.push({ field: 'after', reason: 'only a time trigger has a delay' });
  }
  return problems;
}
