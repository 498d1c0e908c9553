import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { fieldErrorsOf } from './field-errors';

/** What a refusal says in words: the API's message, else its code. */
export function refusalText(error: unknown): string {
  if (error instanceof ApiError) {
    const message = (error.body as { message?: unknown } | null)?.message;
    return typeof message === 'string' ? message : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sends an admin form: while busy the buttons wait; a 400 puts each reason beside
 * its field, any other refusal above the buttons; success refreshes the list.
 */
export function useSubmit(fields: readonly string[], listKey: readonly unknown[]) {
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const submit = async (request: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setErrors({});
    try {
      await request();
      await queryClient.invalidateQueries({ queryKey: listKey });
      return true;
    } catch (error) {
      const byField = fieldErrorsOf(error, fields);
      setErrors(Object.keys(byField).length > 0 ? byField : { '': refusalText(error) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { errors, setErrors, busy, submit };
}

/** A JSON text area's value, or the reason it is not JSON (checked here, before the API is asked). */
export function parseJson(text: string, empty: unknown): { ok: true; value: unknown } | { ok: false } {
  if (!text.trim()) return { ok: true, value: empty };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
