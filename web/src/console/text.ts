// Each console capability keeps its words beside its pages ({ id, en } in its own text.ts), so the
// citizen portal's bundle never carries them and two capabilities never edit one catalogue.
import { useI18n } from '../i18n';

export interface Texts<T> {
  id: T;
  /** English mirrors every key of Bahasa Indonesia, which stays the default. */
  en: NoInfer<T>;
}

export function useText<T>(texts: Texts<T>): T {
  return texts[useI18n().lang];
}
