import { useState } from 'react';
import { api } from '../api/client';
import { FormField, JsonField, TextField } from '../forms/form-field';
import { parseJson, useSubmit } from '../forms/use-submit';
import { useI18n } from '../i18n/i18n';
import { AdminForm, AdminRecords } from './admin-records';

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

  const save = async () => {
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
    <AdminForm title={title} onSubmit={save} error={errors['']} busy={busy} cancel={done}>
      <TextField label={t('admin.col.name')} error={errors.name} value={name} onChange={setName} />
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
    </AdminForm>
  );
}

/** Admins: the SLA policies in the order they are tried, added and changed. */
export function SlaAdmin() {
  const { t, tv } = useI18n();
  const targetsOf = (p: SlaPolicy) =>
    TARGETS.filter((k) => p.targets[k] !== null)
      .map((k) => `${tv('slaTarget', k)}: ${p.targets[k]}`)
      .join(', ');
  return (
    <AdminRecords<SlaPolicy>
      listKey={LIST_KEY}
      load={async () => (await api<{ items: SlaPolicy[] }>('/sla/policies')).data.items}
      columns={[
        { label: 'admin.col.position', value: (policy) => policy.position },
        { label: 'admin.col.name', value: (policy) => policy.name },
        { label: 'admin.col.time', value: (policy) => tv('slaTime', policy.time) },
        { label: 'admin.col.default', value: (policy) => t(policy.isDefault ? 'admin.yes' : 'admin.no') },
        { label: 'admin.col.targets', value: targetsOf },
      ]}
      rowKey={(policy) => policy.id}
      rowName={(policy) => policy.name}
      addLabel="sla.add"
      form={(policy, done) => <PolicyForm policy={policy} done={done} />}
    />
  );
}
