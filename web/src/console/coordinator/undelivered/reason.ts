// The provider's error ("Name: message", in English) as a plain sentence, by the error's name.
type Reason = 'address' | 'rejected' | 'paused' | 'sender' | 'access' | 'throttled' | 'unavailable' | 'other';

const BY_NAME: Array<[RegExp, Reason]> = [
  [/^Invalid(ParameterValue|ParameterCombination)$/, 'address'],
  [/^MessageRejected$/, 'rejected'],
  [/SendingPaused/, 'paused'],
  [/(MailFromDomain|FromEmailAddress)NotVerified|ProductionAccessNotGranted/, 'sender'],
  [/^AccessDenied|InvalidClientTokenId|SignatureDoesNotMatch/, 'access'],
  [/^Throttling/, 'throttled'],
  [/ServiceUnavailable|InternalFailure|Timeout|ECONN|ETIMEDOUT|ExpiredToken/, 'unavailable'],
];

export function reasonOf(raw: string): Reason {
  const name = raw.split(':')[0]!.trim();
  return BY_NAME.find(([pattern]) => pattern.test(name))?.[1] ?? 'other';
}
