import type { components } from '../../../api/schema';

export type AdminView = components['schemas']['AdminComplaintView'];
export type AdminDisposition = components['schemas']['AdminDispositionView'];
