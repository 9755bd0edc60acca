import { z } from 'zod';
import type { OnCallConfig } from '../../lambdas/core/config';
import { checked, strict } from './schema-kit';
import type { Problems } from './problems';

/**
 * `oncall:`: who may assume the stack's operator role (the role `pantau ack`, `note`, `silence`
 * and `maintenance` use on the deployed table). Absent: the account root, so the account's own
 * IAM policies decide who may assume it.
 */

const principalArn = checked((v) =>
  /^arn:aws[a-z-]*:(iam::\d{12}:(root|user\/.+|role\/.+)|sts::\d{12}:assumed-role\/.+)$/.test(v.trim())
    ? null
    : `${JSON.stringify(v)} is not an IAM principal ARN — write e.g. arn:aws:iam::123456789012:role/KpuOnCall or arn:aws:iam::123456789012:user/ana`,
);

export const onCallSchema = strict({
  operators: z.array(principalArn).min(1).optional(),
});

export function resolveOnCall(raw: unknown, problems: Problems): OnCallConfig | undefined {
  if (raw === undefined || raw === null) return undefined;
  const parsed = onCallSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    problems.addZod(['oncall'], parsed.error);
    return undefined;
  }
  return { operators: (parsed.data.operators ?? []).map((arn) => arn.trim()) };
}
