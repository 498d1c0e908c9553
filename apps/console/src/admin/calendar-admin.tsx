import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { getBusinessCalendar, setBusinessCalendar, type BusinessCalendar } from '../api/admin-client';
import { CheckField, FormField, TextField } from '../forms/form-field';
import { RowsField } from '../forms/rows-field';
import { useSubmit } from '../forms/use-submit';
import { useI18n } from '../i18n/i18n';
import { AdminForm, AdminLoad } from './admin-records';
import { calendarFormOf, calendarOf, type CalendarForm, type DayOff, type WeekdayHours } from './calendar-form';

const CALENDAR_KEY = ['admin', '/sla/calendar'];

/**
 * The business calendar SLA business time counts in: hours per weekday, Polish
 * statutory holidays (closed by default), and the office's own days off or
 * shorter days. Saved whole (PUT).
 */
function CalendarEditor({ calendar }: { calendar: BusinessCalendar }) {
  const { t, tv } = useI18n();
  const [form, setForm] = useState<CalendarForm>(() => calendarFormOf(calendar));
  const [saved, setSaved] = useState(false);
  const { dayOfEntry } = calendarOf(form);
  const dayOffFields = form.daysOff.flatMap((_, i) => ['date', 'name', 'open'].map((f) => `exceptions.${i}.${f}`));
  const fields = [
    'timezone',
    'closedOnPolishHolidays',
    'open',
    'exceptions',
    ...dayOfEntry.map((_, i) => `open.${i}`),
    ...dayOffFields,
  ];
  const { errors, busy, submit } = useSubmit(fields, CALENDAR_KEY);
  // A reason for an `open` entry stands under the first weekday that entry covers.
  const errorOfDay = (day: number) =>
    dayOfEntry
      .map((d, i) => (d === day ? errors[`open.${i}`] : undefined))
      .filter(Boolean)
      .join('; ') || undefined;
  const setDay = (day: number, change: Partial<WeekdayHours>) =>
    setForm((f) => ({ ...f, week: f.week.map((row) => (row.day === day ? { ...row, ...change } : row)) }));

  const save = async () => {
    setSaved(false);
    setSaved(await submit(() => setBusinessCalendar(calendarOf(form).calendar)));
  };

  return (
    <AdminForm
      title={t('calendar.formTitle')}
      onSubmit={save}
      error={errors['']}
      busy={busy}
      cancel={() => setForm(calendarFormOf(calendar))}
    >
      <TextField
        label={t('calendar.timezone')}
        error={errors.timezone}
        value={form.timezone}
        onChange={(timezone) => setForm((f) => ({ ...f, timezone }))}
      />
      <fieldset className="week-hours">
        <legend>{t('calendar.week')}</legend>
        {form.week.map((row) => (
          <div className="row-cells" key={row.day}>
            <CheckField
              label={t('calendar.openOn', { day: tv('weekday', String(row.day)) })}
              checked={row.open}
              onChange={(open) => setDay(row.day, { open })}
            />
            {row.open && (
              <>
                <FormField label={t('calendar.from', { day: tv('weekday', String(row.day)) })} error={undefined}>
                  {(control) => (
                    <input
                      {...control}
                      type="time"
                      value={row.from}
                      onChange={(e) => setDay(row.day, { from: e.target.value })}
                    />
                  )}
                </FormField>
                <FormField label={t('calendar.to', { day: tv('weekday', String(row.day)) })} error={errorOfDay(row.day)}>
                  {(control) => (
                    <input {...control} type="time" value={row.to} onChange={(e) => setDay(row.day, { to: e.target.value })} />
                  )}
                </FormField>
                {row.more.length > 0 && (
                  <span className="muted">
                    {t('calendar.more', { hours: row.more.map((r) => `${r.from}–${r.to}`).join(', ') })}
                  </span>
                )}
              </>
            )}
          </div>
        ))}
      </fieldset>
      <CheckField
        label={t('calendar.polishHolidays')}
        checked={form.closedOnPolishHolidays}
        onChange={(closedOnPolishHolidays) => setForm((f) => ({ ...f, closedOnPolishHolidays }))}
      />
      <RowsField<DayOff>
        legend={t('calendar.daysOff')}
        rows={form.daysOff}
        onChange={(daysOff) => setForm((f) => ({ ...f, daysOff }))}
        columns={[
          { key: 'date', label: t('calendar.date'), type: 'date' },
          { key: 'name', label: t('calendar.dayName') },
          { key: 'from', label: t('calendar.dayFrom'), type: 'time' },
          { key: 'to', label: t('calendar.dayTo'), type: 'time' },
        ]}
        blank={{ date: '', name: '', from: '', to: '' }}
        addLabel={t('calendar.addDayOff')}
        // A day's hours are one `open` range: its reason stands under "to".
        errorOf={(i, key) => (key === 'from' ? undefined : errors[`exceptions.${i}.${key === 'to' ? 'open' : key}`])}
      />
      <p className="muted">{t('calendar.daysOffHint')}</p>
      {saved && <p role="status">{t('calendar.saved')}</p>}
    </AdminForm>
  );
}

/** Admins: the workspace's business calendar (the sla service's; "not switched on" without it). */
export function CalendarAdmin() {
  const calendar = useQuery({ queryKey: CALENDAR_KEY, queryFn: getBusinessCalendar, retry: false });
  return <AdminLoad query={calendar}>{(data) => <CalendarEditor calendar={data} />}</AdminLoad>;
}
