import type { ConsolePage } from '../pages';
import { DashboardPage } from './dashboard/dashboard-page';

export const compliancePages: readonly ConsolePage[] = [
  { path: '/konsol/kepatuhan', roles: ['admin', 'auditor'], nav: 'compliance', component: DashboardPage },
];
