// Outgoing email through SES: the sender's identity, a configuration set, and the one way a
// function is allowed to send (from the configured sender only, through this identity and set).
//
// An SES identity must be VERIFIED in the stack's AWS region before SES sends anything from it:
// - 'domain' (default): Easy DKIM. After the first deploy, the region's DNS administrator publishes
//   the three CNAME records from the stack outputs (SesDkimRecord1..3) in the sender's domain;
//   SES then verifies the domain by itself and signs every message with a DKIM key aligned with the
//   From domain, so DMARC passes even where the domain publishes p=reject (many go.id domains do).
// - 'email': SES emails a confirmation link to the sender address; someone must click it. No DNS
//   change, but messages are DKIM-signed as amazonses.com, so a strict DMARC policy on the sender's
//   domain makes receivers reject them. For regions without control of their DNS only.
// - 'existing': the identity is already verified in this account and region (another stage's, or
//   one made by hand): the stack only uses it. An identity exists once per account and region, so
//   the second stage (`-c stage=...`) of a region in the same account says 'existing'.
// Either way a new AWS account is in the SES sandbox (it may only send to verified addresses) until
// production access is requested for the region.
// Do not also verify the sender ADDRESS as a separate identity next to a domain identity: SES would
// then authorize sends against the address identity, which the grant below does not name.

import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import {
  ConfigurationSet,
  DkimIdentity,
  EasyDkimSigningKeyLength,
  EmailIdentity,
  Identity,
  type IEmailIdentity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export const SES_IDENTITY_KINDS = ['domain', 'email', 'existing'] as const;
export type SesIdentityKind = (typeof SES_IDENTITY_KINDS)[number];

/** The environment variable through which senders learn the configuration set's name. */
export const SES_CONFIGURATION_SET_ENV_VAR = 'SES_CONFIGURATION_SET';

/** IAM actions for sending: SendEmail is what functions/adapters/ses-mailer.ts calls. */
export const SES_SEND_ACTIONS = ['ses:SendEmail', 'ses:SendRawEmail'];

export interface TuntasEmailProps {
  /** The From address (config.email.sender). */
  sender: string;
  identity: SesIdentityKind;
  /** For 'existing': the identity's name when it is not the sender's domain (e.g. the address itself). */
  existingIdentityName?: string;
}

export class TuntasEmail extends Construct {
  readonly sender: string;
  readonly configurationSet: ConfigurationSet;
  /** The identity (an imported one for 'existing'). */
  readonly identity: IEmailIdentity;
  /** The identity this stack created, with its DKIM records; undefined for 'existing'. */
  readonly createdIdentity?: EmailIdentity;
  /** The domain identity's name, or the sender address for an email identity. */
  readonly identityValue: string;
  readonly configurationSetArn: string;

  constructor(scope: Construct, id: string, props: TuntasEmailProps) {
    super(scope, id);
    this.sender = props.sender;
    const domain = props.sender.slice(props.sender.lastIndexOf('@') + 1).toLowerCase();
    // An existing identity is the sender's domain unless the region names another (tuntas:sesIdentityName).
    this.identityValue = props.identity === 'email' ? props.sender : (props.existingIdentityName ?? domain);

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      // Addresses that bounced or complained are not mailed again (the account-level suppression
      // list, applied per message): a reporter's typo must not keep hurting the sender's reputation.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      // Bounce and complaint rates per configuration set in CloudWatch, so a rising rate is seen
      // before SES pauses the account.
      reputationMetrics: true,
      sendingEnabled: true,
    });
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });

    if (props.identity === 'existing') {
      this.identity = EmailIdentity.fromEmailIdentityName(this, 'Identity', this.identityValue);
      return;
    }
    this.createdIdentity = new EmailIdentity(this, 'Identity', {
      identity: props.identity === 'domain' ? Identity.domain(domain) : Identity.email(props.sender),
      // The identity's default set: applies even to a message sent without naming one.
      configurationSet: this.configurationSet,
      ...(props.identity === 'domain' && { dkimIdentity: DkimIdentity.easyDkim(EasyDkimSigningKeyLength.RSA_2048_BIT) }),
    });
    this.identity = this.createdIdentity;
  }

  get environment(): Record<string, string> {
    return { [SES_CONFIGURATION_SET_ENV_VAR]: this.configurationSet.configurationSetName };
  }

  /**
   * Send permission for exactly this sender: the identity and the configuration set as resources,
   * and ses:FromAddress pinned to the configured address, so a function cannot send as anyone else
   * at the domain, nor through any other identity in the account.
   */
  grantSend(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: SES_SEND_ACTIONS,
        resources: [this.identity.emailIdentityArn, this.configurationSetArn],
        conditions: { StringEquals: { 'ses:FromAddress': this.sender } },
      }),
    );
  }
}
