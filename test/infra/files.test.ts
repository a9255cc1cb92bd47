// The files bucket (large exports, attachment uploads, listed attachments): private, encrypted, TLS
// only, no versions, exports and abandoned uploads that expire, listed attachments that never do,
// access logs in a bucket of their own, kept if the stack goes.

import * as attachments from '../../functions/core/attachments';
import {
  ATTACHMENTS_PREFIX,
  EXPORT_EXPIRY,
  EXPORTS_PREFIX,
  INCOMPLETE_MULTIPART_EXPIRY,
  PENDING_UPLOAD_EXPIRY,
  PENDING_UPLOADS_PREFIX,
} from '../../lib/constructs/files';
import { refOf, refsIn, resourcesOfType, synth, type CfnResource, type CfnTemplate, type Statement } from './synth';

let template: CfnTemplate;
beforeAll(() => {
  template = synth().json;
});

const buckets = (t: CfnTemplate) => resourcesOfType(t, 'AWS::S3::Bucket');
/** The files bucket is the one that logs; the other is where it logs to. */
const filesBucket = (t: CfnTemplate = template): [string, CfnResource] => {
  const found = buckets(t).filter(([, b]) => b.Properties.LoggingConfiguration);
  expect(found).toHaveLength(1);
  return found[0];
};
const logBucket = (t: CfnTemplate = template): [string, CfnResource] => {
  const id = refOf(filesBucket(t)[1].Properties.LoggingConfiguration.DestinationBucketName);
  return [id, t.Resources[id]];
};
const policyOf = (bucketId: string): Statement[] => {
  const found = resourcesOfType(template, 'AWS::S3::BucketPolicy').filter(([, p]) => refOf(p.Properties.Bucket) === bucketId);
  expect(found).toHaveLength(1);
  return found[0][1].Properties.PolicyDocument.Statement as Statement[];
};

it('the stack has exactly two buckets: the files bucket and its access-log bucket', () => {
  expect(buckets(template)).toHaveLength(2);
  expect(logBucket()[1].Type).toBe('AWS::S3::Bucket');
  expect(logBucket()[0]).not.toBe(filesBucket()[0]);
});

