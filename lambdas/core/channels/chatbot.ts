import type { AlertEvent } from '../alerting/types';
import type { ChannelDescriptor } from './descriptor';
import { chatLines } from './chat-text';

/**
 * Slack and Microsoft Teams through AWS Chatbot (Amazon Q Developer in chat applications).
 * Chatbot reads only its own formats from SNS, so the alert topics (whose HTTPS body is Pantau's
 * JSON form, a contract with webhooks) cannot feed it directly: the chat relay turns each alert
 * into a Chatbot custom notification and publishes it to the channel's own small topic, which
 * the Chatbot channel configuration subscribes to.
 */

/** A Chatbot custom notification (`"source": "custom"`, schema version 1.0). */
export function customNotification(event: AlertEvent): Record<string, unknown> {
  const [, ...details] = chatLines(event);
  return {
    version: '1.0',
    source: 'custom',
    id: event.dedupId,
    content: {
      textType: 'client-markdown',
      title: event.message,
      description: details.join('\n'),
      ...(event.runbook ? { nextSteps: [event.runbook] } : {}),
      keywords: [event.severity, event.app, event.kind],
    },
    metadata: {
      // DOWN, STILL DOWN and RECOVERED of one outage land in one thread.
      threadId: event.incidentId ?? event.target,
      summary: event.subject,
      eventType: `pantau-${event.kind}`,
      additionalContext: { dedupId: event.dedupId, target: event.target, app: event.app },
    },
  };
}

const render = (event: AlertEvent) => JSON.stringify(customNotification(event));

export const slack: ChannelDescriptor = {
  relayed: true,
  requires: { workspace: 'add workspace: <Slack workspace id, e.g. T0123ABCD> (configure the workspace in the AWS Chatbot console first)' },
  checkEndpoint: (value) =>
    /^[CG][A-Z0-9]{6,20}$/.test(value) ? null : `${JSON.stringify(value)} is not a Slack channel id — write the id from the channel's details, e.g. C0123ABCDE`,
  render,
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const teams: ChannelDescriptor = {
  relayed: true,
  requires: {
    team: 'add team: <Microsoft Teams team id, a GUID> (configure the team in the AWS Chatbot console first)',
    tenant: 'add tenant: <Microsoft Entra tenant id, a GUID>',
  },
  checkEndpoint: (value) =>
    /^19:[^\s]+@thread\.[a-z0-9]+$/i.test(teamsChannelId(value))
      ? null
      : `${JSON.stringify(value)} is not a Microsoft Teams channel id — write the id from the channel link, e.g. 19:abc123@thread.tacv2`,
  render,
};

/** Whether a setting is a GUID (Teams team and tenant ids). */
export const isGuid = (value: string) => GUID.test(value);

/** A Teams channel id as written (`19:abc@thread.tacv2`, or URL-encoded as in a channel link), decoded. */
export function teamsChannelId(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
