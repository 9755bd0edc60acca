import { EN } from './en';
import { ID } from './id';
import type { Language, Locale, Phrases } from './types';

export type { BodyLabels, DurationUnits, HeadlineParts, Language, Locale, Phrases, StormParts } from './types';
export { LANGUAGES } from './types';

/** The wording tables by locale; a new language adds its table file and one line here. */
export const PHRASES: Readonly<Record<Locale, Phrases>> = { en: EN, id: ID };

/** English when nothing is configured: what Pantau has always sent. */
export const DEFAULT_LANGUAGE = 'en' satisfies Language;

/** The locales a language setting writes, the first one leading (SMS, SNS subject, `message`). */
export function localesOf(language: Language | undefined): readonly Locale[] {
  if (language === 'both') return ['id', 'en'];
  return [language ?? DEFAULT_LANGUAGE];
}

export function phrasesFor(locale: Locale): Phrases {
  return PHRASES[locale];
}
