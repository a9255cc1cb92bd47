// The files bucket: large CSV exports (functions/handlers/reports.ts streams them to
// exports/<date>/<uuid>.csv and answers with a 15-minute presigned GET link) and attachments
// (functions/core/attachment-service.ts: a presigned PUT to uploads/pending/<trackingId>/<id>, then,
// once checked, a server-side copy to attachments/<trackingId>/<id>, the evidence that is kept).
// Nothing in it is public: every read and write goes through a presigned URL signed by a function
// whose role allows exactly that prefix. Server access logs go to a second bucket.

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
// The attachment prefixes are the ones the functions build keys with (a pure module: no AWS SDK),
// so the grants and lifecycle rules below cannot drift from the code.
import { ATTACHMENTS_PREFIX, PENDING_UPLOADS_PREFIX } from '../../functions/core/attachments';

export { ATTACHMENTS_PREFIX, PENDING_UPLOADS_PREFIX };

/** Where the reports function writes large exports (the only prefix it may touch). */
export const EXPORTS_PREFIX = 'exports/';

/** Exports are downloaded within the link's 15 minutes; two days leaves room to retry, then they go. */
export const EXPORT_EXPIRY = Duration.days(2);
/** An upload never completed is abandoned after a day (attachments.ts: PENDING_RETENTION_SECONDS). */
export const PENDING_UPLOAD_EXPIRY = Duration.days(1);
/** How long a deleted or overwritten object's previous version can be restored. */
export const NONCURRENT_VERSION_EXPIRY = Duration.days(90);
/** A multipart upload neither completed nor aborted (a function timed out mid-export) is cleaned up. */
export const INCOMPLETE_MULTIPART_EXPIRY = Duration.days(1);

/**
 * The actions a large export needs, on EXPORTS_PREFIX only. The file store's multipart upload
 * issues CreateMultipartUpload, UploadPart and CompleteMultipartUpload (all authorized by
 * s3:PutObject), or a single PutObject for a small body; abort() needs AbortMultipartUpload; the
 * presigned GET link is authorized by the signer's s3:GetObject.
 */
export const EXPORT_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'];

/**
 * The actions an uploader (the public and agency functions) needs, on PENDING_UPLOADS_PREFIX and
 * ATTACHMENTS_PREFIX: the presigned PUT to the pending key (PutObject); at completion HEAD and a
 * ranged GET of the pending object (GetObject), the server-side copy (GetObject on the source,
 * PutObject on the attachments/ key), deleting the pending object, or the copy when the listing
 * fails (DeleteObject); presigned GET links to listed files (GetObject). No s3:ListBucket: a HEAD
 * of a missing key then answers 403, which the file store reads as "not there".
 */
export const ATTACHMENT_UPLOAD_ACTIONS = ['s3:PutObject', 's3:GetObject'];
/** Only pending uploads may be deleted (after the copy, or when a check fails): never a listed attachment. */
export const PENDING_DELETE_ACTIONS = ['s3:DeleteObject'];
/** A reader of listed attachments (the admin function) only signs download links: GetObject on ATTACHMENTS_PREFIX. */
export const ATTACHMENT_READ_ACTIONS = ['s3:GetObject'];

/** 'upload': request, complete and link attachments; 'read': download links to listed ones only. */
export type AttachmentAccess = 'upload' | 'read';

export interface TuntasFilesProps {
  /** Browser origins allowed to PUT/GET/HEAD through presigned URLs (same list as the API's CORS). */
  corsAllowOrigins: readonly string[];
  /** How long server access logs are kept (days); the stack's log retention. */
  accessLogRetentionDays: number;
}

export class TuntasFiles extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: TuntasFilesProps) {
    super(scope, id);

