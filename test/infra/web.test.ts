// The portal behind CloudFront: private bucket with origin access control, the strict headers,
// SPA fallback, caching split, config.json from the stack, the web origin allowed by CORS.

import { Match } from 'aws-cdk-lib/assertions';
import { synth } from './synth';

const { template } = synth({ context: { 'tuntas:web': true } });

test('a private bucket behind CloudFront with origin access control, SPA fallback and a WebUrl output', () => {
  template.hasResourceProperties('AWS::S3::Bucket', {
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
  });
  template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
  template.hasResourceProperties('AWS::CloudFront::Distribution', {
    DistributionConfig: Match.objectLike({
      DefaultRootObject: 'index.html',
      CustomErrorResponses: [
        { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
        { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
      ],
      // index.html/config.json uncached (CachingDisabled), hashed assets cached (CachingOptimized).
      DefaultCacheBehavior: Match.objectLike({ CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', ViewerProtocolPolicy: 'redirect-to-https' }),
      CacheBehaviors: [Match.objectLike({ PathPattern: 'assets/*', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' })],
    }),
  });
  expect(template.toJSON().Outputs.WebUrl).toBeDefined();
});

test('the response headers: a CSP without unsafe-inline or unsafe-eval, HSTS, nosniff, no referrer, no framing', () => {
  const policies = template.findResources('AWS::CloudFront::ResponseHeadersPolicy');
  const [policy] = Object.values(policies) as Array<{ Properties: { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: Record<string, Record<string, unknown>> } } }>;
  const headers = policy!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
  const csp = JSON.stringify(headers.ContentSecurityPolicy!.ContentSecurityPolicy);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31536000 });
  expect(headers.ContentTypeOptions).toMatchObject({ Override: true });
  expect(headers.ReferrerPolicy).toMatchObject({ ReferrerPolicy: 'no-referrer' });
  expect(headers.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
});

test('config.json is written at deploy time from the API URL; the API allows the portal origin', () => {
  const json = JSON.stringify(template.toJSON());
  expect(json).toContain('config.json');
  template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
    CorsConfiguration: Match.objectLike({
      AllowOrigins: Match.arrayWith([Match.objectLike({ 'Fn::Join': Match.anyValue() })]),
      AllowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Access-Token', 'X-Correlation-Id'],
    }),
  });
});

test('the consoles sign in through managed login: the portal URL is a callback of the browser client, config.json names it', () => {
  const [client] = Object.values(template.findResources('AWS::Cognito::UserPoolClient', { Properties: { AllowedOAuthFlows: ['code'] } })) as Array<{
    Properties: { CallbackURLs: unknown[]; LogoutURLs: unknown[] };
  }>;
  const distribution = Object.keys(template.findResources('AWS::CloudFront::Distribution'))[0]!;
  const callbacks = JSON.stringify(client!.Properties.CallbackURLs);
  expect(callbacks).toContain(distribution);
  expect(callbacks).toContain('/auth/callback');
  expect(JSON.stringify(client!.Properties.LogoutURLs)).toContain(distribution);
  // config.json's markers: the API, the user pool domain (sign-in) and the browser client.
  const deployments = JSON.stringify(template.findResources('Custom::CDKBucketDeployment'));
  const browserClient = Object.keys(template.findResources('AWS::Cognito::UserPoolClient', { Properties: { AllowedOAuthFlows: ['code'] } }))[0]!;
  const domain = Object.keys(template.findResources('AWS::Cognito::UserPoolDomain'))[0]!;
  expect(deployments).toContain(`{"Ref":"${browserClient}"}`);
  expect(deployments).toContain(`{"Ref":"${domain}"}`);
  const csp = JSON.stringify(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
  expect(csp).toMatch(/connect-src[^;]*\.auth\.[^;]*amazoncognito\.com/);
  // Cognito's user API, where a coordinator sets up TOTP from the console.
  expect(csp).toMatch(/connect-src[^;]* https:\/\/cognito-idp\.[^;]*\.amazonaws\.com/);
});
