// What a failed SES call means for the message, by the error's name. Every exception the SES v1
// client models is listed (test/unit/adapters/ses-errors.test.ts checks the list against the SDK),
// plus the generic AWS and network errors SendEmail can end with. An unknown name is retried:
// settling a failure nobody classified would lose an email in silence.

export type SesFailureKind =
  /** Permanent for this message (a malformed address or content): recorded as failed, never retried. */
  | 'permanent'
  /** The account or the SES setup is wrong (sandbox, paused, unverified): retried with backoff; a person must act. */
  | 'account'
  /** Passes by itself (throttling, an outage, the network): retried with backoff. */
  | 'transient';

export const SES_ERROR_KINDS: Readonly<Record<string, SesFailureKind>> = {
  // SendEmail's documented errors.
  MessageRejected: 'account', // sandbox: "Email address is not verified"; also a message SES refuses to relay
  AccountSendingPausedException: 'account', // SES paused the account (bounce/complaint review)
  ConfigurationSetSendingPausedException: 'account',
  ConfigurationSetDoesNotExistException: 'account',
  MailFromDomainNotVerifiedException: 'account',
  // Management errors SendEmail does not throw; if one ever comes, the setup is wrong.
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
  // Templated sends: the message itself cannot be rendered, resending it cannot help.
  InvalidTemplateException: 'permanent',
  InvalidRenderingParameterException: 'permanent',
  MissingRenderingAttributeException: 'permanent',
  // Generic query-protocol errors. InvalidParameterValue is SES's answer to a malformed address
  // ("Missing final '@domain'", "Illegal address"): permanent for this recipient.
  InvalidParameterValue: 'permanent',
  InvalidParameterCombination: 'permanent',
  AccessDenied: 'account', // the function's role lacks ses:SendEmail for this identity
  AccessDeniedException: 'account',
  InvalidClientTokenId: 'account',
  SignatureDoesNotMatch: 'account',
  ExpiredToken: 'transient',
  Throttling: 'transient', // "Maximum sending rate exceeded"; "Daily message quota exceeded" lifts the next day
  ThrottlingException: 'transient',
  ServiceUnavailable: 'transient',
  InternalFailure: 'transient',
  RequestTimeout: 'transient',
  TimeoutError: 'transient',
  RequestTimeoutException: 'transient',
};

export function classifySesError(name: string): SesFailureKind {
  return Object.hasOwn(SES_ERROR_KINDS, name) ? SES_ERROR_KINDS[name] : 'transient';
}
