import { useId, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

/** What a form control needs to be tied to its label and its error. */
export interface ControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/** A labelled control with the API's reason beside it when the API refused the value. */
export function FormField({
  label,
  error,
  children,
}: {
  label: string;
  error: string | undefined;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': error ? errorId : undefined })}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** A refusal that names no field of the form (or no field at all), shown above the buttons. */
export function FormError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="field-error">
      {message}
    </p>
  );
}

/** The end of an admin form: a refusal naming no field, then save and cancel. */
export function FormActions({ error, busy, cancel }: { error: string | undefined; busy: boolean; cancel: () => void }) {
  const { t } = useI18n();
  return (
    <>
      <FormError message={error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('form.save')}
        </button>
        <button type="button" onClick={cancel}>
          {t('form.cancel')}
        </button>
      </div>
    </>
  );
}

/** "Edit" on a row of an admin table, named after the record for screen readers. */
export function EditButton({ name, onClick }: { name: string; onClick: () => void }) {
  const { t } = useI18n();
  return (
    <button type="button" onClick={onClick} aria-label={t('form.editNamed', { name })}>
      {t('form.edit')}
    </button>
  );
}

/** A JSON text area in the API's own shape (nested conditions, actions, escalations). */
export function JsonField({
  label,
  error,
  value,
  onChange,
  rows,
}: {
  label: string;
  error: string | undefined;
  value: string;
  onChange: (value: string) => void;
  rows: number;
}) {
  return (
    <FormField label={label} error={error}>
      {(control) => (
        <textarea {...control} className="code" rows={rows} value={value} onChange={(e) => onChange(e.target.value)} />
      )}
    </FormField>
  );
}
