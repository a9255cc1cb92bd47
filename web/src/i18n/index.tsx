// One catalogue per language; Bahasa Indonesia unless the visitor chose English (kept on the device).
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en } from './en';
import { id, type Messages } from './id';

export type Lang = 'id' | 'en';
export const CATALOGUES: Record<Lang, Messages> = { id, en };
const STORAGE_KEY = 'lapor.lang';

export function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private browsing: the choice lasts for this page only.
  }
  document.documentElement.lang = lang;
}

export const I18n = createContext<{ t: Messages; lang: Lang; setLang: (lang: Lang) => void }>({ t: id, lang: 'id', setLang: () => undefined });
export const useI18n = () => useContext(I18n);
export type { Messages };