    // Server access logs: who fetched which export, for the audit trail. S3 log delivery only
    // writes to SSE-S3 buckets; the logging service is let in by a bucket policy (feature flag
    // @aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy), not by an ACL. The log bucket does not
    // log itself (cdk-nag's S1 accepts a bucket that is another bucket's log target).
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: false,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(props.accessLogRetentionDays),
          // Rarely read after the first month.
          transitions:
            props.accessLogRetentionDays > 60
              ? [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }]
              : undefined,
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new Bucket(this, 'Bucket', {
      // SSE-S3: presigned GET links work without the downloader or the signer needing KMS
      // permissions, and exports are short-lived copies of data already in DynamoDB.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      // Versioned, so an attachment deleted or overwritten (by mistake, or by a compromised
      // function) can be restored for NONCURRENT_VERSION_EXPIRY; old versions then expire, so
      // personal data does not linger. No function may delete a listed attachment anyway.
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'files/',
      // Objects under attachments/ (listed evidence) never expire: no rule below has a prefix that
      // matches them, and the bucket-wide rule only aborts multipart uploads left incomplete (it
      // removes upload parts, never an object).
      lifecycleRules: [
        { id: 'expire-exports', prefix: EXPORTS_PREFIX, expiration: EXPORT_EXPIRY },
        { id: 'expire-pending-uploads', prefix: PENDING_UPLOADS_PREFIX, expiration: PENDING_UPLOAD_EXPIRY },
        { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: INCOMPLETE_MULTIPART_EXPIRY },
        { id: 'expire-old-versions', noncurrentVersionExpiration: NONCURRENT_VERSION_EXPIRY, expiredObjectDeleteMarker: true },
      ],
      // Browsers fetch export and attachment links and PUT attachments straight to S3 with presigned URLs.
      // No origins configured, no CORS: a link opened by navigation needs none.
      cors:
        props.corsAllowOrigins.length > 0
          ? [
              {
                allowedOrigins: [...props.corsAllowOrigins],
                allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
                allowedHeaders: ['Content-Type', 'Content-Length', 'Content-MD5', 'x-amz-*'],
                exposedHeaders: ['ETag', 'Content-Disposition'],
                maxAge: Duration.hours(1).toSeconds(),
              },
            ]
          : undefined,
      // Attachments are citizens' evidence: never deleted by a stack update or `cdk destroy`.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * What a large export needs (EXPORT_ACTIONS) on EXPORTS_PREFIX only, not the bucket's other
   * objects. The object wildcard is inherent (each export has a fresh key) and acknowledged on
   * the grantee's policy where it lands.
   */
  grantExports(grantee: IGrantable & Construct): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: EXPORT_ACTIONS,
        resources: [this.bucket.arnForObjects(`${EXPORTS_PREFIX}*`)],
      }),
    );
  }

  /**
   * Attachment access on the two attachment prefixes only: 'upload' gets ATTACHMENT_UPLOAD_ACTIONS
   * on PENDING_UPLOADS_PREFIX and ATTACHMENTS_PREFIX, 'read' gets ATTACHMENT_READ_ACTIONS on
   * ATTACHMENTS_PREFIX. Returns the object patterns granted (each wildcard is acknowledged on the
   * grantee's policy where it lands).
   */
  grantAttachments(grantee: IGrantable & Construct, access: AttachmentAccess): string[] {
    const prefixes = access === 'upload' ? [PENDING_UPLOADS_PREFIX, ATTACHMENTS_PREFIX] : [ATTACHMENTS_PREFIX];
    const patterns = prefixes.map((prefix) => `${prefix}*`);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: access === 'upload' ? ATTACHMENT_UPLOAD_ACTIONS : ATTACHMENT_READ_ACTIONS,
        resources: patterns.map((pattern) => this.bucket.arnForObjects(pattern)),
      }),
    );
    if (access === 'upload') {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({ actions: PENDING_DELETE_ACTIONS, resources: [this.bucket.arnForObjects(`${PENDING_UPLOADS_PREFIX}*`)] }),
      );
    }
    return patterns;
  }
}
