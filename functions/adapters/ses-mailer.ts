import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { type Environment, requiredEnv } from './environment';
import { classifySesError } from './ses-errors';
import { type EmailMessage, type Mailer, PermanentDeliveryError, RetryableDeliveryError } from '../ports/mail';

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
      throw toDeliveryError(error);
    }
  }
}

/** A failed SES call as the delivery error the core understands (functions/core/delivery.ts). */
export function toDeliveryError(error: unknown): PermanentDeliveryError | RetryableDeliveryError {
  const name = (error as Error)?.name ?? 'Error';
  const message = (error as Error)?.message ?? String(error);
  const kind = classifySesError(name);
  return kind === 'permanent' ? new PermanentDeliveryError(message, name) : new RetryableDeliveryError(message, name, kind);
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
    // Throttling and 5xx are retried here with the SDK's exponential backoff and jitter; what is
    // still failing after that is deferred to the redelivery job (functions/core/delivery.ts).
    maxAttempts: 4,
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
