// A list the API serves in cursor pages: the first page on mount and again whenever `filters`
// change, "Muat lebih banyak" for the next. Shared by the portal's public list and the consoles.
import { useEffect, useState } from 'preact/hooks';

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export function usePagedList<T>(fetchPage: (cursor?: string) => Promise<Page<T> | undefined>, filters: readonly unknown[] = []) {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState(false);
  const load = async (after?: string) => {
    setLoading(true);
    try {
      const page = await fetchPage(after);
      if (!page) throw new Error('the API gave no page');
      setItems((old) => (after ? [...old, ...page.items] : page.items));
      setCursor(page.nextCursor ?? null);
      setFailed(false);
    } catch {
      setFailed(true);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => void load(), filters);
  return { items, setItems, cursor, loading, failed, load };
}
