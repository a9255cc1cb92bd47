import type { ConsolePage } from '../pages';

export const coordinatorPages: readonly ConsolePage[] = [];
