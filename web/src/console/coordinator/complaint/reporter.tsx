// The reporter's identity and contact, as the API gives them to the coordinator: never an anonymous
// reporter's, which the API does not send.
import { useText } from '../../text';
import { complaintText } from './text';
import type { AdminView } from './types';

export function Reporter(props: { view: AdminView }) {
  const t = useText(complaintText);
  const r = props.view.reporter;
  const contact = r && (r.name || r.email || r.phone) ? (
    <dl class="facts">
      {r.name && <div><dt>{t.reporterName}</dt><dd>{r.name}</dd></div>}
      {r.email && <div><dt>{t.email}</dt><dd><a href={`mailto:${r.email}`}>{r.email}</a></dd></div>}
      {r.phone && <div><dt>{t.phone}</dt><dd><a href={`tel:${r.phone}`}>{r.phone}</a></dd></div>}
    </dl>
  ) : (
    <p>{t.noContact}</p>
  );
  return (
    <>
      <h2>{t.reporter}</h2>
      {props.view.anonymous ? <p>{t.anonymousNotice}</p> : contact}
    </>
  );
}
