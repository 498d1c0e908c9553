import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { Identity } from './events/contact-received.v1';

/** Our first customers are Polish: a number written without a country code is Polish. */
export const DEFAULT_PHONE_REGION: CountryCode = 'PL';

/**
 * A phone number as E.164 ("+48600100200"), or null when it is not a valid
 * number. Accepts what people and providers write: spaces, dashes, brackets,
 * a leading 00 or no country code at all (then `region` applies).
 */
export function normalizePhone(input: string, region: CountryCode = DEFAULT_PHONE_REGION): string | null {
  const memo = `${region} ${input}`;
  const known = normalizedPhones.get(memo);
  if (known !== undefined) return known;
  const candidate = input.trim().replace(/^00(?=[1-9])/, '+');
  const parsed = parsePhoneNumberFromString(candidate, region);
  const normalized = parsed?.isValid() ? parsed.number : null;
  // Bounded: emptied when full (a contact's numbers come back within a burst, not over days).
  if (normalizedPhones.size >= NORMALIZED_PHONES_KEPT) normalizedPhones.clear();
  normalizedPhones.set(memo, normalized);
  return normalized;
}

/**
 * Parsing with libphonenumber's full metadata is the dearest step of matching an identity, and the
 * tickets intake normalises a contact's sender several times (read ahead, decide, where to answer).
 */
const NORMALIZED_PHONES_KEPT = 10_000;
const normalizedPhones = new Map<string, string | null>();

/**
 * An e-mail address as we match it: trimmed, Unicode NFC, lower case. Dots and
 * "+tags" are kept: treating them as equal is true only for some providers and
 * would merge different people.
 */
export function normalizeEmail(input: string): string {
  return input.trim().normalize('NFC').toLowerCase();
}

export class InvalidIdentityError extends Error {
  constructor(readonly identity: Pick<Identity, 'kind' | 'value'>) {
    super(`not a valid ${identity.kind} identity`);
    this.name = 'InvalidIdentityError';
  }
}

/**
 * The canonical form of an identity, so the same person is found whichever
 * channel or spelling reached us. Provider ids (PSID, Slack user, chat visitor)
 * are opaque and only trimmed; a Messenger or Slack id is scoped by its page or
 * team, because the same id means different people elsewhere.
 */
export function normalizeIdentity(identity: Identity): Identity {
  switch (identity.kind) {
    case 'email':
      return { ...identity, value: normalizeEmail(identity.value) };
    case 'phone': {
      const value = normalizePhone(identity.value);
      if (!value) throw new InvalidIdentityError(identity);
      return { ...identity, value };
    }
    default:
      return { ...identity, value: identity.value.trim() };
  }
}

/** The string that identifies an identity within a workspace (kind, scope and value). */
export function identityMatchKey(identity: Identity): string {
  const scope = identity.kind === 'messenger' ? identity.pageId : identity.kind === 'slack' ? identity.teamId : '';
  return [identity.kind, scope, identity.value].join(':');
}
