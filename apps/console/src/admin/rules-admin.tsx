import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { FormField, JsonField, TextField } from '../forms/form-field';
import { refusalText, useSubmit, parseJson } from '../forms/use-submit';
import { useI18n } from '../i18n/i18n';
import { AdminForm, AdminRecords } from './admin-records';

/** The triggers routing knows (libs/contracts RULE_TRIGGERS). */
const RULE_TRIGGERS = [
  'ticket.created',
  'customer.replied',
  'status.changed',
  'field.changed',
  'ticket.unanswered',
  'ticket.waiting-customer',
  'ticket.unassigned',
  'sla.warning',
  'sla.breached',
] as const;

export interface Rule {
  id: string;
  version: number;
  position: number;
  name: string;
  enabled: boolean;
  trigger: string;
  conditions: Record<string, unknown>;
  actions: Record<string, unknown>[];
  after?: Record<string, unknown>;
  stopProcessing: boolean;
}

const LIST_KEY = ['admin', '/routing/rules'];
const FIELDS = ['name', 'trigger', 'enabled', 'stopProcessing', 'conditions', 'actions', 'after'] as const;
const pretty = (value: unknown) => JSON.stringify(value, null, 2);
const EXAMPLE_ACTIONS = [{ type: 'set-queue', queue: 'reklamacje' }];

/**
 * A rule as the admin writes it: its name, trigger and switches as fields, its
 * conditions, actions and delay as JSON in the API's own shape (docs/routing.md).
 */
function RuleForm({ rule, done }: { rule: Rule | null; done: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(rule?.name ?? '');
  const [trigger, setTrigger] = useState(rule?.trigger ?? 'ticket.created');
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [stopProcessing, setStop] = useState(rule?.stopProcessing ?? false);
  const [conditions, setConditions] = useState(pretty(rule?.conditions ?? {}));
  const [actions, setActions] = useState(pretty(rule?.actions ?? EXAMPLE_ACTIONS));
  const [after, setAfter] = useState(rule?.after ? pretty(rule.after) : '');
  const { errors, setErrors, busy, submit } = useSubmit(FIELDS, LIST_KEY);

  const save = async () => {
    const parsed = { conditions: parseJson(conditions, {}), actions: parseJson(actions, []), after: parseJson(after, undefined) };
    const notJson = Object.entries(parsed).filter(([, p]) => !p.ok);
    if (notJson.length > 0) {
      setErrors(Object.fromEntries(notJson.map(([field]) => [field, t('form.notJson')])));
      return;
    }
    const value = (key: keyof typeof parsed) => (parsed[key] as { value: unknown }).value;
    const body = {
      name,
      trigger,
      enabled,
      stopProcessing,
      conditions: value('conditions'),
      actions: value('actions'),
      after: value('after'),
    };
    const saved = await submit(() =>
      rule
        ? api(`/routing/rules/${rule.id}`, { method: 'PATCH', body: { ...body, version: rule.version } })
        : api('/routing/rules', { method: 'POST', body }),
    );
    if (saved) done();
  };

  const title = rule ? t('rules.editTitle', { name: rule.name }) : t('rules.newTitle');
  return (
    <AdminForm title={title} onSubmit={save} error={errors['']} busy={busy} cancel={done}>
      <TextField label={t('admin.col.name')} error={errors.name} value={name} onChange={setName} />
      <FormField label={t('admin.col.trigger')} error={errors.trigger}>
        {(control) => (
          <select {...control} value={trigger} onChange={(e) => setTrigger(e.target.value)}>
            {RULE_TRIGGERS.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        {t('admin.col.enabled')}
      </label>
      <label className="check">
        <input type="checkbox" checked={stopProcessing} onChange={(e) => setStop(e.target.checked)} />
        {t('admin.col.stop')}
      </label>
      <JsonField label={t('rules.conditions')} error={errors.conditions} rows={4} value={conditions} onChange={setConditions} />
      <JsonField label={t('rules.actions')} error={errors.actions} rows={5} value={actions} onChange={setActions} />
      <JsonField label={t('rules.after')} error={errors.after} rows={2} value={after} onChange={setAfter} />
    </AdminForm>
  );
}

/** Admins: the rules in the order they run — moved, switched on and off, added and changed. */
export function RulesAdmin() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  // One small change of one rule (its place or its switch), against the version the admin saw.
  const change = useMutation({
    mutationFn: ({ rule, body }: { rule: Rule; body: Record<string, unknown> }) =>
      api(`/routing/rules/${rule.id}`, { method: 'PATCH', body: { ...body, version: rule.version } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: LIST_KEY }),
  });
  const rowActions = (rule: Rule, index: number, items: Rule[]) => (
    <>
      <button
        type="button"
        disabled={index === 0 || change.isPending}
        aria-label={t('rules.moveUp', { name: rule.name })}
        onClick={() => change.mutate({ rule, body: { position: rule.position - 1 } })}
      >
        ↑
      </button>
      <button
        type="button"
        disabled={index === items.length - 1 || change.isPending}
        aria-label={t('rules.moveDown', { name: rule.name })}
        onClick={() => change.mutate({ rule, body: { position: rule.position + 1 } })}
      >
        ↓
      </button>
      <button
        type="button"
        disabled={change.isPending}
        aria-label={t(rule.enabled ? 'rules.disable' : 'rules.enable', { name: rule.name })}
        onClick={() => change.mutate({ rule, body: { enabled: !rule.enabled } })}
      >
        {t(rule.enabled ? 'rules.disableShort' : 'rules.enableShort')}
      </button>
    </>
  );
  return (
    <>
      <AdminRecords<Rule>
        listKey={LIST_KEY}
        load={async () => (await api<{ version: number; items: Rule[] }>('/routing/rules')).data.items}
        columns={[
          { label: 'admin.col.position', value: (rule) => rule.position + 1 },
          { label: 'admin.col.name', value: (rule) => rule.name },
          { label: 'admin.col.trigger', value: (rule) => rule.trigger },
          { label: 'admin.col.enabled', value: (rule) => t(rule.enabled ? 'admin.yes' : 'admin.no') },
          { label: 'admin.col.stop', value: (rule) => t(rule.stopProcessing ? 'admin.yes' : 'admin.no') },
        ]}
        rowKey={(rule) => rule.id}
        rowName={(rule) => rule.name}
        rowActions={rowActions}
        addLabel="rules.add"
        form={(rule, done) => <RuleForm rule={rule} done={done} />}
      />
      {change.isError && (
        <p role="alert" className="field-error">
          {refusalText(change.error)}
        </p>
      )}
    </>
  );
}
