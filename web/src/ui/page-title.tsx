import { useEffect, useRef } from 'preact/hooks';

let firstPage = true;

/** The page's h1: names the tab, and takes focus after a navigation so screen readers announce it. */
export function PageTitle(props: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.children} — Lapor`;
    if (firstPage) firstPage = false;
    else ref.current?.focus();
  }, [props.children]);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {props.children}
    </h1>
  );
}
