// Realistic SP4N-LAPOR! history as import CSV (functions/core/import-plan.ts), deterministic from a
// seed: N complaints over several years, several agencies with different follow-up habits, every
// disposition status, complaints without disposition (SUBMITTED, ON_HOLD, ARCHIVED, NOT_AUTHORITY),
// anonymous and confidential reports, complaints sent to two or three agencies, numeric LAPOR!
// numbers and PREFIX-CODE IDs, timestamps in WIB, WITA and UTC, and text that needs CSV quoting
// (commas, quotes, line breaks). Every data set it makes is valid: the import accepts all of it.
//
// For tests: laporCsv({ complaints: 200, seed: 7 }) gives the whole text. For benchmarks:
// writeLaporCsv(path, { rows: 100_000 }) streams to a file without holding the rows.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { csvRow } from '../../functions/core/csv';
import { IMPORT_COLUMNS, type ImportColumn } from '../../functions/core/import-plan';
import { prng, type Prng } from './prng';

export type LaporCsvRow = Record<ImportColumn, string>;

export interface LaporDataSetOptions {
  /** Number of complaints (default 100); or give `rows` to stop once that many rows are made. */
  complaints?: number;
  rows?: number;
  seed?: number;
  /** First year of the history (default 2020) and how many years it spans (default 5). */
  startYear?: number;
  years?: number;
  /** Agency IDs (default: the agencies of config/blora.json). */
  agencies?: readonly string[];
  /**
   * Row order: 'complaint' keeps the rows of a complaint together; 'interleaved' (default) moves a
   * multi-agency complaint's later rows a few dozen complaints further down, as a file sorted by
   * disposition date would; 'agency' sorts by agency (rows of a complaint far apart).
   */
  order?: 'complaint' | 'interleaved' | 'agency';
}

export const BLORA_AGENCIES = [
  'dinkominfo',
  'dpupr',
  'dinkes',
  'disdik',
  'dukcapil',
  'dlh',
  'dishub',
  'dinsos',
  'rsud-soetijono',
  'dpmptsp',
] as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;


const TOPICS: ReadonlyArray<{ category: string; agencies: readonly string[]; titles: readonly string[]; details: readonly string[] }> = [
  {
    category: 'Infrastruktur',
    agencies: ['dpupr', 'dishub'],
    titles: ['Jalan berlubang di {place}', 'Jembatan rusak di {place}', 'Saluran air tersumbat di {place}', 'Lampu jalan mati di {place}'],
    details: [
      'Lubang besar di depan pasar sudah dua bulan, membahayakan pengendara motor, terutama malam hari.',
      'Kondisi jalan rusak parah setelah hujan, warga kesulitan lewat, mohon segera diperbaiki.',
      'Saluran air meluap ke rumah warga setiap hujan deras. Sudah dilaporkan ke desa tetapi belum ada tindakan.',
    ],
  },
  {
    category: 'Kesehatan',
    agencies: ['dinkes', 'rsud-soetijono'],
    titles: ['Antrean panjang di puskesmas {place}', 'Pelayanan IGD lambat', 'Obat kosong di puskesmas {place}'],
    details: [
      'Pasien BPJS harus antre sejak subuh, petugas pendaftaran hanya satu orang.',
      'Keluarga kami menunggu lebih dari tiga jam di IGD tanpa kejelasan, padahal kondisi pasien "darurat".',
      'Obat hipertensi kosong sudah sebulan, pasien disuruh membeli sendiri di apotek.',
    ],
  },
  {
    category: 'Pendidikan',
    agencies: ['disdik'],
    titles: ['Pungutan di SD {place}', 'Atap kelas bocor di SMP {place}', 'Dana BOS tidak transparan'],
    details: [
      'Orang tua murid diminta membayar uang seragam dan "sumbangan gedung" yang tidak jelas dasarnya.',
      'Atap ruang kelas bocor, siswa belajar di lantai saat hujan; mohon perhatian dinas.',
    ],
  },
  {
    category: 'Administrasi Kependudukan',
    agencies: ['dukcapil'],
    titles: ['KTP-el belum jadi', 'Pengurusan akta kelahiran lama', 'Blangko KTP habis di kecamatan {place}'],
    details: [
      'Sudah rekam KTP-el sejak enam bulan lalu tetapi belum juga dicetak, alasannya blangko habis.',
      'Akta kelahiran anak kami belum selesai setelah dua bulan, padahal syarat sudah lengkap.',
    ],
  },
  {
    category: 'Lingkungan Hidup',
    agencies: ['dlh'],
    titles: ['Sampah menumpuk di {place}', 'Limbah pabrik mencemari sungai di {place}', 'Pembakaran sampah di {place}'],
    details: [
      'Sampah tidak diangkut selama dua minggu, bau menyengat dan banyak lalat.',
      'Air sungai berwarna hitam dan berbau sejak pabrik tahu beroperasi, ikan banyak yang mati.',
    ],
  },
  {
    category: 'Sosial',
    agencies: ['dinsos'],
    titles: ['Bantuan sosial tidak tepat sasaran di {place}', 'Lansia belum menerima BLT', 'Data DTKS tidak diperbarui'],
    details: [
      'Warga yang mampu menerima bantuan, sementara janda lansia di RT kami tidak terdaftar.',
      'Ibu saya terdaftar di DTKS tetapi sudah tiga bulan tidak menerima bantuan.',
    ],
  },
  {
    category: 'Perizinan',
    agencies: ['dpmptsp', 'dinkominfo'],
    titles: ['Izin usaha tidak kunjung terbit', 'Website layanan perizinan tidak bisa diakses', 'Pungli pengurusan izin'],
    details: [
      'Pengajuan NIB dan izin usaha sudah lebih dari sebulan tanpa kabar, padahal dijanjikan tujuh hari kerja.',
      'Situs layanan daring sering tidak bisa diakses, sehingga warga harus datang langsung ke kantor.',
    ],
  },
];

