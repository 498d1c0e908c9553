import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { EditButton, FormActions, FormField, JsonField } from '../forms/form-field';
import { refusalText, useSubmit, parseJson } from '../forms/use-submit';
import { useI18n } from '../i18n/i18n';
import { NotConfigured, isNotConfigured } from '../ui/admin-table';
import { LoadError, Loading } from '../ui/query-state';

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

  const save = async (event: FormEvent) => {
    event.preventDefault();
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
    <form className="card admin-form" onSubmit={(e) => void save(e)} aria-label={title}>
      <h2>{title}</h2>
      <FormField label={t('admin.col.name')} error={errors.name}>
        {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} />}
      </FormField>
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
      <FormActions error={errors['']} busy={busy} cancel={done} />
    </form>
  );
}

/** Admins: the rules in the order they run — moved, switched on and off, added and changed. */
export function RulesAdmin() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const rules = useQuery({
    queryKey: LIST_KEY,
    queryFn: async () => (await api<{ version: number; items: Rule[] }>('/routing/rules')).data.items,
    retry: false,
  });
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  // One small change of one rule (its place or its switch), against the version the admin saw.
  const change = useMutation({
    mutationFn: ({ rule, body }: { rule: Rule; body: Record<string, unknown> }) =>
      api(`/routing/rules/${rule.id}`, { method: 'PATCH', body: { ...body, version: rule.version } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: LIST_KEY }),
  });
  if (rules.isPending) return <Loading />;
  if (rules.isError)
    return isNotConfigured(rules.error) ? (
      <NotConfigured />
    ) : (
      <LoadError error={rules.error} retry={() => void rules.refetch()} />
    );
  const items = rules.data;
  return (
    <>
      {items.length === 0 ? (
        <p className="muted">{t('admin.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.col.position')}</th>
                <th scope="col">{t('admin.col.name')}</th>
                <th scope="col">{t('admin.col.trigger')}</th>
                <th scope="col">{t('admin.col.enabled')}</th>
                <th scope="col">{t('admin.col.stop')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('form.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((rule, index) => (
                <tr key={rule.id} data-rule={rule.name}>
                  <td>{rule.position + 1}</td>
                  <td>{rule.name}</td>
                  <td>{rule.trigger}</td>
                  <td>{rule.enabled ? t('admin.yes') : t('admin.no')}</td>
                  <td>{rule.stopProcessing ? t('admin.yes') : t('admin.no')}</td>
                  <td className="row-actions">
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
                    <EditButton name={rule.name} onClick={() => setEditing(rule)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {change.isError && (
        <p role="alert" className="field-error">
          {refusalText(change.error)}
        </p>
      )}
      {editing === null ? (
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          {t('rules.add')}
        </button>
      ) : (
        <RuleForm
          key={editing === 'new' ? 'new' : editing.id}
          rule={editing === 'new' ? null : editing}
          done={() => setEditing(null)}
        />
      )}
    </>
  );
}
