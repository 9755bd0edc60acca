/**
 * The shard plan lives in pure code (lambdas/core/schedule/shard-plan.ts) so the config loader,
 * `pantau validate`, the CDK app and the probe handler all compute the same cadence and budget.
 * Re-exported here for the constructs.
 */
export {
  MAX_SCHEDULE_INPUT_BYTES,
  budgetProblems,
  formatPlanSummary,
  planShards,
  scheduleInput,
  type Shard,
} from '../../lambdas/core/schedule/shard-plan';
