/** Fills `{{number}}` and `{{subject}}` in a customer-facing text (placeholders are checked when it is saved). */
export function fillTemplate(text: string, values: { number: number; subject: string | null }): string {
  return text.replace(/\{\{\s*(number|subject)\s*\}\}/g, (_, name: string) =>
    name === 'number' ? String(values.number) : (values.subject ?? ''),
  );
}
