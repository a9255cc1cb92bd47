// What an undelivered email was, from its ledger key (the services build the keys:
// NOTIFY#<trackingId>#<seq>, WARNING#<agencyId>#<period>, SUMMARY#<date>, OMBUDSMAN#<trackingId>,
// DIGEST#<agencyId>#<date>), for GET /admin/notifications/undelivered.

export const NOTIFICATION_KINDS = ['NOTIFICATION', 'COMPLIANCE_WARNING', 'COORDINATOR_SUMMARY', 'OMBUDSMAN_FORWARD', 'AGENCY_DIGEST', 'OTHER'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

const BY_PREFIX: Record<string, { kind: NotificationKind; subject?: 'trackingId' | 'agencyId' }> = {
  NOTIFY: { kind: 'NOTIFICATION', subject: 'trackingId' },
  WARNING: { kind: 'COMPLIANCE_WARNING', subject: 'agencyId' },
  SUMMARY: { kind: 'COORDINATOR_SUMMARY' },
  OMBUDSMAN: { kind: 'OMBUDSMAN_FORWARD', subject: 'trackingId' },
  DIGEST: { kind: 'AGENCY_DIGEST', subject: 'agencyId' },
};

export function describeNotificationKey(key: string): { kind: NotificationKind; trackingId?: string; agencyId?: string } {
  const [prefix, subject] = key.split('#');
  const known = Object.hasOwn(BY_PREFIX, prefix) ? BY_PREFIX[prefix] : undefined;
  if (!known) return { kind: 'OTHER' };
  return { kind: known.kind, ...(known.subject && subject && { [known.subject]: subject }) };
}
