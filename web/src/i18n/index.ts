// Message catalogs and the t() lookup. English is the reference catalog and the fallback.
import en from './en.json';
import az from './az.json';
import ru from './ru.json';

export type Lang = 'az' | 'en' | 'ru';
export type MessageKey = keyof typeof en;

export const LANGS: readonly Lang[] = ['az', 'en', 'ru'];
const STORAGE_KEY = 'qx.lang';
const LOCALES: Record<Lang, string> = { az: 'az-Latn-AZ', en: 'en-GB', ru: 'ru-RU' };
const CATALOGS: Record<Lang, Record<string, string>> = { az, en, ru };

function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

function readStoredLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // Storage can be unavailable (privacy settings); the default applies.
  }
  return 'en';
}

let current: Lang = readStoredLang();
const listeners = new Set<(lang: Lang) => void>();

/** The active language. */
export function getLang(): Lang {
  return current;
}

/** The BCP 47 locale for dates and numbers in the active language. */
export function getLocale(): string {
  return LOCALES[current];
}

/** Switches language, persists it, updates `<html lang>` and notifies subscribers. */
export function setLang(lang: Lang): void {
  if (!isLang(lang)) return;
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not persisted; the switch still applies to this page.
  }
  applyDocumentLang();
  for (const listener of listeners) listener(lang);
}

/** Sets `<html lang>` to the active language. */
export function applyDocumentLang(): void {
  document.documentElement.lang = current;
}

/** Calls `listener` on every language switch; returns the unsubscribe function. */
export function onLangChange(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The message for `key` in the active language (English when missing there), with `{name}`
 * placeholders replaced from `params`.
 */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const template = CATALOGS[current][key] ?? en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Like t() for keys built at run time (role, kind, sector names); falls back to `fallback`. */
export function tDynamic(key: string, fallback: string): string {
  return CATALOGS[current][key] ?? (en as Record<string, string>)[key] ?? fallback;
}
