/**
 * The table partitions the on-call commands work in, named once for the DynamoDB adapters (which
 * build the keys) and the CDK app (whose operator role allows these partitions only, through a
 * `dynamodb:LeadingKeys` condition).
 */

/** Silences and ad-hoc maintenance windows: one partition, read in one Query per probe run. */
export const ONCALL_OVERRIDES_PK = 'ONCALL#OVERRIDES';

/**
 * Prefixes of the partitions that hold a subject's state item, incidents and incident notes
 * (targets, capacity resources, Pantau's own ops subjects, relayed alarms).
 */
export const SUBJECT_PARTITION_PREFIXES = ['TARGET#', 'CAPACITY#', 'OPS#', 'ALARM#'] as const;
