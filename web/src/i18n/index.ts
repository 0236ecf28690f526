import { createI18n } from 'vue-i18n';
import { en } from './en';
import { ja } from './ja';

export const LOCALES = ['en', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];
const STORAGE_KEY = 'coldtrace.locale';

/** The language the user chose last, else the browser's if it is Japanese, else English. */
function initialLocale(): Locale {
    const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'ja') {
        return saved;
    }
    return typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** Creates the app's i18n instance; a fresh one per app (tests make their own). */
export function createAppI18n(locale: Locale = initialLocale()) {
    return createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: { en, ja } });
}

export function rememberLocale(locale: Locale): void {
    localStorage.setItem(STORAGE_KEY, locale);
    document.documentElement.lang = locale;
}
