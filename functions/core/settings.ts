// The region's rules the domain needs at run time. Loaded from the region config (lib/config.ts)
// and handed to Lambda functions as one environment variable.

export interface RegionSettings {
  regionName: string;
  /** IANA time zone for working days, periods and schedules, e.g. "Asia/Jakarta". */
  timeZone: string;
  /** Prefix of tracking IDs, e.g. "BLR". */
  trackingPrefix: string;
  /** %TL passing grade, compared with the exact value. */
  passingGrade: number;
  verificationWorkingDays: number;
  followUpWorkingDays: number;
  /** Working days a completed report waits for its reporter's reply or reopen before it closes (LAPOR!: 10). */
  autoCloseWorkingDays: number;
  /** Calendar days without follow-up after which a report may go to the Ombudsman. */
  escalationDays: number;
  /** Calendar days after completion during which the reporter may reopen. */
  reopenWindowDays: number;
  /** Region-specific non-working days (YYYY-MM-DD) on top of the national calendar. */
  extraHolidays: string[];
  /** At most one %TL warning per agency per cadence period; sent on its regular day or when an agency falls below. */
  warningCadence: 'daily' | 'weekly' | 'monthly';
  /** Complaints one client (source IP) may file per hour; people behind one carrier NAT share it. */
  submissionsPerClientPerHour: number;
  /** Evidence files: at most maxBytes each, and maxPerComplaint per complaint (uploads in progress included). */
  attachments: { maxBytes: number; maxPerComplaint: number };
  /** The categories a complaint may carry (stored by id); the form and the import use this list. */
  categories: Category[];
  /** Kecamatan and their desa, offered by the form when the region lists them. */
  areas: Array<{ kecamatan: string; desa: string[] }>;
  /** The citizen portal's address: emails to reporters link to its tracking page. */
  webUrl: string;
}

export interface Category {
  id: string;
  label: string;
}

/** LAPOR!'s common topics, for a region that lists none of its own. */
export const DEFAULT_CATEGORIES: Category[] = [
  { id: 'infrastruktur', label: 'Infrastruktur' },
  { id: 'kesehatan', label: 'Kesehatan' },
  { id: 'pendidikan', label: 'Pendidikan' },
  { id: 'kependudukan', label: 'Administrasi kependudukan' },
  { id: 'lingkungan', label: 'Lingkungan hidup' },
  { id: 'perhubungan', label: 'Perhubungan' },
  { id: 'sosial', label: 'Sosial' },
  { id: 'perizinan', label: 'Perizinan' },
  { id: 'pelayanan-publik', label: 'Pelayanan publik' },
  { id: 'lainnya', label: 'Lainnya' },
];

/** The id of the category a value names, by id or (ignoring case) by label; undefined if none. */
export function categoryIdOf(categories: readonly Category[], value: string): string | undefined {
  const wanted = value.trim().toLowerCase();
  return categories.find((c) => c.id === wanted || c.label.toLowerCase() === wanted)?.id;
}

/** 10 MB: a phone photo or a scanned letter, well under what a slow connection can upload. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_ATTACHMENTS_PER_COMPLAINT = 5;

export const DEFAULT_SETTINGS: RegionSettings = {
  regionName: 'Tuntas',
  timeZone: 'Asia/Jakarta',
  trackingPrefix: 'TNT',
  passingGrade: 60,
  verificationWorkingDays: 3,
  followUpWorkingDays: 5,
  autoCloseWorkingDays: 10,
  escalationDays: 60,
  reopenWindowDays: 30,
  extraHolidays: [],
  warningCadence: 'weekly',
  submissionsPerClientPerHour: 30,
  attachments: { maxBytes: DEFAULT_ATTACHMENT_MAX_BYTES, maxPerComplaint: DEFAULT_ATTACHMENTS_PER_COMPLAINT },
  categories: DEFAULT_CATEGORIES,
  areas: [],
  webUrl: 'http://localhost:3002',
};
