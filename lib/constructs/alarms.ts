// Where operators hear about failures: one encrypted SNS topic that every alarm of the stack
// notifies. Nobody is subscribed by the stack (the region config has no operator address);
// subscribe from the console or CLI with the AlarmTopicArn output:
//   aws sns subscribe --topic-arn <AlarmTopicArn> --protocol email --notification-endpoint ops@...

import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface TuntasAlarmsProps {
  regionName: string;
}

export class TuntasAlarms extends Construct {
  readonly topic: Topic;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: TuntasAlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // A customer managed key (about 1 USD a month): CloudWatch cannot publish to a topic encrypted
    // with the AWS managed SNS key, whose policy cannot be changed to let it in.
    this.key = new Key(this, 'TopicKey', {
      description: `Encrypts the Tuntas ${props.regionName} alarm topic`,
      enableKeyRotation: true,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.topic = new Topic(this, 'Topic', {
      displayName: `Tuntas ${props.regionName} alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    // The topic policy above (enforceSSL) replaces SNS's default one, so CloudWatch is let in
    // explicitly, and only for this account's alarms.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );
  }

  /** An alarm that fires as soon as the metric is above zero, and tells the topic. */
  whenAboveZero(id: string, metric: IMetric, description: string): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      // No data means nothing happened (no errors, an empty queue).
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    return alarm;
  }
}

/** The period every alarm looks at. */
export const ALARM_PERIOD = Duration.minutes(5);
