import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { EditButton, FormActions, FormField, JsonField } from '../forms/form-field';
import { parseJson, useSubmit } from '../forms/use-submit';
import { useI18n } from '../i18n/i18n';
import { NotConfigured, isNotConfigured } from '../ui/admin-table';
import { LoadError, Loading } from '../ui/query-state';

const TARGETS = ['firstResponseMinutes', 'nextResponseMinutes', 'resolutionMinutes'] as const;
type Target = (typeof TARGETS)[number];

export interface SlaPolicy {
  id: string;
  name: string;
  position: number;
  time: 'business' | 'calendar';
  isDefault: boolean;
  targets: Record<Target, number | null>;
  match: Record<string, unknown>;
  escalation: Record<string, unknown> | null;
}

const LIST_KEY = ['admin', '/sla/policies'];
const FIELDS = ['name', 'position', 'time', 'isDefault', 'targets', ...TARGETS.map((k) => `targets.${k}`), 'match', 'escalation'];
const pretty = (value: unknown) => JSON.stringify(value, null, 2);
const minutesOrNull = (text: string) => (text.trim() === '' ? null : Number(text));

/** A policy written whole (POST, or PUT replacing it): targets in minutes; what it covers and its escalation as JSON. */
function PolicyForm({ policy, done }: { policy: SlaPolicy | null; done: () => void }) {
  const { t, tv } = useI18n();
  const [name, setName] = useState(policy?.name ?? '');
  const [position, setPosition] = useState(String(policy?.position ?? 100));
  const [time, setTime] = useState(policy?.time ?? 'business');
  const [isDefault, setDefault] = useState(policy?.isDefault ?? false);
  const [targets, setTargets] = useState<Record<Target, string>>(() => {
    const given = policy?.targets;
    return {
      firstResponseMinutes: '',
      nextResponseMinutes: '',
      resolutionMinutes: '',
      ...Object.fromEntries(TARGETS.map((k) => [k, given?.[k] == null ? '' : String(given[k])])),
    };
  });
  const [match, setMatch] = useState(pretty(policy?.match ?? {}));
  const [escalation, setEscalation] = useState(policy?.escalation ? pretty(policy.escalation) : '');
  const { errors, setErrors, busy, submit } = useSubmit(FIELDS, LIST_KEY);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const parsedMatch = parseJson(match, {});
    const parsedEscalation = parseJson(escalation, null);
    if (!parsedMatch.ok || !parsedEscalation.ok) {
      setErrors({
        ...(parsedMatch.ok ? {} : { match: t('form.notJson') }),
        ...(parsedEscalation.ok ? {} : { escalation: t('form.notJson') }),
      });
      return;
    }
    const body = {
      name,
      position: Number(position),
      time,
      isDefault,
      targets: Object.fromEntries(TARGETS.map((k) => [k, minutesOrNull(targets[k])])),
      match: parsedMatch.value,
      escalation: parsedEscalation.value,
    };
    const saved = await submit(() =>
      policy ? api(`/sla/policies/${policy.id}`, { method: 'PUT', body }) : api('/sla/policies', { method: 'POST', body }),
    );
    if (saved) done();
  };

  const title = policy ? t('sla.editTitle', { name: policy.name }) : t('sla.newTitle');
  return (
    <form className="card admin-form" onSubmit={(e) => void save(e)} aria-label={title}>
      <h2>{title}</h2>
      <FormField label={t('admin.col.name')} error={errors.name}>
        {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} />}
      </FormField>
      <FormField label={t('admin.col.position')} error={errors.position}>
        {(control) => <input {...control} type="number" min={0} value={position} onChange={(e) => setPosition(e.target.value)} />}
      </FormField>
      <FormField label={t('admin.col.time')} error={errors.time}>
        {(control) => (
          <select {...control} value={time} onChange={(e) => setTime(e.target.value as SlaPolicy['time'])}>
            <option value="business">{tv('slaTime', 'business')}</option>
            <option value="calendar">{tv('slaTime', 'calendar')}</option>
          </select>
        )}
      </FormField>
      <label className="check">
        <input type="checkbox" checked={isDefault} onChange={(e) => setDefault(e.target.checked)} />
        {t('admin.col.default')}
      </label>
      <fieldset>
        <legend>{t('admin.col.targets')}</legend>
        {TARGETS.map((k) => (
          <FormField key={k} label={tv('slaTarget', k)} error={errors[`targets.${k}`]}>
            {(control) => (
              <input
                {...control}
                type="number"
                min={1}
                value={targets[k]}
                onChange={(e) => setTargets((all) => ({ ...all, [k]: e.target.value }))}
              />
            )}
          </FormField>
        ))}
        {errors.targets && <p className="field-error">{errors.targets}</p>}
      </fieldset>
      <JsonField label={t('sla.match')} error={errors.match} rows={3} value={match} onChange={setMatch} />
      <JsonField label={t('sla.escalation')} error={errors.escalation} rows={3} value={escalation} onChange={setEscalation} />
      <FormActions error={errors['']} busy={busy} cancel={done} />
    </form>
  );
}

/** Admins: the SLA policies in the order they are tried, added and changed. */
export function SlaAdmin() {
  const { t, tv } = useI18n();
  const policies = useQuery({
    queryKey: LIST_KEY,
    queryFn: async () => (await api<{ items: SlaPolicy[] }>('/sla/policies')).data.items,
    retry: false,
  });
  const [editing, setEditing] = useState<SlaPolicy | 'new' | null>(null);
  if (policies.isPending) return <Loading />;
  if (policies.isError)
    return isNotConfigured(policies.error) ? (
      <NotConfigured />
    ) : (
      <LoadError error={policies.error} retry={() => void policies.refetch()} />
    );
  const targetsOf = (p: SlaPolicy) =>
    TARGETS.filter((k) => p.targets[k] !== null)
      .map((k) => `${tv('slaTarget', k)}: ${p.targets[k]}`)
      .join(', ');
  return (
    <>
      {policies.data.length === 0 ? (
        <p className="muted">{t('admin.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.col.position')}</th>
                <th scope="col">{t('admin.col.name')}</th>
                <th scope="col">{t('admin.col.time')}</th>
                <th scope="col">{t('admin.col.default')}</th>
                <th scope="col">{t('admin.col.targets')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('form.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {policies.data.map((policy) => (
                <tr key={policy.id}>
                  <td>{policy.position}</td>
                  <td>{policy.name}</td>
                  <td>{tv('slaTime', policy.time)}</td>
                  <td>{policy.isDefault ? t('admin.yes') : t('admin.no')}</td>
                  <td>{targetsOf(policy)}</td>
                  <td>
                    <EditButton name={policy.name} onClick={() => setEditing(policy)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing === null ? (
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          {t('sla.add')}
        </button>
      ) : (
        <PolicyForm
          key={editing === 'new' ? 'new' : editing.id}
          policy={editing === 'new' ? null : editing}
          done={() => setEditing(null)}
        />
      )}
    </>
  );
}
