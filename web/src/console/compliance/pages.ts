import type { ConsolePage } from '../pages';

export const compliancePages: readonly ConsolePage[] = [];
