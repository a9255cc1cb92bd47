// The citizen portal: a private bucket behind CloudFront (origin access control), a strict
// response-headers policy (the CSP of lib/web-headers.ts), SPA fallback, a year of caching for
// hashed assets and none for index.html/config.json. config.json is written at deploy time from
// the stack's own values, so one build serves every region.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { cognitoUserApiUrl, contentSecurityPolicy, WEB_ASSETS_PREFIX, webConfig, type WebSignIn } from '../web-headers';

export const WEB_DIST_DIR = join(__dirname, '..', '..', 'web', 'dist');

export interface TuntasWebProps {
  /** The built portal; default web/dist (`npm run web:build`). Absent: a page saying so is deployed. */
  distDir?: string;
}

export class TuntasWeb extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** https://<distribution domain>: the portal's origin (CORS, emails' links). */
  readonly url: string;

  constructor(scope: Construct, id: string, props: TuntasWebProps = {}) {
    super(scope, id);
    const region = Stack.of(this).region;
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Built output only: a redeploy writes it again (emptied by hand if the stack is deleted).
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'Holds only the built portal (public by design through CloudFront); requests are answered by CloudFront, whose own metrics cover them.',
    });

    // Wildcards, not this stack's API and bucket: those reference the portal's origin (CORS), so
    // naming them here would be a dependency cycle. Still only AWS endpoints of this AWS region.
    const csp = contentSecurityPolicy({
      api: `https://*.execute-api.${region}.amazonaws.com`,
      files: `https://*.s3.${region}.amazonaws.com`,
      signIn: `https://*.auth.${region}.amazoncognito.com`,
      userApi: cognitoUserApiUrl(region),
    });
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Tuntas portal: strict CSP, HSTS, nosniff, no referrer, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      },
    });
    const origin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Tuntas citizen portal',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Indonesia is served from Asia edges; PriceClass 200 includes them at a lower price than All.
      priceClass: PriceClass.PRICE_CLASS_200,
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        // index.html and config.json: never cached, so a deploy or a config change shows at once.
        cachePolicy: CachePolicy.CACHING_DISABLED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      additionalBehaviors: {
        [`${WEB_ASSETS_PREFIX}*`]: {
          origin,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: headers,
          compress: true,
        },
      },
      // The app's routes (/lacak/BLR-…) are not files: the private bucket answers 403, the app answers.
      errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.seconds(0) })),
    });
    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions-CFR1', reason: 'A public-service portal for citizens, some of whom travel or work abroad: no geo restriction.' },
      { id: 'AwsSolutions-CFR2', reason: 'Static files only; the API behind it has its own throttles. WAF is a per-region choice with a monthly cost.' },
      { id: 'AwsSolutions-CFR3', reason: 'Static public files carry no personal data; CloudFront metrics cover availability. A region may enable standard logs.' },
      { id: 'AwsSolutions-CFR4', reason: 'The default *.cloudfront.net certificate; a region with its own domain sets TLSv1.2_2021 on it.' },
    );
    this.url = `https://${this.distribution.distributionDomainName}`;

    const dist = props.distDir ?? WEB_DIST_DIR;
    this.built = existsSync(join(dist, 'index.html'));
    if (!this.built) Annotations.of(this).addInfo(`${dist} has no build: run npm run web:build before deploying the portal`);
    this.dist = dist;
  }

  private readonly built: boolean;
  private readonly dist: string;

  /** Uploads the build and writes config.json from the API's URL (known once the API exists) and the staff sign-in. */
  deploy(apiUrl: string, signIn: WebSignIn): void {
    const assets = this.built
      ? Source.asset(this.dist, { exclude: ['index.html', 'config.json'] })
      : Source.data(`${WEB_ASSETS_PREFIX}.keep`, '');
    const entry = this.built ? Source.asset(this.dist, { exclude: ['*', '!index.html'] }) : Source.data('index.html', '<!doctype html><title>Tuntas</title><p>Portal not built.</p>');
    const assetsDeployment = new BucketDeployment(this, 'Assets', {
      destinationBucket: this.bucket,
      sources: [assets],
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
      prune: false,
    });
    const entryDeployment = new BucketDeployment(this, 'Entry', {
      destinationBucket: this.bucket,
      sources: [entry, Source.jsonData('config.json', webConfig(apiUrl, signIn))],
      cacheControl: [CacheControl.noCache()],
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
    });
    // Assets first, so a new index.html never points at files not uploaded yet.
    entryDeployment.node.addDependency(assetsDeployment);
    this.acknowledgeDeploymentFunction();
  }

  /** CDK's BucketDeployment function (one per stack, deploy time only), acknowledged finding by finding. */
  private acknowledgeDeploymentFunction(): void {
    const stack = Stack.of(this);
    const fn = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!fn) return;
    const bucketId = stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    const reason =
      "CDK's own BucketDeployment function: it runs only during a deploy to copy the built portal from CDK's asset bucket into the portal bucket.";
    const findings = [
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ...['Abort*', 'DeleteObject*', 'GetBucket*', 'GetObject*', 'List*'].map((a) => `AwsSolutions-IAM5[Action::s3:${a}]`),
      'AwsSolutions-IAM5[Resource::*]',
      `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      `AwsSolutions-IAM5[Resource::arn:aws:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${stack.region}/*]`,
      'AwsSolutions-L1',
      'Serverless-LambdaDLQ',
      'Serverless-LambdaLatestVersion',
      'Serverless-LambdaTracing',
    ];
    Validations.of(fn).acknowledge(...findings.map((id) => ({ id, reason })));
  }
}
