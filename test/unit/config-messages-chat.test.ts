import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config/load';
import { problemsOf } from '../support/config-problems';

/** The config of the on-call messages and chat channels: language, runbook, chat subscriptions. */

const TARGET = 'targets: [{ id: sirekap-web, app: sirekap, url: "https://pemilu2024.kpu.go.id/", owner: Tim Sirekap, runbook: "https://wiki.kpu.go.id/runbook/sirekap" }]';
const withAlerting = (alerting: string) => `${TARGET}\nalerting:\n${alerting}`;
const subscription = (lines: string) => withAlerting(`  topics:\n    critical:\n      subscriptions:\n        - ${lines.trim().split('\n').join('\n          ')}`);

describe('alerting.language and runbook', () => {
  it('takes id, en or both; English when not written; the target keeps owner and runbook', () => {
    expect(parseConfig(TARGET).alerting.language).toBe('en');
    expect(parseConfig(withAlerting('  language: both')).alerting.language).toBe('both');
    const [target] = parseConfig(TARGET).targets;
    expect(target).toMatchObject({ owner: 'Tim Sirekap', runbook: 'https://wiki.kpu.go.id/runbook/sirekap' });
  });

  it('names the field and the fix for a language it does not know and a runbook that is not a link', () => {
    expect(problemsOf(() => parseConfig(withAlerting('  language: jawa'))).join('\n')).toMatch(
      /alerting\.language: "jawa" is not allowed — use one of id, en, both/,
    );
    const problems = problemsOf(() => parseConfig('targets: [{ id: a, url: "https://a.kpu.go.id/", runbook: "wiki sirekap" }]'));
    expect(problems.join('\n')).toMatch(/targets\[0\]\.runbook.*"wiki sirekap" is not a link to a runbook — write an https:\/\/ URL/);
  });

  it('a runbook set on the app applies to its targets', () => {
    const config = parseConfig(
      'apps: { sirekap: { owner: Tim Sirekap, runbook: "https://wiki.kpu.go.id/runbook/sirekap" } }\ntargets: [{ id: a, app: sirekap, url: "https://a.kpu.go.id/" }]',
    );
    expect(config.targets[0]).toMatchObject({ owner: 'Tim Sirekap', runbook: 'https://wiki.kpu.go.id/runbook/sirekap' });
  });
});

describe('chat subscriptions', () => {
  it('telegram: chat id, token secret and an optional Bot API base', () => {
    const config = parseConfig(
      subscription(`
protocol: telegram
endpoint: "-1001234567890"
tokenSecret: { secretsManager: pantau/telegram-bot }
apiBase: "http://127.0.0.1:8081"
filter: { app: [sirekap] }`),
    );
    expect(config.alerting.topics.critical.subscriptions).toEqual([
      {
        protocol: 'telegram',
        endpoint: '-1001234567890',
        tokenSecret: { secretsManager: 'pantau/telegram-bot' },
        apiBase: 'http://127.0.0.1:8081',
        filter: { app: ['sirekap'] },
      },
    ]);
  });

  it('telegram without a token secret, or with a chat that is not one, says what to write', () => {
    const problems = problemsOf(() => parseConfig(subscription('protocol: telegram\nendpoint: "my group"'))).join('\n');
    expect(problems).toMatch(/endpoint.*"my group" is not a Telegram chat — write the chat id \(e\.g\. -1001234567890\) or a public channel's @username/);
    expect(problems).toMatch(/tokenSecret.*protocol telegram needs tokenSecret — add tokenSecret: \{ secretsManager: <secret holding the bot token> \}/);
  });

  it('slack needs its workspace; teams its team and tenant; a setting of another channel is refused', () => {
    const slack = parseConfig(subscription('protocol: slack\nendpoint: C0123ABCDE\nworkspace: T0123ABCD'));
    expect(slack.alerting.topics.critical.subscriptions[0]).toEqual({ protocol: 'slack', endpoint: 'C0123ABCDE', workspace: 'T0123ABCD' });
    expect(problemsOf(() => parseConfig(subscription('protocol: slack\nendpoint: C0123ABCDE'))).join('\n')).toMatch(/protocol slack needs workspace/);
    const teams = problemsOf(() => parseConfig(subscription('protocol: teams\nendpoint: "19:abc@thread.tacv2"\nteam: not-a-guid\nworkspace: T0123ABCD'))).join('\n');
    expect(teams).toMatch(/team.*"not-a-guid" is not a GUID/);
    expect(teams).toMatch(/protocol teams needs tenant/);
    expect(teams).toMatch(/workspace is not a setting of protocol teams — remove it/);
    expect(problemsOf(() => parseConfig(subscription('protocol: email\nendpoint: noc@kpu.go.id\napiBase: "https://x.example"'))).join('\n')).toMatch(
      /apiBase is not a setting of protocol email — remove it/,
    );
  });
});
