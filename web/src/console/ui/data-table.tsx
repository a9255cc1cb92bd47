import type { ComponentChildren } from 'preact';

/**
 * The consoles' tables: a caption, one header row, the rows. On a phone `.data-table` stacks each
 * row into a card, so every cell carries its column's name in `data-label`.
 */
export function DataTable(props: {
  caption: string;
  /** Read by screen readers only (the page's heading already says it). */
  captionHidden?: boolean;
  columns: readonly (string | false)[];
  busy?: boolean;
  children: ComponentChildren;
}) {
  return (
    <table class="data-table" aria-busy={props.busy === undefined ? undefined : props.busy ? 'true' : 'false'}>
      <caption class={props.captionHidden ? 'visually-hidden' : undefined}>{props.caption}</caption>
      <thead>
        <tr>
          {props.columns.filter((c): c is string => c !== false).map((column) => (
            <th scope="col" key={column}>
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}
