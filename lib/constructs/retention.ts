// Retained resources (tables, the user pool, buckets, log groups, the alarm key) are kept when the
// stack is updated or deleted, but not when the first create fails: CloudFormation then deletes
// them as it rolls back, so a second `cdk deploy` does not trip over names and data left behind.
// Applied as an aspect, so a construct added later (and CDK's own defaults, e.g. a log group's
// Retain) gets the same policy without having to know about it.

import { CfnDeletionPolicy, CfnResource, RemovalPolicy, type IAspect } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export class RetainExceptOnCreate implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof CfnResource && node.cfnOptions.deletionPolicy === CfnDeletionPolicy.RETAIN) {
      node.applyRemovalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
    }
  }
}
