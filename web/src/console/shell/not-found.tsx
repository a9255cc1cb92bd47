import { Link } from 'wouter-preact';
import { PageTitle } from '../../ui/page-title';
import { useText } from '../text';
import { shellText } from './text';

/** Also what a page outside the user's role shows: the same answer as the API's 404. */
export function ConsoleNotFound() {
  const t = useText(shellText);
  return (
    <>
      <PageTitle>{t.notFoundTitle}</PageTitle>
      <p>{t.notFound}</p>
      <p>
        <Link href="/konsol">{t.backToConsole}</Link>
      </p>
    </>
  );
}
