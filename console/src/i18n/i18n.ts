import { en } from './en.js';
import { ko, type MessageKey } from './ko.js';

export type Lang = 'ko' | 'en';
export type { MessageKey };

const STORAGE_KEY = 'console.lang';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { ko, en };

/** Korean unless the user switched to English (kept in localStorage). */
let current: Lang = localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ko';

export const currentLang = (): Lang => current;

export function setLang(lang: Lang): void {
  current = lang;
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
}

/** The message in the current language, `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = dictionaries[current][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** A message whose key is built from data (a status, a role), falling back to the raw value. */
export function tOr(key: string, fallback: string): string {
  return key in dictionaries[current] ? t(key as MessageKey) : fallback;
}