const PLACES = ['Cepu', 'Randublatung', 'Ngawen', 'Kunduran', 'Jepon', 'Banjarejo', 'Todanan', 'Jati', 'Kradenan', 'Sambong', 'Jiken', 'Bogorejo'];
const FIRST_NAMES = ['Sri', 'Budi', 'Siti', 'Agus', 'Dewi', 'Joko', 'Rina', 'Wahyu', 'Endang', 'Slamet', 'Nur', 'Eko', 'Yuni', 'Bambang', 'Tri'];
const LAST_NAMES = ['Lestari', 'Santoso', 'Rahayu', 'Wibowo', 'Susanti', 'Prasetyo', 'Hidayat', 'Purwanti', 'Setiawan', 'Wulandari'];
const CLOSINGS = ['', ' Terima kasih.', '\nMohon segera ditindaklanjuti.', ' Atas perhatiannya, kami ucapkan terima kasih.'];
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** ISO-8601 with an offset: mostly WIB (+07:00), some WITA (+08:00) and UTC. */
function timestamp(t: number, rng: Prng): string {
  const offsetHours = rng.chance(0.8) ? 7 : rng.chance(0.5) ? 8 : 0;
  const local = new Date(t + offsetHours * HOUR).toISOString().slice(0, 19);
  return offsetHours === 0 ? `${local}Z` : `${local}+0${offsetHours}:00`;
}

function base32(n: number, length: number): string {
  let out = '';
  let v = n;
  for (let i = 0; i < length; i++) {
    out = BASE32[v % 32] + out;
    v = Math.floor(v / 32);
  }
  return out;
}

interface Complaint {
  rows: LaporCsvRow[];
}

