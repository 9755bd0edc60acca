import { composeAlert, type ComposeInput } from '../../lambdas/core/alerting/messages';
import type { AlertContact } from '../../lambdas/core/alerting/contact';
import type { Language } from '../../lambdas/core/alerting/i18n';
import type { AlertDomain, AlertEvent, AlertKind, EngineAlertKind } from '../../lambdas/core/alerting/types';
import { alertState } from './engine-script';

/** One alert of every kind, composed as the engine would, for the message tests. */

export const KINDS: readonly EngineAlertKind[] = ['down', 'reminder', 'recovered', 'degraded', 'flapping'];
export const LANGUAGE_SETTINGS: readonly Language[] = ['en', 'id', 'both'];
export const DOMAINS: readonly AlertDomain[] = ['uptime', 'capacity', 'ops', 'security'];

export interface CaseOptions {
  language?: Language;
  contact?: AlertContact;
  domain?: AlertDomain;
  label?: string;
  reason?: string;
}

/** Outage from 10:42 WIB (03:42Z), decided at 10:54 WIB: 12 minutes. */
export function alertOf(kind: AlertKind, options: CaseOptions = {}): AlertEvent {
  const domain = options.domain ?? 'uptime';
  const status = kind === 'recovered' ? 'up' : kind === 'degraded' ? 'degraded' : 'down';
  const state = alertState({ subject: 'sirekap-web', app: 'sirekap', domain, status, label: options.label ?? 'pemilu2024.kpu.go.id' });
  const input: ComposeInput = {
    kind,
    state,
    ts: '2026-11-24T03:54:00.000Z',
    timezone: 'Asia/Jakarta',
    regionCount: 3,
    topic: 'critical',
    dedupId: `sirekap-web/${kind}/2026-11-24T03:54:00.000Z`,
    regions: ['ap-southeast-1', 'ap-southeast-3'],
    cause: kind === 'down' || kind === 'reminder' ? 'timeout' : null,
    reason: options.reason ?? 'connect timeout after 5000 ms',
    since: '2026-11-24T03:42:00.000Z',
    incidentId: kind === 'degraded' ? null : 'sirekap-web@20261124T034200Z',
    ...(options.language ? { language: options.language } : {}),
    ...(options.contact ? { contact: options.contact } : {}),
  };
  if (kind === 'recovered') input.downtimeMs = 12 * 60_000;
  if (kind === 'flapping') input.flapping = { transitions: 6, windowMs: 30 * 60_000 };
  return composeAlert(input, 'critical');
}
