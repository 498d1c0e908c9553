/** An e-mail address anywhere in a log line: a field's value, a message, an error's text. */
const EMAIL = /[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}/g;
/** A phone number written internationally (+48 601 222 333, +48601222333, +1 (415) 555-0100). */
const PHONE = /(?<![\w+])\+\d[\d ()-]{5,20}\d/g;

/**
 * Masks customers' e-mail addresses and phone numbers in a log line, keeping
 * enough to tell two apart while reading (the first letter and the domain;
 * the country code and the last three digits): `j***@example.pl`, `+48******333`.
 */
export function maskPii(line: string): string {
  return line
    .replace(EMAIL, (address) => `${address[0]}***${address.slice(address.lastIndexOf('@'))}`)
    .replace(PHONE, (phone) => {
      const digits = phone.replace(/\D/g, '');
      if (digits.length < 7) return phone;
      return `+${digits.slice(0, 2)}${'*'.repeat(digits.length - 5)}${digits.slice(-3)}`;
    });
}
