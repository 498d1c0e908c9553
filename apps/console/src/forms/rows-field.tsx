import { useI18n } from '../i18n/i18n';
import { FormField } from './form-field';

export interface RowColumn<R> {
  key: keyof R & string;
  label: string;
  type?: 'text' | 'time' | 'date';
  placeholder?: string;
}

/**
 * A list of small rows edited in place (an IVR key → its queue, an address →
 * its queue, a day off): each cell a labelled field naming its row, with the
 * API's reason under it; rows are added and removed by buttons.
 */
export function RowsField<R extends Record<string, string>>({
  legend,
  rows,
  columns,
  onChange,
  blank,
  addLabel,
  errorOf,
}: {
  legend: string;
  rows: R[];
  columns: RowColumn<R>[];
  onChange: (rows: R[]) => void;
  blank: R;
  addLabel: string;
  /** The reason the API gave for a cell, if any. */
  errorOf: (index: number, key: keyof R & string) => string | undefined;
}) {
  const { t } = useI18n();
  const set = (index: number, key: keyof R, value: string) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, [key]: value } : row)));
  return (
    <fieldset className="rows-field">
      <legend>{legend}</legend>
      {rows.map((row, index) => (
        <div className="row-cells" key={index}>
          {columns.map((column) => (
            <FormField
              key={column.key}
              label={t('form.rowCell', { label: column.label, row: index + 1 })}
              error={errorOf(index, column.key)}
            >
              {(control) => (
                <input
                  {...control}
                  type={column.type ?? 'text'}
                  placeholder={column.placeholder}
                  value={row[column.key]}
                  onChange={(e) => set(index, column.key, e.target.value)}
                />
              )}
            </FormField>
          ))}
          <button
            type="button"
            aria-label={t('form.removeRow', { row: index + 1 })}
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
          >
            {t('form.remove')}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, blank])}>
        {addLabel}
      </button>
    </fieldset>
  );
}
