import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { type Environment, requiredEnv } from './environment';
import { type EmailMessage, type Mailer, PermanentDeliveryError } from '../ports/mail';

/** SES rejects these for good; retrying the same message cannot succeed. */
const PERMANENT_ERRORS = new Set(['MessageRejected', 'InvalidParameterValue', 'AccountSendingPausedException']);

export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESClient,
    private readonly options: { sender: string; configurationSet?: string },
  ) {}

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    try {
      const result = await this.client.send(
        new SendEmailCommand({
          Source: this.options.sender,
          Destination: { ToAddresses: message.to },
          Message: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Html: { Data: message.html, Charset: 'UTF-8' }, Text: { Data: message.text, Charset: 'UTF-8' } },
          },
          ...(this.options.configurationSet && { ConfigurationSetName: this.options.configurationSet }),
        }),
      );
      return { messageId: result.MessageId ?? 'unknown' };
    } catch (error) {
      if (PERMANENT_ERRORS.has((error as Error).name)) throw new PermanentDeliveryError((error as Error).message);
      throw error;
    }
  }
}

/** `endpoint` is set only for the local SES stand-in. */
export function createSesClient(options: { endpoint?: string; region?: string } = {}): SESClient {
  return new SESClient({
    ...(options.region && { region: options.region }),
    ...(options.endpoint && {
      endpoint: options.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      region: options.region ?? 'ap-southeast-3',
    }),
    // The local stand-in never answers operations it does not implement; never wait forever.
    requestHandler: { requestTimeout: 10_000, connectionTimeout: 3_000 },
    maxAttempts: 3,
  });
}

/** The mailer of a function's environment: EMAIL_SENDER, SES_CONFIGURATION_SET, and SES_ENDPOINT for SES local. */
export function sesMailer(env: Environment): Mailer {
  return new SesMailer(
    createSesClient({
      ...(env.SES_ENDPOINT && { endpoint: env.SES_ENDPOINT }),
      ...(env.AWS_REGION && { region: env.AWS_REGION }),
    }),
    {
      sender: requiredEnv(env, 'EMAIL_SENDER'),
      ...(env.SES_CONFIGURATION_SET && { configurationSet: env.SES_CONFIGURATION_SET }),
    },
  );
}
