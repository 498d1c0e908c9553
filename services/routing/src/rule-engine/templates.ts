/** Fills `{{number}}` and `{{subject}}` (placeholders are checked when the rule is saved). */
export function fillTemplate(text: string, values: { number: number; subject: string | null }): string {
  return text.replace(/\{\{\s*(number|subject)\s*\}\}/g, (_, name: string) =>
    name === 'number' ? String(values.number) : (values.subject ?? ''),
  );
}
