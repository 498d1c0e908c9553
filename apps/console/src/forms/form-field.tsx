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
        // role=alert: the API's reason is read out when it appears, not only when the field is visited.
        <p id={errorId} className="field-error" role="alert">
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

/**
 * A password or token: sent, never shown back. Once set, the label says so and
 * an empty field keeps the stored one.
 */
export function SecretField({
  label,
  isSet,
  error,
  value,
  onChange,
}: {
  label: string;
  isSet: boolean;
  error: string | undefined;
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useI18n();
  return (
    <FormField label={isSet ? t('form.secretSet', { label }) : label} error={error}>
      {(control) => (
        <input
          {...control}
          type="password"
          autoComplete="new-password"
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </FormField>
  );
}

/** A yes/no setting beside its label. */
export function CheckField({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

/** A one-line text field (the most common admin field). */
export function TextField({
  label,
  error,
  value,
  onChange,
  placeholder,
}: {
  label: string;
  error: string | undefined;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
}) {
  return (
    <FormField label={label} error={error}>
      {(control) => <input {...control} value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />}
    </FormField>
  );
}
