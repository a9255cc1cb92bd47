// The reporter's identity and contact, as the API gives them to the coordinator. For an anonymous
// reporter the audit view still carries them; the page keeps them folded behind a deliberate click,
// so they never show on a screen by default.
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
      {props.view.anonymous ? (
        <>
          <p>{t.anonymousNotice}</p>
          {r && (
            <details class="identity">
              <summary>{t.showIdentity}</summary>
              {contact}
            </details>
          )}
        </>
      ) : (
        contact
      )}
    </>
  );
}