/** The complaints of a data set, one at a time (rows of each together). */
function* complaints(options: LaporDataSetOptions): Generator<Complaint> {
  const rng = prng(options.seed ?? 1);
  const startYear = options.startYear ?? 2020;
  const years = options.years ?? 5;
  const agencies = options.agencies ?? BLORA_AGENCIES;
  const start = Date.UTC(startYear, 0, 1) - 7 * HOUR; // 1 January, 00:00 WIB
  const end = Date.UTC(startYear + years, 0, 1) - 7 * HOUR - 1;
  const expected = options.complaints ?? Math.ceil((options.rows ?? 125) / 1.27);
  const span = end - 30 * DAY - start;
  // Each agency has its own habits, so %TL differs between agencies.
  const followUpRate = new Map(agencies.map((a) => [a, rng.between(0.35, 0.95)]));

  let rows = 0;
  for (let i = 0; ; i++) {
    if (options.complaints !== undefined ? i >= options.complaints : rows >= (options.rows ?? 125)) return;
    const submitted = start + Math.min(span, Math.floor(((i + rng.next()) / expected) * span));
    const topic = rng.pick(TOPICS);
    const place = rng.pick(PLACES);
    const trackingId = rng.chance(0.9) ? String(3_000_000 + i * 3 + rng.int(0, 2)) : `BLR-${base32(i, 10)}`;
    const anonymous = rng.chance(0.15);
    const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    const base: Omit<LaporCsvRow, 'agency_id' | 'dispositioned_at' | 'disposition_status' | 'first_follow_up_at' | 'completed_at' | 'complaint_status'> = {
      tracking_id: trackingId,
      submitted_at: timestamp(submitted, rng),
      classification: rng.chance(0.7) ? 'PENGADUAN' : rng.chance(0.67) ? 'ASPIRASI' : 'PERMINTAAN_INFORMASI',
      title: rng.pick(topic.titles).replace('{place}', place),
      description: `${rng.pick(topic.details)} Lokasi: Kecamatan ${place}, Kabupaten Blora.${rng.pick(CLOSINGS)}`,
      category: rng.chance(0.9) ? topic.category : '',
      anonymous: anonymous ? 'true' : 'false',
      confidential: rng.chance(0.07) ? 'true' : 'false',
      reporter_name: rng.chance(0.95) ? name : '',
      reporter_email: rng.chance(0.7) ? `${name.toLowerCase().replace(' ', '.')}${i}@mail.example` : '',
      reporter_phone: rng.chance(0.6) ? `+628${String(rng.int(100_000_000, 999_999_999))}` : '',
    };
    const noAgency = { agency_id: '', dispositioned_at: '', disposition_status: '', first_follow_up_at: '', completed_at: '' };

    // About 8% never reached an agency.
    if (rng.chance(0.08)) {
      const status = rng.pick(['SUBMITTED', 'ON_HOLD', 'ARCHIVED', 'ARCHIVED', 'NOT_AUTHORITY'] as const);
      rows += 1;
      yield { rows: [{ ...base, ...noAgency, complaint_status: status }] };
      continue;
    }

    const count = rng.chance(0.8) ? 1 : rng.chance(0.75) ? 2 : 3;
    const chosen: string[] = [];
    const preferred = topic.agencies.filter((a) => agencies.includes(a));
    while (chosen.length < Math.min(count, agencies.length)) {
      const candidate = chosen.length === 0 && preferred.length > 0 && rng.chance(0.85) ? rng.pick(preferred) : rng.pick(agencies);
      if (!chosen.includes(candidate)) chosen.push(candidate);
    }
    const firstDisposition = submitted + rng.between(HOUR, 5 * DAY);
    const dispositioned = chosen.map((_, k) =>
      k === 0 || rng.chance(0.6) ? firstDisposition : firstDisposition + Math.floor(rng.between(HOUR, 2 * DAY)),
    );
    // Follow-ups come after the last disposition, so no agency is added to a completed complaint.
    const lastDisposition = Math.max(...dispositioned);
    const out: LaporCsvRow[] = chosen.map((agencyId, k) => {
      const row: LaporCsvRow = {
        ...base,
        ...noAgency,
        agency_id: agencyId,
        dispositioned_at: timestamp(dispositioned[k]!, rng),
        disposition_status: 'PENDING',
        complaint_status: '',
      };
      if (rng.chance(0.06)) return { ...row, disposition_status: 'RETURNED' };
      if (!rng.chance(followUpRate.get(agencyId) ?? 0.6)) return row;
      const followUp = lastDisposition + Math.floor(rng.between(HOUR, 10 * DAY));
      if (followUp > end) return row;
      if (!rng.chance(0.75)) return { ...row, disposition_status: 'IN_PROGRESS', first_follow_up_at: timestamp(followUp, rng) };
      const completed = rng.chance(0.3) ? followUp : followUp + Math.floor(rng.between(HOUR, 20 * DAY));
      if (completed > end) return { ...row, disposition_status: 'IN_PROGRESS', first_follow_up_at: timestamp(followUp, rng) };
      return {
        ...row,
        disposition_status: 'COMPLETED',
        first_follow_up_at: timestamp(followUp, rng),
        completed_at: timestamp(completed, rng),
      };
    });
    rows += out.length;
    yield { rows: out };
  }
}

/** The rows of a data set in the requested order. 'agency' order holds every row in memory. */
export function* laporRows(options: LaporDataSetOptions = {}): Generator<LaporCsvRow> {
  const order = options.order ?? 'interleaved';
  if (order === 'agency') {
    const all = [...complaints(options)].flatMap((c) => c.rows);
    all.sort((a, b) => (a.agency_id < b.agency_id ? -1 : a.agency_id > b.agency_id ? 1 : 0));
    yield* all;
    return;
  }
  // Rows held back, keyed by the complaint index after which they are written.
  const deferred = new Map<number, LaporCsvRow[]>();
  let index = 0;
  for (const complaint of complaints(options)) {
    const [first, ...rest] = complaint.rows;
    yield first!;
    if (order === 'complaint') yield* rest;
    else if (rest.length > 0) {
      const at = index + 17 + (index % 29);
      deferred.set(at, [...(deferred.get(at) ?? []), ...rest]);
    }
    const due = deferred.get(index);
    if (due) {
      deferred.delete(index);
      yield* due;
    }
    index++;
  }
  for (const key of [...deferred.keys()].sort((a, b) => a - b)) yield* deferred.get(key)!;
}

export const laporHeader = (): string => csvRow(IMPORT_COLUMNS);
export const laporLine = (row: LaporCsvRow): string => csvRow(IMPORT_COLUMNS.map((c) => row[c]));

/** A whole data set as CSV text (header first, CRLF line ends). */
export function laporCsv(options: LaporDataSetOptions = {}): string {
  let text = laporHeader();
  for (const row of laporRows(options)) text += laporLine(row);
  return text;
}

/** Rows as CSV text, e.g. hand-written rows in tests (missing columns are empty). */
export function csvOf(rows: ReadonlyArray<Partial<LaporCsvRow>>): string {
  return laporHeader() + rows.map((r) => csvRow(IMPORT_COLUMNS.map((c) => r[c] ?? ''))).join('');
}

/** Streams a data set to a file; returns how many rows and complaints it holds. */
export async function writeLaporCsv(path: string, options: LaporDataSetOptions = {}): Promise<{ rows: number; complaints: number }> {
  const out = createWriteStream(path, 'utf8');
  const ids = new Set<string>();
  let rows = 0;
  let buffer = laporHeader();
  for (const row of laporRows(options)) {
    buffer += laporLine(row);
    rows++;
    ids.add(row.tracking_id);
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return { rows, complaints: ids.size };
}
