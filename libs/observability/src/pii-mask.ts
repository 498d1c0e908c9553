/** An e-mail address anywhere in a log line: a field's value, a message, an error's text. */
const EMAIL = /[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}/g;
/** A phone number written internationally (+48 601 222 333, +48601222333, +1 (415) 555-0100). */
const PHONE = /(?<![\w+])\+\d[\d ()-]{5,20}\d/g;
/**
 * A Slack user id (U…/W… and 8+ capitals or digits, at least one a digit), e.g. in a provider's error text.
 * Slack's ids carry digits; a capitalised word does not (our own "UIDVALIDITY changed" stays readable).
 */
const SLACK_USER = /(?<![\w-])[UW](?=[A-Z]*\d)[A-Z0-9]{8,}(?![\w-])/g;
/** A Messenger page-scoped id (PSID): 15–20 digits on their own (longer than any timestamp or offset we log). */
const PSID = /(?<![\w.+-])\d{15,20}(?![\w.])/g;
/** A JSON string's body, escapes included. */
const STRING = String.raw`"((?:[^"\\]|\\.)*)"`;
/** Fields that hold a customer's provider id whatever its shape (a chat visitor's id is random text). */
const ID_FIELD = new RegExp(
  String.raw`"(psid|senderPsid|recipientPsid|visitorKey|visitorId|slackUser|slackUserId|senderId|recipientId)":` + STRING,
  'g',
);
/** A contact identity `{kind, value}` of a provider id (e-mails and phones are masked by their shapes below). */
const IDENTITY = new RegExp(
  String.raw`("kind":"(?:messenger|slack|chat|whatsapp)"(?:,"[A-Za-z]+":"[^"]*")*?,"value":)` + STRING,
  'g',
);
const IDENTITY_VALUE_FIRST = new RegExp(
  String.raw`("value":)` + STRING + String.raw`((?:,"[A-Za-z]+":"[^"]*")*?,"kind":"(?:messenger|slack|chat|whatsapp)")`,
  'g',
);

/** Keeps the first character, so two ids still read apart a little; the rest goes. */
const maskId = (id: string) => (id.length <= 1 ? '***' : `${id[0]}***`);

/**
 * Masks customers' personal identifiers in a log line, keeping enough to tell
 * two apart while reading: e-mail addresses (the first letter and the domain)
 * and phone numbers (the country code and the last three digits):
 * `j***@example.pl`, `+48******333`; Slack user ids, Messenger PSIDs, chat
 * visitors' ids and any contact identity's value: the first character only.
 */
export function maskPii(line: string): string {
  return line
    .replace(ID_FIELD, (_, field: string, value: string) => `"${field}":"${maskId(value)}"`)
    .replace(IDENTITY, (_, head: string, value: string) => `${head}"${maskId(value)}"`)
    .replace(IDENTITY_VALUE_FIRST, (_, head: string, value: string, tail: string) => `${head}"${maskId(value)}"${tail}`)
    .replace(EMAIL, (address) => `${address[0]}***${address.slice(address.lastIndexOf('@'))}`)
    .replace(PHONE, (phone) => {
      const digits = phone.replace(/\D/g, '');
      if (digits.length < 7) return phone;
      return `+${digits.slice(0, 2)}${'*'.repeat(digits.length - 5)}${digits.slice(-3)}`;
    })
    .replace(SLACK_USER, maskId)
    .replace(PSID, maskId);
}
