import { ApiError } from '../api/api-error';

/** The API's 400 answer names each bad field: `errors: [{field, reason}]`. */
interface FieldErrorBody {
  errors?: { field?: unknown; reason?: unknown }[];
}

/**
 * The reasons of a refusal by field, for showing each beside its own input. A
 * nested field (`conditions.keywords.0`, `targets.firstResponseMinutes`) goes
 * to the nearest field the form has, else to the form as a whole ("").
 */
export function fieldErrorsOf(error: unknown, formFields: readonly string[]): Record<string, string> {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  const found: Record<string, string> = {};
  for (const { field, reason } of (error.body as FieldErrorBody | null)?.errors ?? []) {
    const path = typeof field === 'string' ? field : '';
    const owner = [...formFields].sort((a, b) => b.length - a.length).find((f) => path === f || path.startsWith(`${f}.`)) ?? '';
    const rest = owner === '' ? path : path.slice(owner.length + 1);
    const text = rest && rest !== '(body)' ? `${rest}: ${String(reason)}` : String(reason);
    found[owner] = found[owner] ? `${found[owner]}; ${text}` : text;
  }
  return found;
}
