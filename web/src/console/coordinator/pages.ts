// The coordinator's console: the queue, one complaint, key-in, agencies, staff, undelivered emails.
// /konsol/aduan/baru comes before /konsol/aduan/:trackingId (the first matching route wins).
import type { ConsolePage } from '../pages';
import { AgenciesPage } from './agencies/agencies-page';
import { ComplaintPage } from './complaint/complaint-page';
import { KeyInPage } from './key-in/key-in-page';
import { QueuePage } from './queue/queue-page';
import { StaffPage } from './staff/staff-page';
import { UndeliveredPage } from './undelivered/undelivered-page';

export const coordinatorPages: readonly ConsolePage[] = [
  { path: '/konsol/aduan', roles: ['admin'], nav: 'queue', component: QueuePage },
  { path: '/konsol/aduan/baru', roles: ['admin'], nav: 'keyIn', component: KeyInPage },
  { path: '/konsol/aduan/:trackingId', roles: ['admin'], component: ComplaintPage },
  { path: '/konsol/opd', roles: ['admin'], nav: 'agencies', component: AgenciesPage },
  { path: '/konsol/staf', roles: ['admin'], nav: 'staff', component: StaffPage },
  { path: '/konsol/email-gagal', roles: ['admin'], nav: 'undelivered', component: UndeliveredPage },
];
