import type { ConsolePage } from '../pages';

export const agencyPages: readonly ConsolePage[] = [];
