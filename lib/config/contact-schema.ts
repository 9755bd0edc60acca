import { z } from 'zod';
import { LANGUAGES } from '../../lambdas/core/alerting/i18n';
import { checked } from './schema-kit';

/**
 * Config fields of the on-call messages: a target's `runbook:` (beside `owner:`, which the
 * target fields already had) and `alerting.language`.
 */

/** The page on-call opens when the target pages: an http(s) URL a phone can open. */
export const runbookUrl = checked((value) => {
  try {
    const url = new URL(value.trim());
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '') return null;
  } catch {
    // fall through
  }
  return `${JSON.stringify(value)} is not a link to a runbook — write an https:// URL, e.g. https://wiki.kpu.go.id/runbook/sirekap`;
}).transform((value) => value.trim());

/** `id` (Bahasa Indonesia), `en` (English) or `both` (Indonesian first, then English). */
export const alertLanguage = z.enum(LANGUAGES as ['id', 'en', 'both']);
