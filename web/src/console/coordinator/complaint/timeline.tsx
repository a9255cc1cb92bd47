import type { components } from '../../../api/schema';
import { useI18n } from '../../../i18n';
import { formatDate } from '../../../ui/format';
import { useRegion } from '../../../ui/region';
import { useText } from '../../text';
import { agencyName, type Agency } from '../../ui/agencies';
import { timelineText } from './timeline-text';

type Entry = components['schemas']['TimelineEntry'];

export function Timeline(props: { entries: readonly Entry[]; agencies: Agency[] | undefined; labelledBy: string }) {
  const t = useText(timelineText);
  const { t: portal, lang } = useI18n();
  const region = useRegion();
  const agency = (id?: string) => agencyName(props.agencies, id ?? '');
  const categoryLabel = (id: string) => region.categories.find((c) => c.id === id)?.label ?? id;
  const valueOf = (field: string, value: unknown) => {
    const text = String(value ?? '');
    if (!text) return t.empty;
    if (field === 'category') return categoryLabel(text);
    if (field === 'classification') return portal.classification[text as 'ASPIRASI'] ?? text;
    return text;
  };
  const sentence = (e: Entry): string => {
    const d = e.details ?? {};
    switch (e.type) {
      case 'SUBMITTED':
        return d.channel ? t.keyedIn(t.channel[String(d.channel)] ?? String(d.channel)) : t.submitted;
      case 'VERIFIED':
        return t.verified[String(d.action)] ?? t.verified.DISPOSITION!;
      case 'DISPOSITIONED':
        return `${t.dispositioned(String(d.agencyName ?? agency(e.agencyId)))}${d.reactivated ? ` (${t.reactivated})` : ''}`;
      case 'FOLLOWED_UP':
        return `${t.followedUp(agency(e.agencyId))}${d.final ? ` (${t.final})` : ''}`;
      case 'DISPOSITION_COMPLETED':
        return t.completed(agency(e.agencyId));
      case 'DISPOSITION_RETURNED':
        return t.returned(agency(e.agencyId));
      case 'DISPOSITION_WITHDRAWN':
        return t.withdrawn(agency(e.agencyId));
      case 'REPORTER_RESPONDED':
        return `${t.responded}${typeof d.rating === 'number' ? ` (${t.rating(d.rating)})` : ''}`;
      case 'REOPENED':
        return t.reopened;
      case 'STATUS_CHANGED':
        return t.statusChanged(portal.status[e.fromStatus ?? ''] ?? '', portal.status[e.toStatus ?? ''] ?? '');
      case 'ESCALATION_ELIGIBLE':
        return t.eligible;
      case 'ESCALATED':
        return t.escalated;
      case 'ESCALATION_SENT':
        return t.escalationSent;
      case 'NOTIFICATION_FAILED':
        return t.notificationFailed;
      case 'ATTACHMENT_ADDED':
        return t.attachment;
      case 'CLOSED':
        return t.closed(Number(d.workingDays));
      case 'CORRECTED': {
        const field = String(d.field);
        return t.corrected(t.fields[field] ?? field, valueOf(field, d.from), valueOf(field, d.to));
      }
    }
  };
  const who = (e: Entry) => (e.actor.role === 'agency' ? agency(e.actor.agencyId) : t.by[e.actor.role]!);
  // A notification's failure reason is the provider's text (English): kept out of the sentence, shown as detail.
  const detail = (e: Entry) => e.message ?? (e.type === 'NOTIFICATION_FAILED' ? String(e.details?.reason ?? '') : undefined);
  return (
    <ol class="timeline" aria-labelledby={props.labelledBy}>
      {props.entries.map((e) => (
        <li key={e.seq}>
          <p class="meta">
            {formatDate(e.at, lang, region.timeZone, true)} · {t.by_(who(e))}
          </p>
          <p class="timeline-what">{sentence(e)}</p>
          {detail(e) && <p class="timeline-message">{detail(e)}</p>}
        </li>
      ))}
    </ol>
  );
}
