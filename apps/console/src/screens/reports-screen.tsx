import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { download, api } from '../api/client';
import { REPORT_FILTERS, REPORT_NAMES } from '@threadline/contracts/src/api/report-names';
import { fieldErrorsOf } from '../forms/field-errors';
import { FormField } from '../forms/form-field';
import { queryString, reportQueryOf } from '../reports/report-address';
import { useI18n } from '../i18n/i18n';
import { breakdownsOf, chartOf } from '../reports/chart-data';
import { ReportChart } from '../reports/report-chart';
import { LoadError, Loading } from '../ui/query-state';

interface ReportAnswer {
  period: { from: string; to: string };
  figures: Record<string, unknown>;
}

/** Supervisors: a report of the reporting service as a chart and a table, the period in the address, the CSV on request. */
export function ReportsScreen() {
  const { t, tv } = useI18n();
  const [params, setParams] = useSearchParams();
  const report = REPORT_NAMES.find((r) => r === params.get('report')) ?? 'volume';
  const asked = reportQueryOf(params);
  const period = queryString(asked);
  const [failed, setFailed] = useState(false);
  const answer = useQuery({
    queryKey: ['report', report, period],
    queryFn: async () => (await api<ReportAnswer>(`/reports/${report}${period}`)).data,
    retry: false,
  });
  // A filter the API refused (a 400 naming it) is said under its field; anything else above the figures.
  const refused = fieldErrorsOf(answer.error, REPORT_FILTERS);
  const refusedFilter = Object.keys(refused).some((f) => f !== '');
  const applyFilters = (form: HTMLFormElement) => {
    const next = new URLSearchParams(params);
    for (const filter of REPORT_FILTERS) {
      const value = String(new FormData(form).get(filter) ?? '').trim();
      if (value) next.set(filter, value);
      else next.delete(filter);
    }
    setParams(next);
  };
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  const csv = () => {
    setFailed(false);
    const query = queryString(new URLSearchParams([...asked, ['format', 'csv']]));
    download(`/reports/${report}${query}`, `${report}.csv`).catch(() => setFailed(true));
  };
  const breakdowns = useMemo(() => (answer.data ? breakdownsOf(answer.data.figures) : []), [answer.data]);
  const dimensions = breakdowns.map((b) => b.name);
  const shown = breakdowns.find((b) => b.name === params.get('by')) ?? breakdowns[0];
  const dimension = shown?.name;
  const chart = useMemo(() => (shown ? chartOf(shown) : null), [shown]);
  const numbers = answer.data
    ? Object.entries(answer.data.figures).filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    : [];

  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">{t('reports.title')}</h1>
      <div className="filters">
        <label>
          {t('reports.report')}
          <select value={report} onChange={(e) => set('report', e.target.value)}>
            {REPORT_NAMES.map((r) => (
              <option key={r} value={r}>
                {tv('report', r)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.from')}
          <input type="date" value={params.get('from') ?? ''} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label>
          {t('reports.to')}
          <input type="date" value={params.get('to') ?? ''} onChange={(e) => set('to', e.target.value)} />
        </label>
        {dimensions.length > 1 && (
          <label>
            {t('reports.by')}
            <select value={dimension} onChange={(e) => set('by', e.target.value)}>
              {dimensions.map((d) => (
                <option key={d} value={d}>
                  {tv('dimension', d)}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" onClick={csv}>
          {t('reports.csv')}
        </button>
        {failed && (
          <span role="alert" className="error">
            {t('entry.downloadFailed')}
          </span>
        )}
      </div>
      <form
        className="filters"
        aria-label={t('reports.filters')}
        key={period}
        onSubmit={(e) => {
          e.preventDefault();
          applyFilters(e.currentTarget);
        }}
      >
        {REPORT_FILTERS.map((filter) => (
          <FormField key={filter} label={tv('filter', filter)} error={refused[filter]}>
            {(control) => <input {...control} name={filter} defaultValue={params.get(filter) ?? ''} />}
          </FormField>
        ))}
        <button type="submit">{t('reports.filter')}</button>
      </form>
      {answer.isPending ? (
        <Loading />
      ) : answer.isError ? (
        refusedFilter ? null : (
          <LoadError error={answer.error} retry={() => void answer.refetch()} />
        )
      ) : (
        <>
          <p className="muted">{t('reports.period', { from: answer.data.period.from, to: answer.data.period.to })}</p>
          <dl className="tiles">
            {numbers.map(([name, value]) => (
              <div key={name} className="tile">
                <dt>{name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          {chart && shown ? (
            <>
              <ReportChart chart={chart} label={`${tv('report', report)}: ${tv('dimension', shown.name)}`} />
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">{tv('dimension', shown.name)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{tv('dimension', shown.name)}</th>
                      {shown.series.map((s) => (
                        <th key={s.name} scope="col">
                          {s.name}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {shown.labels.map((label, i) => (
                      <tr key={`${label}-${i}`}>
                        <th scope="row">{label}</th>
                        {shown.series.map((s) => (
                          <td key={s.name}>{s.values[i] ?? '—'}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <p className="muted">{t('reports.noChart')}</p>
          )}
        </>
      )}
    </section>
  );
}
