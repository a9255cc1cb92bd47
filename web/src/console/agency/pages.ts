import type { ConsolePage } from '../pages';
import { DispositionPage } from './disposition/disposition-page';
import { InboxPage } from './inbox/inbox-page';
import { PerformancePage } from './performance/performance-page';

export const agencyPages: readonly ConsolePage[] = [
  { path: '/konsol/disposisi', roles: ['agency'], nav: 'inbox', component: InboxPage },
  { path: '/konsol/disposisi/:trackingId', roles: ['agency'], component: DispositionPage },
  { path: '/konsol/kinerja', roles: ['agency'], nav: 'performance', component: PerformancePage },
];
