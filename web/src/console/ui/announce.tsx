// A live region that is always in the page, so what is written into it is read out (role=status).
export function Announcement(props: { message?: string }) {
  return (
    <p role="status" class={props.message ? 'announce' : 'visually-hidden'}>
      {props.message ?? ''}
    </p>
  );
}

/** Problems after an action: read out at once (role=alert). */
export function Problems(props: { title: string; items: readonly string[] }) {
  if (props.items.length === 0) return null;
  return (
    <div class="error-summary" role="alert">
      <h2>{props.title}</h2>
      <ul>
        {props.items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  );
}
