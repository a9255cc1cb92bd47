// Issue 13, item 5: every error the SES client documents has a retry classification, and the
// mailer turns it into the delivery error the core acts on. A failure is settled as permanent only
// when resending the same message cannot help; everything account-level is retried.

import * as ses from '@aws-sdk/client-ses';
import { classifySesError, SES_ERROR_KINDS, type SesFailureKind } from '../../../functions/adapters/ses-errors';
import { toDeliveryError } from '../../../functions/adapters/ses-mailer';
import { PermanentDeliveryError, RetryableDeliveryError } from '../../../functions/ports/mail';

/** Every exception class the installed @aws-sdk/client-ses exports (its models). */
const SDK_ERROR_NAMES = Object.entries(ses)
  .filter(([, value]) => typeof value === 'function' && (value as { prototype?: unknown }).prototype instanceof ses.SESServiceException)
  .map(([name]) => name)
  .sort();

/** What each must be. Written out by hand, so a change to the table is a visible decision. */
const EXPECTED: Record<string, SesFailureKind> = {
  MessageRejected: 'account',
  AccountSendingPausedException: 'account',
  ConfigurationSetSendingPausedException: 'account',
  ConfigurationSetDoesNotExistException: 'account',
  MailFromDomainNotVerifiedException: 'account',
  FromEmailAddressNotVerifiedException: 'account',
  ProductionAccessNotGrantedException: 'account',
  LimitExceededException: 'account',
  AlreadyExistsException: 'account',
  CannotDeleteException: 'account',
  ConfigurationSetAlreadyExistsException: 'account',
  CustomVerificationEmailInvalidContentException: 'account',
  CustomVerificationEmailTemplateAlreadyExistsException: 'account',
  CustomVerificationEmailTemplateDoesNotExistException: 'account',
  EventDestinationAlreadyExistsException: 'account',
  EventDestinationDoesNotExistException: 'account',
  InvalidCloudWatchDestinationException: 'account',
  InvalidConfigurationSetException: 'account',
  InvalidDeliveryOptionsException: 'account',
  InvalidFirehoseDestinationException: 'account',
  InvalidLambdaFunctionException: 'account',
  InvalidPolicyException: 'account',
  InvalidS3ConfigurationException: 'account',
  InvalidSNSDestinationException: 'account',
  InvalidSnsTopicException: 'account',
  InvalidTrackingOptionsException: 'account',
  RuleDoesNotExistException: 'account',
  RuleSetDoesNotExistException: 'account',
  TrackingOptionsAlreadyExistsException: 'account',
  TrackingOptionsDoesNotExistException: 'account',
  TemplateDoesNotExistException: 'account',
  InvalidTemplateException: 'permanent',
  InvalidRenderingParameterException: 'permanent',
  MissingRenderingAttributeException: 'permanent',
  // Generic errors SendEmail ends with (not modelled as classes).
  InvalidParameterValue: 'permanent',
  InvalidParameterCombination: 'permanent',
  AccessDenied: 'account',
  AccessDeniedException: 'account',
  InvalidClientTokenId: 'account',
  SignatureDoesNotMatch: 'account',
  ExpiredToken: 'transient',
  Throttling: 'transient',
  ThrottlingException: 'transient',
  ServiceUnavailable: 'transient',
  InternalFailure: 'transient',
  RequestTimeout: 'transient',
  TimeoutError: 'transient',
  RequestTimeoutException: 'transient',
};

it('finds the SDK\'s modelled SES exceptions (the list below is not empty by accident)', () => {
  expect(SDK_ERROR_NAMES.length).toBeGreaterThanOrEqual(30);
  expect(SDK_ERROR_NAMES).toEqual(expect.arrayContaining(['MessageRejected', 'AccountSendingPausedException']));
});

it('classifies every exception the SDK documents explicitly (no fall-through for a documented name)', () => {
  expect(SDK_ERROR_NAMES.filter((name) => !Object.hasOwn(SES_ERROR_KINDS, name))).toEqual([]);
  expect(Object.keys(SES_ERROR_KINDS).sort()).toEqual(Object.keys(EXPECTED).sort());
});

describe.each(Object.entries(EXPECTED))('%s', (name, kind) => {
  it(`is ${kind}`, () => {
    expect(classifySesError(name)).toBe(kind);
  });

  it(kind === 'permanent' ? 'is settled as a permanent delivery failure' : `is retried later (${kind})`, () => {
    const ErrorClass = (ses as unknown as Record<string, new (o: object) => Error>)[name];
    const thrown = ErrorClass
      ? new ErrorClass({ message: `SES said ${name}`, $metadata: {} })
      : Object.assign(new Error(`SES said ${name}`), { name });
    const mapped = toDeliveryError(thrown);
    if (kind === 'permanent') {
      expect(mapped).toBeInstanceOf(PermanentDeliveryError);
    } else {
      expect(mapped).toBeInstanceOf(RetryableDeliveryError);
      expect((mapped as RetryableDeliveryError).scope).toBe(kind);
    }
    expect(mapped.code).toBe(name);
    expect(mapped.message).toBe(`SES said ${name}`);
  });
});

it('retries an error nobody classified (a network reset, a new SES error) instead of settling it', () => {
  expect(classifySesError('ECONNRESET')).toBe('transient');
  expect(classifySesError('SomethingNewException')).toBe('transient');
  expect(classifySesError('constructor')).toBe('transient');
  expect(toDeliveryError(Object.assign(new Error('socket hang up'), { name: 'ECONNRESET' }))).toBeInstanceOf(RetryableDeliveryError);
});
