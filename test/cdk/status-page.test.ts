import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../lambdas/contracts/env';
import { PAGE_CACHE_CONTROL } from '../../lambdas/core/status/render';
import { STATUS_CSP, STATUS_TABLE_ACTIONS } from '../../lib/constructs/status-page';
import { monitorTemplate, sampleConfig } from './cdk-app';

/** The status page's bucket, distribution, renderer, schedule and grants, in one synth (custom domain on). */

const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
let template: Template;

beforeAll(() => {
  template = monitorTemplate(
    sampleConfig({ statusPage: { enabled: true, hide: [], displayNames: {}, domain: 'status.kpu.go.id', certificateArn: CERTIFICATE } }),
  );
}, 120_000);

const only = (type: string) => {
  const found = Object.entries(template.findResources(type));
  expect(found).toHaveLength(1);
  return { id: found[0]![0], resource: found[0]![1] as { Properties: Record<string, unknown> } };
};

describe('the status page stack', () => {
  it('keeps the site in a private, encrypted, SSL-only bucket', () => {
    const { id, resource } = only('AWS::S3::Bucket');
    expect(resource.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: id } } }))[0] as {
      Properties: { PolicyDocument: { Statement: Array<Record<string, unknown>> } };
    };
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    // The only reader: CloudFront, for this distribution (origin access control), never a public principal.
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } });
    expect(JSON.stringify(allows[0]!.Condition)).toContain('AWS:SourceArn');
  });

  it('serves it through CloudFront with origin access control, HTTPS only, on the custom domain', () => {
    const oac = only('AWS::CloudFront::OriginAccessControl');
    const { resource } = only('AWS::CloudFront::Distribution');
    const config = resource.Properties.DistributionConfig as Record<string, unknown>;
    expect(config).toMatchObject({
      Aliases: ['status.kpu.go.id'],
      DefaultRootObject: 'index.html',
      ViewerCertificate: { AcmCertificateArn: CERTIFICATE, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'], Compress: true },
    });
    const origins = config.Origins as Array<Record<string, unknown>>;
    expect(origins).toHaveLength(1);
    expect(origins[0]).toMatchObject({ OriginAccessControlId: { 'Fn::GetAtt': [oac.id, 'Id'] }, S3OriginConfig: { OriginAccessIdentity: '' } });
  });

  it('sends security headers and keeps query strings, headers and cookies out of the cache key', () => {
    const headers = only('AWS::CloudFront::ResponseHeadersPolicy').resource.Properties.ResponseHeadersPolicyConfig as Record<string, unknown>;
    expect(headers).toMatchObject({
      SecurityHeadersConfig: {
        ContentSecurityPolicy: { ContentSecurityPolicy: STATUS_CSP },
        StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000 },
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY' },
        ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin' },
      },
    });
    expect(STATUS_CSP).not.toContain('script-src');
    const cache = only('AWS::CloudFront::CachePolicy').resource.Properties.CachePolicyConfig as Record<string, unknown>;
    expect(cache).toMatchObject({
      DefaultTTL: 60,
      ParametersInCacheKeyAndForwardedToOrigin: {
        QueryStringsConfig: { QueryStringBehavior: 'none' },
        HeadersConfig: { HeaderBehavior: 'none' },
        CookiesConfig: { CookieBehavior: 'none' },
      },
    });
    expect(PAGE_CACHE_CONTROL).toMatch(/s-maxage=60.*stale-if-error/);
  });

  it('renders every minute, reading the table and only putting objects into the bucket', () => {
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule')).filter((s) =>
      JSON.stringify(s).includes('status page'),
    ) as Array<{ Properties: { ScheduleExpression: string; Target: { Arn: unknown } } }>;
    expect(schedules).toHaveLength(1);
    expect(schedules[0]!.Properties.ScheduleExpression).toBe('rate(1 minute)');
    const renderer = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith('StatusPageRenderer'))!;
    expect(JSON.stringify(schedules[0]!.Properties.Target.Arn)).toContain(renderer[0]);
    const env = (renderer[1] as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables;
    expect(Object.keys(env)).toEqual(expect.arrayContaining([ENV.statusBucket, ENV.tableName, ENV.homeRegion]));
    const role = (renderer[1] as { Properties: { Role: { 'Fn::GetAtt': string[] } } }).Properties.Role['Fn::GetAtt'][0]!;
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(role))
      .flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Array<{ Action: string | string[]; Resource: unknown }> } } }).Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('dynamodb:') || a.startsWith('s3:'));
    expect(actions.sort()).toEqual([...STATUS_TABLE_ACTIONS, 's3:PutObject'].sort());
    const put = statements.find((s) => s.Action === 's3:PutObject')!;
    expect(JSON.stringify(put.Resource)).toMatch(/StatusPageSite.*\/\*/);
  });
});
