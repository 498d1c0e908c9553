import { en } from './en';
import { pl, type MessageKey, type Messages } from './pl';

export const LANGUAGES = ['pl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export type { MessageKey };

const CATALOGS: Record<Language, Messages> = { pl, en };

/** The message for a key in a language, with `{name}` placeholders filled in. */
export function translate(language: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  return CATALOGS[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** A translation key built from an API value (a status, a channel…), or the raw value when the console does not know it. */
export function translateValue(language: Language, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return key in CATALOGS[language] ? translate(language, key as MessageKey) : value;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
