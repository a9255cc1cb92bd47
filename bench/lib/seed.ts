// Seeding benchmark data straight into the tables, in the adapters' own item layout: complaint
// and disposition items come from DynamoComplaintRepository's own item mappers (so the GSI
// attributes statusPk, entityType, agencyPk, agencyStatusPk and listSk are exactly what the
// adapter writes), counter items from recountCounters over the seeded dispositions (exactly what
// the reconciliation job would store), agency items as DynamoAgencyRepository puts them.
// BatchWriteItem, 25 items a call, many calls in flight: an API-driven seed of 100,000 complaints
// would take far longer than the benchmark itself.

import { createHash } from 'node:crypto';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoComplaintRepository } from '../../functions/adapters/dynamodb/complaint-repository';
import { AGENCIES_PK, agencySk } from '../../functions/adapters/dynamodb/keys';
import { counterItem } from '../../functions/adapters/dynamodb/compliance-repository';
import type { WorkingDayCalendar } from '../../functions/core/calendar';
import type { Agency, Classification, Complaint, Disposition } from '../../functions/core/model';
import type { CounterRecord } from '../../functions/ports/compliance';
import { prng, type Prng } from '../../test/support/prng';

export type Item = Record<string, unknown>;

/** Item mappers of the complaint repository (private there; reused so the layout cannot drift). */
export function itemMappers(tables: { complaints: string; agencies: string }) {
  const repository = new DynamoComplaintRepository(undefined as unknown as DynamoDBDocumentClient, tables);
  const mappers = repository as unknown as {
    complaintItem(c: Complaint): Item;
    dispositionItem(d: Disposition): Item;
  };
  return {
    complaint: (c: Complaint): Item => mappers.complaintItem(c),
    disposition: (d: Disposition): Item => mappers.dispositionItem(d),
    /** As DynamoComplianceRepository.replaceCounters writes a counter item. */
    counters: (c: CounterRecord): Item => counterItem(c, 1),
    /** As DynamoAgencyRepository.put writes an agency. */
    agency: (a: Agency): Item => ({ pk: AGENCIES_PK, sk: agencySk(a.agencyId), ...a }),
  };
}

export interface BatchWriterStats {
  items: number;
  calls: number;
  /** Items DynamoDB handed back as unprocessed and that were written again. */
  retried: number;
}

/**
 * Writes items with BatchWriteItem, 25 per call, `concurrency` calls in flight. Unprocessed items
 * are retried with backoff. Feed it with push(); await flush() at the end.
 */
