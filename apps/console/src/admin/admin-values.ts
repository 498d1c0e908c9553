/** A comma-separated field as the list the API takes ("a@x.pl, b@x.pl" → two addresses). */
export const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/**
 * A number field's value: the number, or the admin's text when it is none, so that
 * the API's reason ("expected number") stands beside the field.
 */
export const numberOrText = (text: string): number | string => (/^\d+$/.test(text.trim()) ? Number(text) : text);