describe.each([
  ['files bucket', filesBucket],
  ['access-log bucket', logBucket],
] as const)('the %s', (name, bucket) => {
  it('blocks all public access and disables ACLs', () => {
    const props = bucket()[1].Properties;
    expect(props.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(props.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
  });

  it('encrypts every object (SSE-S3)', () => {
    expect(bucket()[1].Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
  });

  it('denies every request that is not over TLS', () => {
    const [id] = bucket();
    expect(policyOf(id)).toContainEqual({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      Resource: [{ 'Fn::GetAtt': [id, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, '/*']] }],
    });
  });

  it(name === 'files bucket' ? 'keeps object versions (see below)' : 'keeps no object versions', () => {
    expect(bucket()[1].Properties.VersioningConfiguration).toEqual(name === 'files bucket' ? { Status: 'Enabled' } : undefined);
  });

  it('is retained when the stack is deleted or the bucket replaced, and has no hard-coded name', () => {
    expect(bucket()[1].DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(bucket()[1].UpdateReplacePolicy).toBe('Retain');
    expect(bucket()[1].Properties.BucketName).toBeUndefined();
  });

  it('grants nothing to anyone in its bucket policy but what S3 access logging needs', () => {
    for (const statement of policyOf(bucket()[0]).filter((s) => s.Effect === 'Allow')) {
      expect(statement.Principal).toEqual({ Service: 'logging.s3.amazonaws.com' });
      expect(statement.Action).toBe('s3:PutObject');
    }
  });
});

describe('the files bucket', () => {
  const rules = () => filesBucket()[1].Properties.LifecycleConfiguration.Rules as Array<Record<string, unknown>>;

  it(`deletes exports (${EXPORTS_PREFIX}) after ${EXPORT_EXPIRY.toDays()} days`, () => {
    expect(rules()).toContainEqual({ Id: 'expire-exports', Prefix: 'exports/', ExpirationInDays: 2, Status: 'Enabled' });
  });

  it(`deletes attachment uploads left under ${PENDING_UPLOADS_PREFIX} after ${PENDING_UPLOAD_EXPIRY.toDays()} day`, () => {
    expect(rules()).toContainEqual({ Id: 'expire-pending-uploads', Prefix: 'uploads/pending/', ExpirationInDays: 1, Status: 'Enabled' });
  });

  it(`aborts multipart uploads left incomplete for ${INCOMPLETE_MULTIPART_EXPIRY.toDays()} day, anywhere in the bucket`, () => {
    expect(rules()).toContainEqual({
      Id: 'abort-incomplete-multipart-uploads',
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      Status: 'Enabled',
    });
  });

  it('keeps object versions, so a deleted or overwritten attachment can be restored, and expires old ones after 90 days', () => {
    expect(filesBucket()[1].Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(rules()).toContainEqual(
      expect.objectContaining({ Id: 'expire-old-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 90 }, ExpiredObjectDeleteMarker: true }),
    );
  });

  it('expires nothing else (attachments of filed complaints stay)', () => {
    expect(rules()).toHaveLength(4);
    for (const rule of rules().filter((r) => r.ExpirationInDays !== undefined)) {
      expect(['exports/', 'uploads/pending/']).toContain(rule.Prefix);
    }
  });

  it(`never expires, transitions or deletes anything under ${ATTACHMENTS_PREFIX} (listed evidence)`, () => {
    // A rule applies to a key when its prefix (Prefix, or Filter.Prefix; none = the whole bucket)
    // starts the key. The only such rule for attachments/ is the bucket-wide one that aborts
    // multipart uploads left incomplete: it removes upload parts, never an object.
    const key = `${ATTACHMENTS_PREFIX}SP4N-2025-000001/3f0c3c7e-0000-4000-8000-000000000000`;
    const prefixOf = (rule: Record<string, any>): string => rule.Prefix ?? rule.Filter?.Prefix ?? rule.Filter?.And?.Prefix ?? '';
    const matching = rules().filter((rule) => key.startsWith(prefixOf(rule)));
    // The other: versions a deletion or overwrite left behind expire; the current object never does.
    for (const rule of matching) {
      const { Id, Status, AbortIncompleteMultipartUpload, NoncurrentVersionExpiration, ExpiredObjectDeleteMarker, ...rest } = rule as Record<string, unknown>;
      expect([Id, rest]).toEqual([Id, {}]);
      expect(AbortIncompleteMultipartUpload ?? NoncurrentVersionExpiration).toBeDefined();
      expect(Status).toBe('Enabled');
    }
    expect(matching.map((r) => r.Id)).toEqual(['abort-incomplete-multipart-uploads', 'expire-old-versions']);
  });

  it('uses the prefixes the functions build attachment keys with (functions/core/attachments.ts)', () => {
    expect(PENDING_UPLOADS_PREFIX).toBe(attachments.PENDING_UPLOADS_PREFIX);
    expect(ATTACHMENTS_PREFIX).toBe(attachments.ATTACHMENTS_PREFIX);
    expect(attachments.pendingObjectKey('T', 'A').startsWith(PENDING_UPLOADS_PREFIX)).toBe(true);
    expect(attachments.attachmentObjectKey('T', 'A').startsWith(ATTACHMENTS_PREFIX)).toBe(true);
    // The upload link and the pending item outlive nothing the lifecycle rule keeps.
    expect(PENDING_UPLOAD_EXPIRY.toSeconds()).toBeGreaterThanOrEqual(attachments.PENDING_RETENTION_SECONDS);
  });

  it('writes server access logs to the access-log bucket, which lets only the S3 logging service in, for this bucket', () => {
    const [filesId, files] = filesBucket();
    expect(files.Properties.LoggingConfiguration.LogFilePrefix).toBe('files/');
    const [logId] = logBucket();
    const allow = policyOf(logId).filter((s) => s.Effect === 'Allow');
    expect(allow).toHaveLength(1);
    expect(allow[0].Condition?.ArnLike?.['aws:SourceArn']).toEqual({ 'Fn::GetAtt': [filesId, 'Arn'] });
    expect(allow[0].Condition?.StringEquals?.['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
  });

  it('has no CORS configuration unless origins are configured', () => {
    expect(filesBucket()[1].Properties.CorsConfiguration).toBeUndefined();
  });

  it('is output by name', () => {
    expect(refOf(template.Outputs.FilesBucketName.Value)).toBe(filesBucket()[0]);
  });
});

describe('the access-log bucket', () => {
  it('expires logs after the configured log retention', () => {
    const rules = logBucket()[1].Properties.LifecycleConfiguration.Rules as Array<Record<string, unknown>>;
    expect(rules).toContainEqual(expect.objectContaining({ ExpirationInDays: 365, Status: 'Enabled' }));
  });

  it('does not log itself', () => {
    expect(logBucket()[1].Properties.LoggingConfiguration).toBeUndefined();
  });
});

describe('CORS from context (the same origins as the API)', () => {
  it('allows PUT, GET and HEAD from the configured origins only', () => {
    const origins = ['https://lapor.blorakab.go.id', 'https://admin.blorakab.go.id'];
    const { json } = synth({ context: { 'tuntas:corsAllowOrigins': origins.join(',') } });
    const [, bucket] = filesBucket(json);
    const [rule, ...rest] = bucket.Properties.CorsConfiguration.CorsRules;
    expect(rest).toEqual([]);
    expect(rule.AllowedOrigins).toEqual(origins);
    expect([...rule.AllowedMethods].sort()).toEqual(['GET', 'HEAD', 'PUT']);
    expect(rule.ExposedHeaders).toContain('ETag');
    const api = resourcesOfType(json, 'AWS::ApiGatewayV2::Api')[0][1];
    expect(api.Properties.CorsConfiguration.AllowOrigins).toEqual(rule.AllowedOrigins);
    expect(refsIn(rule)).toEqual([]);
  });
});