export class BatchWriter {
  readonly stats: BatchWriterStats = { items: 0, calls: 0, retried: 0 };
  private buffer: Array<{ table: string; item: Item }> = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly concurrency = 16,
  ) {}

  async push(table: string, item: Item): Promise<void> {
    this.buffer.push({ table, item });
    if (this.buffer.length >= 25) await this.dispatch(this.buffer.splice(0, 25));
  }

  async flush(): Promise<BatchWriterStats> {
    if (this.buffer.length > 0) await this.dispatch(this.buffer.splice(0));
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
    return this.stats;
  }

  private async dispatch(batch: Array<{ table: string; item: Item }>): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    const write = this.write(batch)
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.inFlight.delete(write));
    this.inFlight.add(write);
  }

  private async write(batch: Array<{ table: string; item: Item }>): Promise<void> {
    let requests: Record<string, Array<{ PutRequest: { Item: Item } }>> = {};
    for (const { table, item } of batch) (requests[table] ??= []).push({ PutRequest: { Item: item } });
    for (let attempt = 0; Object.keys(requests).length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      if (attempt > 12) throw new Error('BatchWriteItem: items still unprocessed after 12 retries');
      this.stats.calls++;
      const result = await this.client.send(new BatchWriteCommand({ RequestItems: requests }));
      const unprocessed = (result.UnprocessedItems ?? {}) as typeof requests;
      const left = Object.values(unprocessed).reduce((n, list) => n + list.length, 0);
      if (attempt === 0) this.stats.items += batch.length;
      this.stats.retried += left;
      requests = left > 0 ? unprocessed : {};
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Deterministic data.

export { prng, type Prng };

const TITLES = [
  'Jalan berlubang di depan pasar {place}',
  'Lampu penerangan jalan mati di {place}',
  'Antrean panjang di puskesmas {place}',
  'Sampah menumpuk di tepi sungai {place}',
  'Pungutan liar pengurusan KTP-el di kecamatan {place}',
  'Bantuan sosial tidak tepat sasaran di desa {place}',
  'Saluran air tersumbat dan meluap di {place}',
];
const DETAILS = [
  'Lubang besar di depan pasar sudah dua bulan, membahayakan pengendara motor terutama malam hari. Mohon segera diperbaiki, sudah ada warga yang jatuh.',
  'Pasien BPJS harus antre sejak subuh, petugas pendaftaran hanya satu orang, dan sering tidak ada dokter jaga pada siang hari.',
  'Sampah tidak diangkut selama dua minggu, bau menyengat dan banyak lalat; warga khawatir muncul penyakit, terutama pada anak-anak.',
  'Sudah rekam KTP-el sejak enam bulan lalu tetapi belum juga dicetak, alasannya blangko habis, namun ada yang bisa cepat dengan membayar.',
  'Warga yang mampu menerima bantuan, sementara janda lansia di RT kami tidak terdaftar; mohon data DTKS diperbarui dan diverifikasi ulang.',
];
const PLACES = ['Cepu', 'Randublatung', 'Ngawen', 'Kunduran', 'Jepon', 'Banjarejo', 'Todanan', 'Jati', 'Kradenan', 'Sambong'];
const NAMES = ['Sri Lestari', 'Budi Santoso', 'Siti Rahayu', 'Agus Wibowo', 'Dewi Susanti', 'Joko Prasetyo', 'Rina Hidayat'];
const CLASSIFICATIONS: readonly Classification[] = ['PENGADUAN', 'PENGADUAN', 'PENGADUAN', 'ASPIRASI', 'PERMINTAAN_INFORMASI'];
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const HOUR = 3_600_000;

/** A tracking ID in the system's own format (PREFIX-10 base32), unique per index. */
export function trackingIdFor(prefix: string, index: number): string {
  let code = '';
  let v = index;
  for (let i = 0; i < 10; i++) {
    code = BASE32[v % 32] + code;
    v = Math.floor(v / 32);
  }
  return `${prefix}-${code}`;
}

export interface ComplaintShape {
  trackingId: string;
  submittedAt: Date;
  calendar: WorkingDayCalendar;
  verificationWorkingDays: number;
}

/** A complaint as the lifecycle leaves it (no disposition fields yet), with realistic text. */
export function baseComplaint(rng: Prng, shape: ComplaintShape): Complaint {
  const place = rng.pick(PLACES);
  const anonymous = rng.chance(0.15);
  const name = rng.pick(NAMES);
  return {
    trackingId: shape.trackingId,
    accessTokenHash: createHash('sha256').update(shape.trackingId).digest('hex'),
    classification: rng.pick(CLASSIFICATIONS),
    title: rng.pick(TITLES).replace('{place}', place),
    description: `${rng.pick(DETAILS)} Lokasi: Kecamatan ${place}, Kabupaten Blora.`,
    category: 'Pelayanan Publik',
    anonymous,
    confidential: rng.chance(0.05),
    reporter: { name, email: `${name.toLowerCase().replace(' ', '.')}@mail.example`, phone: '+6281234567890' },
    emailUpdates: true,
    status: 'SUBMITTED',
    submittedAt: shape.submittedAt.toISOString(),
    verificationDeadline: shape.calendar.deadlineAfterWorkingDays(shape.submittedAt, shape.verificationWorkingDays).toISOString(),
    version: 1,
  };
}

export interface DispositionShape {
  agency: Agency;
  dispositionedAt: Date;
  followUpWorkingDays: number;
  /** PENDING, or COMPLETED this many hours after disposition (first follow-up), closed later. */
  completedAfterHours?: number;
  calendar: WorkingDayCalendar;
}

/**
 * One complaint dispositioned to one agency, either still PENDING (complaint DISPOSITIONED) or
 * followed up and completed (complaint COMPLETED): the complaint, its disposition and versions as
 * verify → follow-up → complete would leave them.
 */
export function dispositionedComplaint(complaint: Complaint, shape: DispositionShape): { complaint: Complaint; disposition: Disposition } {
  const dispositionedAt = shape.dispositionedAt.toISOString();
  const deadline = shape.calendar.deadlineAfterWorkingDays(shape.dispositionedAt, shape.followUpWorkingDays).toISOString();
  const base: Disposition = {
    trackingId: complaint.trackingId,
    agencyId: shape.agency.agencyId,
    agencyName: shape.agency.name,
    status: 'PENDING',
    dispositionedAt,
    deadline,
    complaintTitle: complaint.title,
    classification: complaint.classification,
    submittedAt: complaint.submittedAt,
    version: 1,
  };
  const verified: Complaint = {
    ...complaint,
    status: 'DISPOSITIONED',
    verifiedAt: dispositionedAt,
    firstDispositionedAt: dispositionedAt,
    agencyIds: [shape.agency.agencyId],
    version: 2,
  };
  if (shape.completedAfterHours === undefined) return { complaint: verified, disposition: base };
  const followUpAt = new Date(shape.dispositionedAt.getTime() + shape.completedAfterHours * HOUR).toISOString();
  const completedAt = new Date(shape.dispositionedAt.getTime() + (shape.completedAfterHours + 2) * HOUR).toISOString();
  return {
    complaint: {
      ...verified,
      status: 'COMPLETED',
      firstFollowUpAt: followUpAt,
      lastFollowUpAt: completedAt,
      completedAt,
      version: 4,
    },
    disposition: {
      ...base,
      status: 'COMPLETED',
      firstFollowUpAt: followUpAt,
      lastFollowUpAt: completedAt,
      completedAt,
      version: 3,
    },
  };
}
