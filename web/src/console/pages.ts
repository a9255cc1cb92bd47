// Every console page, from each capability's own list: the routes, who may open each one, and the
// menu. A page a role may not open is "not found" for that role, as the API answers 404.
import type { ComponentType } from 'preact';
import type { StaffRole } from '../auth/session';
import type { shellText } from './shell/text';
import { agencyPages } from './agency/pages';
import { coordinatorPages } from './coordinator/pages';
import { compliancePages } from './compliance/pages';

export interface ConsolePage {
  /** wouter pattern under /konsol, e.g. /konsol/aduan/:id */
  path: string;
  roles: readonly StaffRole[];
  /** Shown in the menu (for the roles above) under this label. */
  nav?: keyof Omit<(typeof shellText)['id']['nav'], 'label'>;
  component: ComponentType<{ params: Record<string, string | undefined> }>;
}

export const CONSOLE_PAGES: readonly ConsolePage[] = [...coordinatorPages, ...agencyPages, ...compliancePages];

/** Where a role lands at /konsol: its first menu entry. */
export function homeOf(role: StaffRole): string | undefined {
  return CONSOLE_PAGES.find((page) => page.nav && page.roles.includes(role))?.path;
}
