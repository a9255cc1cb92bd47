// What a region pays each month: the fixed-cost lines (billed whether or not anyone files a
// complaint) derived from the synthesized template, and a usage estimate for a kabupaten at 1,000
// complaints a month. The README's "Cost" table is costTable() of the default template, and
// test/infra/cost.test.ts fails when the template grows a resource this file does not price.
// USD list prices for ap-southeast-3 (Jakarta) as used here, free tiers not counted: check the AWS
// Pricing Calculator before a budget is signed.

export interface CfnResourceLike {
  Type: string;
  Properties?: Record<string, any>;
}

export interface FixedCostLine {
  line: string;
  /** Which resources of the template it counts. */
  type: string;
  matches?: (resource: CfnResourceLike) => boolean;
  usdPerMonth: number;
  /** The context option that adds it; undefined: part of the default stack. */
  option?: string;
}

const isClientCredentials = (r: CfnResourceLike) => (r.Properties?.AllowedOAuthFlows ?? []).includes('client_credentials');

export const FIXED_COSTS: readonly FixedCostLine[] = [
  { line: 'CloudWatch alarm (standard resolution)', type: 'AWS::CloudWatch::Alarm', usdPerMonth: 0.1 },
  { line: 'KMS customer managed key (alarm topic)', type: 'AWS::KMS::Key', usdPerMonth: 1.0 },
  { line: 'CloudWatch dashboard', type: 'AWS::CloudWatch::Dashboard', usdPerMonth: 3.0, option: 'tuntas:dashboard' },
  {
    line: 'Cognito machine-to-machine app client (auditors)',
    type: 'AWS::Cognito::UserPoolClient',
    matches: isClientCredentials,
    usdPerMonth: 6.0,
    option: 'tuntas:auditorClient',
  },
];

/**
 * Resource types with no monthly fixed price: billed per request, per GB or not at all. A type in
 * neither list fails the cost test: price it first.
 */
export const NO_FIXED_COST: Readonly<Record<string, string>> = {
  'AWS::DynamoDB::GlobalTable': 'on-demand: per request and GB stored (usage below)',
  'AWS::SES::ConfigurationSet': 'free',
  'AWS::SES::EmailIdentity': 'free; per email sent',
  'AWS::Cognito::UserPool': 'Essentials plan: free up to 10,000 monthly active users (Plus with threat protection: per user)',
  'AWS::Cognito::UserPoolGroup': 'free',
  'AWS::Cognito::UserPoolClient': 'user sign-in clients are free (client-credentials ones are priced above)',
  'AWS::Cognito::UserPoolDomain': 'free',
  'AWS::Cognito::ManagedLoginBranding': 'free (managed login is in the Essentials per-user price)',
  'AWS::Cognito::UserPoolResourceServer': 'free',
  'AWS::S3::Bucket': 'per GB stored and per request',
  'AWS::S3::BucketPolicy': 'free',
  'AWS::SNS::Topic': 'per notification (alarms only)',
  'AWS::SNS::TopicPolicy': 'free',
  'AWS::Logs::LogGroup': 'per GB ingested and stored',
  'AWS::IAM::Role': 'free',
  'AWS::IAM::Policy': 'free',
  'AWS::Lambda::Function': 'per request and GB-second (reserved concurrency is free)',
  'AWS::Lambda::Permission': 'free',
  'AWS::Lambda::EventInvokeConfig': 'free',
  'AWS::Lambda::EventSourceMapping': 'free (DynamoDB Streams reads by Lambda are free)',
  'AWS::ApiGatewayV2::Api': 'per request',
  'AWS::ApiGatewayV2::Authorizer': 'free (JWT)',
  'AWS::ApiGatewayV2::Stage': 'free',
  'AWS::ApiGatewayV2::Integration': 'free',
  'AWS::ApiGatewayV2::Route': 'free',
  'AWS::SQS::Queue': 'per request (dead letters only)',
  'AWS::SQS::QueuePolicy': 'free',
  'AWS::Scheduler::ScheduleGroup': 'free',
  'AWS::Scheduler::Schedule': 'per invocation (14 million a month free)',
  'AWS::CloudFormation::CustomResource': 'free (the deploy-time agency loader)',
  'Custom::AgencyLoader': 'free (the deploy-time agency loader)',
  'AWS::CDK::Metadata': 'free',
  // issue 11's web hosting: CloudFront and its policies have no monthly fixed price.
  'AWS::CloudFront::Distribution': 'per request and GB out',
  'AWS::CloudFront::OriginAccessControl': 'free',
  'AWS::CloudFront::ResponseHeadersPolicy': 'free',
  'AWS::CloudFront::CachePolicy': 'free',
  'AWS::CloudFront::Function': 'per invocation',
};

