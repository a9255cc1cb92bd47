import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { RegionInfo } from '../api/client';

export const Region = createContext<RegionInfo | undefined>(undefined);
export function useRegion(): RegionInfo {
  const region = useContext(Region);
  if (!region) throw new Error('useRegion outside the loaded app');
  return region;
}
