// Complaint counts as LAPOR! dashboards show them.

import { CLASSIFICATIONS, COMPLAINT_STATUSES, type Complaint, type ComplaintStatus } from './model';

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
}

export const UNCATEGORISED = '(tanpa kategori)';

export class SummaryCounter {
  private total = 0;
  private readonly statuses = new Map<ComplaintStatus, number>();
  private readonly classifications = new Map<Complaint['classification'], number>();
  private readonly categories = new Map<string, number>();

  add(c: Pick<Complaint, 'status' | 'classification' | 'category'>): void {
    this.total++;
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
    };
  }
}
