import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { ENV } from '../../lambdas/contracts/env';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { StatusPageConfig } from '../../lambdas/core/status/types';
import { PantauFunction, type TableAction } from './pantau-function';
import { ScheduledInvocations } from './scheduled-invocations';

export interface StatusPageProps {
  config: ResolvedConfig;
  page: StatusPageConfig;
  table: dynamodb.ITable;
  tableName: string;
  logRetention?: logs.RetentionDays;
}

/** What the renderer reads: subject states (BatchGetItem), incidents, latest results and daily counts (Query). */
export const STATUS_TABLE_ACTIONS: readonly TableAction[] = ['dynamodb:BatchGetItem', 'dynamodb:Query'];

/**
 * The CSP of a page with no script at all: styles from the site only, nothing framed, no form.
 * A script injected into the bucket would not run.
 */
export const STATUS_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The public status page: a private bucket, a CloudFront distribution reading it through origin
 * access control, and a Lambda that renders the site into it every minute. Visitors only ever
 * reach CloudFront's cache: no per-visitor compute, one origin fetch per edge per minute.
 */
export class StatusPage extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly fn: PantauFunction;
  readonly schedules: ScheduledInvocations;

  constructor(scope: Construct, id: string, props: StatusPageProps) {
    super(scope, id);
    this.bucket = siteBucket(this);
    this.distribution = siteDistribution(this, this.bucket, props.page);
    this.fn = renderer(this, props, this.bucket);
    this.schedules = new ScheduledInvocations(this, 'Schedules', {
      fn: this.fn,
      invocations: [{ name: 'render', rateMinutes: 1, input: {}, description: `${props.config.project}: render the public status page` }],
    });
    new CfnOutput(this, 'Url', {
      description: 'The public status page',
      value: `https://${props.page.domain ?? this.distribution.distributionDomainName}/`,
    });
  }
}

function siteBucket(scope: Construct): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'Site', {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    // Rewritten every minute from the table: versions would only pile up.
    versioned: false,
    lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    // CloudFormation cannot delete a bucket with objects in it: kept by `cdk destroy`, emptied
    // and deleted by hand (docs/status-page.md); a new deploy renders into a new bucket.
    removalPolicy: RemovalPolicy.RETAIN,
  });
  NagSuppressions.addResourceSuppressions(bucket, [
    {
      id: 'AwsSolutions-S1',
      reason: 'Only the renderer writes and only CloudFront reads this bucket; the renderer logs every write, so access logs would record nothing new.',
    },
  ]);
  return bucket;
}

function siteDistribution(scope: Construct, bucket: s3.IBucket, page: StatusPageConfig): cloudfront.Distribution {
  const cachePolicy = new cloudfront.CachePolicy(scope, 'PageCache', {
    comment: 'Status page: the object Cache-Control decides (s-maxage 60); no query string, header or cookie in the key',
    minTtl: Duration.seconds(0),
    defaultTtl: Duration.seconds(60),
    maxTtl: Duration.minutes(5),
    // A cache-busting query string must not reach the bucket: every variant is the same page.
    queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
    headerBehavior: cloudfront.CacheHeaderBehavior.none(),
    cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    enableAcceptEncodingGzip: true,
    enableAcceptEncodingBrotli: true,
  });
  const headers = new cloudfront.ResponseHeadersPolicy(scope, 'SecurityHeaders', {
    comment: 'Status page: security headers, status.json readable from any site',
    securityHeadersBehavior: {
      contentSecurityPolicy: { contentSecurityPolicy: STATUS_CSP, override: true },
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: false, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
    },
    corsBehavior: {
      accessControlAllowOrigins: ['*'],
      accessControlAllowMethods: ['GET', 'HEAD'],
      accessControlAllowHeaders: ['*'],
      accessControlAllowCredentials: false,
      originOverride: true,
    },
  });
  // The TLS policy only applies to a custom certificate; the default one's is fixed by CloudFront.
  const custom = page.domain && page.certificateArn
    ? {
        domainNames: [page.domain],
        certificate: acm.Certificate.fromCertificateArn(scope, 'Certificate', page.certificateArn),
        minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      }
    : {};
  const distribution = new cloudfront.Distribution(scope, 'Cdn', {
    comment: 'Pantau public status page',
    defaultRootObject: 'index.html',
    defaultBehavior: {
      origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      cachePolicy,
      responseHeadersPolicy: headers,
      compress: true,
    },
    httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
    // Edges in Asia (Jakarta among them) without paying for South America and Oceania-only price classes.
    priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
    ...custom,
  });
  suppressDistributionFindings(distribution, custom.certificate !== undefined);
  return distribution;
}

function suppressDistributionFindings(distribution: cloudfront.Distribution, customDomain: boolean): void {
  NagSuppressions.addResourceSuppressions(distribution, [
    { id: 'AwsSolutions-CFR1', reason: 'A public election status page is for every reader, voters abroad included: no geo restriction.' },
    {
      id: 'AwsSolutions-CFR2',
      reason: 'Static, cached objects with no per-visitor compute and GET/HEAD only: WAF would add a charge per request (hundreds of millions on election day) without protecting anything CloudFront does not already absorb; AWS Shield Standard applies.',
    },
    {
      id: 'AwsSolutions-CFR3',
      reason: 'Standard access logs of election-day traffic would cost more than the page; CloudFront request and error-rate metrics are enough to operate it. Add logging in the console if an investigation needs it.',
    },
    ...(customDomain
      ? []
      : [{
          id: 'AwsSolutions-CFR4',
          reason: 'Without statusPage.domain the page is served on the default *.cloudfront.net certificate, whose TLS policy CloudFront fixes; set statusPage.domain and certificateArn to enforce TLS 1.2.',
        }]),
  ]);
}

function renderer(scope: Construct, props: StatusPageProps, bucket: s3.IBucket): PantauFunction {
  const { config } = props;
  const fn = new PantauFunction(scope, 'Renderer', {
    entry: 'lambdas/status/handler.ts',
    config,
    serviceName: `${config.project}-status-page`,
    description: `${config.project} public status page: renders the site from the table into its bucket every minute`,
    timeout: Duration.seconds(50),
    memorySize: 256,
    logRetention: props.logRetention,
    // A render that could not run in its minute is superseded by the next one.
    maxEventAge: Duration.minutes(1),
    environment: { [ENV.homeRegion]: config.homeRegion, [ENV.statusBucket]: bucket.bucketName },
  });
  fn.useTable(props.table, props.tableName, config.historyDays, STATUS_TABLE_ACTIONS);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects('*')] }));
  NagSuppressions.addResourceSuppressions(
    fn.role!,
    [{
      id: 'AwsSolutions-IAM5',
      reason: 's3:PutObject on the objects of the status site bucket only (the renderer writes index.html, en/index.html, style.css and status.json).',
      appliesTo: [{ regex: '/^Resource::<.*Site.*\\.Arn>\\/\\*$/g' }],
    }],
    true,
  );
  return fn;
}
