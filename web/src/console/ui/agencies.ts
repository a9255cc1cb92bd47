// The agency list, loaded once per console session: the queue filter, the picker and the names on
// timelines all use it. Changing an agency (the agencies page) refreshes it.
import { useEffect, useState } from 'preact/hooks';
import type { components } from '../../api/schema';
import { staffApi } from '../api';

export type Agency = components['schemas']['Agency'];

let cached: Promise<Agency[]> | undefined;
const listeners = new Set<(list: Agency[]) => void>();

async function fetchAgencies(): Promise<Agency[]> {
  const { data } = await (await staffApi()).GET('/admin/agencies');
  if (!data) throw new Error('agencies');
  return [...data.items].sort((a, b) => a.name.localeCompare(b.name, 'id'));
}

export function refreshAgencies(): Promise<Agency[]> {
  cached = fetchAgencies();
  cached.then((list) => listeners.forEach((l) => l(list))).catch(() => (cached = undefined));
  return cached;
}

/** undefined while loading; [] when the list could not be loaded. */
export function useAgencies(): Agency[] | undefined {
  const [list, setList] = useState<Agency[] | undefined>();
  useEffect(() => {
    listeners.add(setList);
    (cached ?? refreshAgencies()).then(setList).catch(() => setList([]));
    return () => void listeners.delete(setList);
  }, []);
  return list;
}

export const agencyName = (list: Agency[] | undefined, agencyId: string) => list?.find((a) => a.agencyId === agencyId)?.name ?? agencyId;