/** A kabupaten at 1,000 complaints a month: what each line assumes, its quantity and its price. */
export interface UsageLine {
  line: string;
  quantity: string;
  price: string;
  usd: number;
}

export const USAGE_ESTIMATE: readonly UsageLine[] = [
  { line: 'API Gateway HTTP API requests (40 per complaint: filing, tracking, staff views)', quantity: '40,000', price: '$1.00 / million', usd: 0.04 },
  { line: 'Lambda requests (API, mailer, jobs incl. redelivery every 15 min)', quantity: '50,000', price: '$0.20 / million', usd: 0.01 },
  { line: 'Lambda compute, arm64', quantity: '6,750 GB-s', price: '$0.0000133 / GB-s', usd: 0.09 },
  { line: 'DynamoDB writes (transactions count twice)', quantity: '100,000 WRU', price: '$0.625 / million', usd: 0.07 },
  { line: 'DynamoDB reads', quantity: '500,000 RRU', price: '$0.125 / million', usd: 0.06 },
  { line: 'DynamoDB storage', quantity: '1 GB', price: '$0.25 / GB', usd: 0.25 },
  { line: 'DynamoDB point-in-time recovery', quantity: '1 GB', price: '$0.20 / GB', usd: 0.2 },
  { line: 'SES emails (notifications, warnings, digests)', quantity: '6,000', price: '$0.10 / 1,000', usd: 0.6 },
  { line: 'CloudWatch Logs ingestion', quantity: '0.3 GB', price: '$0.50 / GB', usd: 0.15 },
  { line: 'CloudWatch Logs storage (a year kept)', quantity: '2 GB', price: '$0.03 / GB', usd: 0.06 },
  { line: 'S3 attachments and exports', quantity: '2 GB', price: '$0.025 / GB', usd: 0.05 },
  { line: 'X-Ray traces', quantity: '50,000', price: '$5.00 / million', usd: 0.25 },
  { line: 'EventBridge Scheduler invocations', quantity: '3,010', price: '$1.00 / million', usd: 0.0 },
];

/** The monthly budget a region is promised at 1,000 complaints a month. */
export const MONTHLY_BUDGET_USD = 5;

export function fixedCostQuantities(resources: readonly CfnResourceLike[]): Array<FixedCostLine & { quantity: number }> {
  return FIXED_COSTS.map((line) => ({
    ...line,
    quantity: resources.filter((r) => r.Type === line.type && (line.matches?.(r) ?? true)).length,
  }));
}

/** Resources the cost table does not account for (neither a fixed line nor a known no-fixed-cost type). */
export function unpricedResources(resources: ReadonlyArray<[string, CfnResourceLike]>): string[] {
  return resources
    .filter(([, r]) => !FIXED_COSTS.some((line) => line.type === r.Type) && !Object.hasOwn(NO_FIXED_COST, r.Type))
    .map(([id, r]) => `${id} (${r.Type})`);
}

const usd = (n: number) => `$${n.toFixed(2)}`;

/** The README's cost table for a template (the default stack, or one with options). */
export function costTable(resources: readonly CfnResourceLike[]): { markdown: string; fixedUsd: number; usageUsd: number; totalUsd: number } {
  const fixed = fixedCostQuantities(resources);
  const fixedUsd = fixed.reduce((sum, l) => sum + l.quantity * l.usdPerMonth, 0);
  const usageUsd = USAGE_ESTIMATE.reduce((sum, l) => sum + l.usd, 0);
  const rows = [
    '| line | quantity | price | USD / month |',
    '|---|---|---|---|',
    ...fixed.map((l) => `| ${l.line}${l.option ? ` (option \`${l.option}\`)` : ''} | ${l.quantity} | ${usd(l.usdPerMonth)} / month | ${usd(l.quantity * l.usdPerMonth)} |`),
    `| **fixed** | | | **${usd(fixedUsd)}** |`,
    ...USAGE_ESTIMATE.map((l) => `| ${l.line} | ${l.quantity} | ${l.price} | ${usd(l.usd)} |`),
    `| **usage** | | | **${usd(usageUsd)}** |`,
    `| **total** | | | **${usd(fixedUsd + usageUsd)}** |`,
  ];
  return { markdown: rows.join('\n'), fixedUsd, usageUsd, totalUsd: fixedUsd + usageUsd };
}
