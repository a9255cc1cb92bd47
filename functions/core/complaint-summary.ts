// Complaint counts as LAPOR! dashboards show them.

import { CHANNELS, CLASSIFICATIONS, COMPLAINT_STATUSES, type Channel, type Complaint, type ComplaintStatus } from './model';

/** The Indonesian names auditors know from LAPOR! dashboards. */
export const STATUS_DASHBOARD_LABELS: Record<ComplaintStatus, string> = {
  SUBMITTED: 'belum terverifikasi',
  DISPOSITIONED: 'terdisposisi belum ditindaklanjuti',
  IN_PROGRESS: 'proses',
  COMPLETED: 'selesai',
  ON_HOLD: 'tunda',
  ARCHIVED: 'arsip',
  NOT_AUTHORITY: 'bukan wewenang',
  RETURNED: 'dikembalikan ke koordinator',
  ESCALATED: 'diteruskan ke Ombudsman',
};

export interface ComplaintSummary {
  total: number;
  byStatus: Array<{ status: ComplaintStatus; label: string; count: number }>;
  byClassification: Array<{ classification: Complaint['classification']; count: number }>;
  /** Most frequent first; complaints without a category count as "(tanpa kategori)". */
  byCategory: Array<{ category: string; count: number }>;
  /** How the complaints came in: the portal (WEB) or keyed in by the coordinator. */
  byChannel: Array<{ channel: Channel; count: number }>;
}

export const UNCATEGORISED = '(tanpa kategori)';

export class SummaryCounter {
  private total = 0;
  private readonly statuses = new Map<ComplaintStatus, number>();
  private readonly classifications = new Map<Complaint['classification'], number>();
  private readonly categories = new Map<string, number>();
  private readonly channels = new Map<Channel, number>();

  add(c: Pick<Complaint, 'status' | 'classification' | 'category' | 'channel'>): void {
    this.total++;
    const channel = c.channel ?? 'WEB';
    this.channels.set(channel, (this.channels.get(channel) ?? 0) + 1);
    this.statuses.set(c.status, (this.statuses.get(c.status) ?? 0) + 1);
    this.classifications.set(c.classification, (this.classifications.get(c.classification) ?? 0) + 1);
    const category = c.category ?? UNCATEGORISED;
    this.categories.set(category, (this.categories.get(category) ?? 0) + 1);
  }

  result(): ComplaintSummary {
    return {
      total: this.total,
      byStatus: COMPLAINT_STATUSES.map((status) => ({
        status,
        label: STATUS_DASHBOARD_LABELS[status],
        count: this.statuses.get(status) ?? 0,
      })),
      byClassification: CLASSIFICATIONS.map((classification) => ({
        classification,
        count: this.classifications.get(classification) ?? 0,
      })),
      byCategory: [...this.categories.entries()]
        .map(([category, count]) => ({ category, count }))
        .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category, 'id')),
      byChannel: CHANNELS.map((channel) => ({ channel, count: this.channels.get(channel) ?? 0 })),
    };
  }
}
