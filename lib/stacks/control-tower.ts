import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import type {
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolation,
} from 'aws-cdk-lib';

/**
 * A Control Tower proactive control that is wrong for this system, said once with why. Control
 * Tower's Guard rules read no suppression metadata, so acknowledgements live here, by control id.
 */
export interface ControlAcknowledgement {
  /** The control's id as Control Tower names it, e.g. `CT.LAMBDA.PR.3`. */
  readonly ruleId: string;
  /** Why the control does not fit: the trade-off a reviewer would otherwise ask about. */
  readonly reason: string;
  /** Logical ids of the resources it covers; omitted means every resource the control flags. */
  readonly resources?: RegExp;
}

/** Every acknowledged control of the Pantau stacks (docs/decisions.md lists the same). */
export const CONTROL_ACKNOWLEDGEMENTS: readonly ControlAcknowledgement[] = [
  {
    ruleId: 'CT.LAMBDA.PR.3',
    reason:
      'The probe functions must stay outside a VPC to see the applications as the public sees them (the internet vantage point, no NAT cost); the alarm relay, the chat relays (SNS, Secrets Manager, the Telegram Bot API), the open-incidents widget (a DynamoDB Query) and a capacity watcher of public sources only call AWS APIs and public endpoints, which inside a VPC would need paid endpoints or a NAT for no reach gained.',
    resources: /^((Probes|AlarmRelay|Capacity|OpenIncidents)Function|ChatRelay\d+)[0-9A-F]{8}$/,
  },
  {
    ruleId: 'CT.CLOUDWATCH.PR.1',
    reason:
      'The self-watch and dead-man alarms deliver through the alarm relay (EventBridge on their state change), which adds the message attributes filtered subscriptions need and pages exactly once; an SNS alarm action as well would page twice, without those attributes. In a probe region the relay\'s own drop alarms have no action either: an alarm action can only reach a topic in its own region, and the topics live in the home region. The SLO window alarms are one window of a burn-rate rule each: only the composite of both windows (relayed) may page, so a window alone has no action by design.',
    resources: /^(SelfWatch|DeadMan|AlarmRelayDropped|ChatDropped|Slo)[A-Za-z0-9]+$/,
  },
  {
    ruleId: 'CT.SQS.PR.1',
    reason:
      'The drop queues are themselves the dead-letter destinations (Scheduler dead-letter queues, Lambda on-failure destinations, the relay rule\'s dead-letter queue); they are alarmed and read by people, and a queue behind them would hold what nobody reads.',
    resources: /(DeadLetters|FailedInvocations)[0-9A-F]{8}$/,
  },
  ...statusPageAcknowledgements(),
];

/**
 * The public status page's bucket and distribution: a cache of public facts, rewritten from the
 * table every minute, so the controls meant for data that must be kept or kept secret do not fit.
 */
function statusPageAcknowledgements(): ControlAcknowledgement[] {
  const site = /^StatusPageSite[0-9A-F]{8}$/;
  const cdn = /^StatusPageCdn[0-9A-F]{8}$/;
  const defaultCertificate =
    'Without statusPage.domain the page is served on CloudFront\'s default *.cloudfront.net certificate (no custom certificate, SNI and TLS policy to set); set statusPage.domain and certificateArn to meet the control.';
  return [
    {
      ruleId: 'CT.LAMBDA.PR.3',
      reason: 'The status page renderer only reads the table and writes its bucket, both AWS APIs; inside a VPC it would need paid endpoints for no reach gained.',
      resources: /^StatusPageRenderer[0-9A-F]{8}$/,
    },
    { ruleId: 'CT.S3.PR.2', reason: 'Only the renderer writes and only CloudFront reads the site bucket; the renderer logs each write, so access logs would add nothing.', resources: site },
    { ruleId: 'CT.S3.PR.4', reason: 'Nothing reacts to a write of the site bucket: CloudFront reads it on its own schedule.', resources: site },
    { ruleId: 'CT.S3.PR.9', reason: 'The site is overwritten every minute and holds only published facts: Object Lock would forbid exactly that.', resources: site },
    { ruleId: 'CT.S3.PR.10', reason: 'Every object is published to the world through CloudFront; SSE-S3 encrypts it at rest, and a KMS key would add a decrypt per origin fetch while protecting nothing secret.', resources: site },
    { ruleId: 'CT.S3.PR.11', reason: 'The site is regenerated from the table every minute: versions would pile up 5,760 a day and hold nothing the table does not.', resources: site },
    { ruleId: 'CT.CLOUDFRONT.PR.4', reason: 'One origin: a second bucket would double the renderer\'s writes, while stale-if-error (a day) already keeps the last page at the edges when the bucket fails.', resources: cdn },
    { ruleId: 'CT.CLOUDFRONT.PR.5', reason: 'Access logs of election-day traffic (hundreds of millions of requests) would cost more than the page; CloudFront\'s request and error-rate metrics are enough to operate it.', resources: cdn },
    { ruleId: 'CT.CLOUDFRONT.PR.6', reason: defaultCertificate, resources: cdn },
    { ruleId: 'CT.CLOUDFRONT.PR.7', reason: defaultCertificate, resources: cdn },
    { ruleId: 'CT.CLOUDFRONT.PR.9', reason: defaultCertificate, resources: cdn },
  ];
}

const CONTROL_ID = /^\[(CT\.[A-Z0-9]+\.PR\.\d+)\]/;

/** The control id Control Tower's rules put at the start of a violation's description. */
export function controlIdOf(violation: Pick<PolicyViolation, 'description'>): string | undefined {
  return CONTROL_ID.exec(violation.description)?.[1];
}

/** The report with the acknowledged resources removed; success once nothing else is left. */
export function withoutAcknowledged(
  report: PolicyValidationPluginReport,
  acknowledgements: readonly ControlAcknowledgement[],
): PolicyValidationPluginReport {
  const violations = report.violations.flatMap((violation) => {
    const id = controlIdOf(violation);
    const matching = acknowledgements.filter((ack) => ack.ruleId === id);
    const violatingResources = violation.violatingResources.filter(
      (resource) => !matching.some((ack) => !ack.resources || ack.resources.test(resource.resourceLogicalId ?? '')),
    );
    return violatingResources.length > 0 ? [{ ...violation, violatingResources }] : [];
  });
  // A report that failed without naming a violation stays failed: nothing here explains it away.
  const unexplained = !report.success && report.violations.length === 0;
  return { ...report, violations, success: violations.length === 0 && !unexplained };
}

/**
 * Control Tower's proactive controls (the Guard rules AWS publishes, run by cfn-guard from
 * `@cdklabs/cdk-validator-cfnguard`) on every synth, minus the acknowledged controls: an
 * unacknowledged failure fails `cdk synth`, as a landing zone would refuse the deployment.
 */
export class ControlTowerValidator implements IPolicyValidationPlugin {
  readonly name = 'pantau-control-tower';
  readonly version?: string;
  readonly ruleIds?: string[];

  constructor(
    readonly acknowledgements: readonly ControlAcknowledgement[] = CONTROL_ACKNOWLEDGEMENTS,
    private readonly guard: CfnGuardValidator = new CfnGuardValidator(),
  ) {
    this.version = guard.version;
    this.ruleIds = guard.ruleIds;
  }

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    return withoutAcknowledged(this.guard.validate(context), this.acknowledgements);
  }
}
