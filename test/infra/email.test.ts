// SES: the sender's identity, a configuration set that suppresses bounced and complaining
// addresses, and send permission only where a code path mails (jobs; the outbox mailer, which also
// sends the Ombudsman forward: the public function never mails), only from the configured sender, only through this identity and set.

import { SES_CONFIGURATION_SET_ENV_VAR } from '../../lib/constructs/email';
import {
  actionsOf,
  blora,
  functionLogicalId,
  functionNames,
  functionStatements,
  refOf,
  refsIn,
  resourcesOfType,
  synth,
  type CfnTemplate,
  type Statement,
} from './synth';

let template: CfnTemplate;
beforeAll(() => {
  template = synth().json;
});

const only = (t: CfnTemplate, type: string) => {
  const found = resourcesOfType(t, type);
  expect(found).toHaveLength(1);
  return found[0];
};
/** The functions with a code path that mails. */
const SENDERS = ['jobs', 'mailer'];
const sesStatements = (t: CfnTemplate, name: string): Statement[] =>
  functionStatements(t, name).filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));

describe('the configuration set', () => {
  it('suppresses bounces and complaints, publishes reputation metrics and sends', () => {
    const [, set] = only(template, 'AWS::SES::ConfigurationSet');
    expect(set.Properties.SuppressionOptions.SuppressedReasons.sort()).toEqual(['BOUNCE', 'COMPLAINT']);
    expect(set.Properties.ReputationOptions).toEqual({ ReputationMetricsEnabled: true });
    expect(set.Properties.SendingOptions).toEqual({ SendingEnabled: true });
    // CloudFormation names it.
    expect(set.Properties.Name).toBeUndefined();
  });
});

describe('the sender identity', () => {
  it("is the sender's domain, DKIM-signed with 2048-bit keys, using the configuration set by default", () => {
    const [, identity] = only(template, 'AWS::SES::EmailIdentity');
    expect(identity.Properties.EmailIdentity).toBe(blora().email.sender.split('@')[1]);
    expect(identity.Properties.DkimSigningAttributes).toEqual({ NextSigningKeyLength: 'RSA_2048_BIT' });
    expect(refOf(identity.Properties.ConfigurationSetAttributes.ConfigurationSetName)).toBe(only(template, 'AWS::SES::ConfigurationSet')[0]);
  });

  it('outputs the three DKIM CNAME records the DNS administrator must publish', () => {
    const [identityId] = only(template, 'AWS::SES::EmailIdentity');
    for (const n of [1, 2, 3]) {
      const output = template.Outputs[`SesDkimRecord${n}`];
      expect(refsIn(output.Value)).toEqual([identityId, identityId]);
      expect(JSON.stringify(output.Value)).toContain(`"DkimDNSTokenName${n}"`);
      expect(JSON.stringify(output.Value)).toContain(`"DkimDNSTokenValue${n}"`);
    }
    expect(template.Outputs.SesIdentity.Value).toBe('blorakab.go.id');
    expect(refOf(template.Outputs.SesConfigurationSetName.Value)).toBe(only(template, 'AWS::SES::ConfigurationSet')[0]);
  });
});

describe('send permission', () => {
  it.each(SENDERS)('the %s function may send only as the sender, through the identity and the set', (name) => {
    const [identityId] = only(template, 'AWS::SES::EmailIdentity');
    const [setId] = only(template, 'AWS::SES::ConfigurationSet');
    const statements = sesStatements(template, name);
    expect(statements).toHaveLength(1);
    const [statement] = statements;
    expect(statement.Effect).toBe('Allow');
    expect(actionsOf(statement).sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    expect(statement.Condition).toEqual({ StringEquals: { 'ses:FromAddress': blora().email.sender } });

    const resources = statement.Resource as unknown[];
    expect(resources).toHaveLength(2);
    const serialized = resources.map((r) => JSON.stringify(r));
    const identityArn = resources[serialized.findIndex((r) => r.includes(':identity/'))];
    const setArn = resources[serialized.findIndex((r) => r.includes(':configuration-set/'))];
    // This account and region only (pseudo parameters aside, the one resource of each kind).
    const resourceRefs = (value: unknown) => refsIn(value).filter((ref) => !ref.startsWith('AWS::'));
    expect(resourceRefs(identityArn)).toEqual([identityId]);
    expect(resourceRefs(setArn)).toEqual([setId]);
    expect(refsIn(identityArn)).toContain('AWS::AccountId');
    expect(JSON.stringify(identityArn)).toContain('arn:aws:ses:ap-southeast-3:');
  });

  it('no other function may call SES at all', () => {
    const others = functionNames(template).filter((name) => !SENDERS.includes(name));
    expect(others).toEqual(expect.arrayContaining(['admin', 'agency']));
    for (const name of others) expect(sesStatements(template, name)).toEqual([]);
  });

  it('no role anywhere in the stack may send email beyond the identity', () => {
    for (const [, policy] of resourcesOfType(template, 'AWS::IAM::Policy')) {
      for (const statement of policy.Properties.PolicyDocument.Statement as Statement[]) {
        if (!actionsOf(statement).some((a) => a.startsWith('ses:'))) continue;
        expect(statement.Resource).not.toBe('*');
        expect(statement.Condition?.StringEquals?.['ses:FromAddress']).toBe(blora().email.sender);
      }
    }
  });
});

describe('another region, with an email identity (context tuntas:sesIdentity=email)', () => {
  const sender = 'lapor.semarang@gmail.com';
  let t: CfnTemplate;
  beforeAll(() => {
    t = synth({
      config: { ...blora(), regionName: 'Kota Semarang', email: { ...blora().email, sender } },
      context: { 'tuntas:sesIdentity': 'email' },
    }).json;
  });

  it('creates an identity for the address itself and outputs no DKIM records', () => {
    const [, identity] = only(t, 'AWS::SES::EmailIdentity');
    expect(identity.Properties.EmailIdentity).toBe(sender);
    expect(identity.Properties.DkimSigningAttributes).toBeUndefined();
    expect(t.Outputs.SesDkimRecord1).toBeUndefined();
    expect(t.Outputs.SesIdentity.Value).toBe(sender);
  });

  it('pins the FromAddress condition to the new sender, and the senders get the set name', () => {
    for (const name of SENDERS) {
      expect(sesStatements(t, name)[0].Condition).toEqual({ StringEquals: { 'ses:FromAddress': sender } });
      const env = t.Resources[functionLogicalId(t, name)].Properties.Environment.Variables;
      expect(env.EMAIL_SENDER).toBe(sender);
      expect(refOf(env[SES_CONFIGURATION_SET_ENV_VAR])).toBe(only(t, 'AWS::SES::ConfigurationSet')[0]);
    }
  });

  it('rejects an identity kind it does not know', () => {
    expect(() => synth({ context: { 'tuntas:sesIdentity': 'hosted-zone' } })).toThrow(/tuntas:sesIdentity must be one of domain, email/);
  });
});
