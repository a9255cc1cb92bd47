// The coordinator's desk in the core: corrections during verification (recorded with the old
// value, offered as CORRECT exactly when the command accepts it) and complaints keyed in by channel.

import { adminActions } from '../../../functions/core/actions';
import { createCalendar } from '../../../functions/core/calendar';
import { SummaryCounter } from '../../../functions/core/complaint-summary';
import { DomainError } from '../../../functions/core/errors';
import {
  correctComplaint,
  submitComplaint,
  verifyComplaint,
  type CommandContext,
  type NewComplaint,
} from '../../../functions/core/lifecycle';
import type { Actor, ComplaintRecord } from '../../../functions/core/model';
import { DEFAULT_SETTINGS } from '../../../functions/core/settings';
import { agency, applyChangeSet } from '../../support/fakes';

const ctx: CommandContext = { now: new Date('2025-01-06T03:00:00.000Z'), calendar: createCalendar({ timeZone: 'Asia/Jakarta' }), settings: DEFAULT_SETTINGS };
const admin: Actor = { role: 'admin', userId: 'koordinator' };
const INPUT: NewComplaint = { classification: 'PENGADUAN', title: 'Jalan rusak di Cepu', description: 'Jalan rusak parah di depan pasar Cepu.', category: 'infrastruktur' };
const submitted = (input = INPUT, keyedInBy?: Actor): ComplaintRecord =>
  applyChangeSet(undefined, submitComplaint(input, { trackingId: 'BLR-1', accessTokenHash: 'ab'.repeat(32) }, ctx, keyedInBy));

describe('corrections', () => {
  it('records each changed field with its old value, and only those', () => {
    const record = submitted();
    const change = correctComplaint(record, { title: 'Jalan rusak di Cepu kota', category: 'Infrastruktur', classification: 'ASPIRASI' }, admin, ctx);
    expect(change.complaint).toMatchObject({ title: 'Jalan rusak di Cepu kota', category: 'infrastruktur', classification: 'ASPIRASI', version: 2 });
    expect(change.timeline.map((e) => [e.type, e.details, e.actor])).toEqual([
      ['CORRECTED', { field: 'title', from: 'Jalan rusak di Cepu', to: 'Jalan rusak di Cepu kota' }, admin],
      ['CORRECTED', { field: 'classification', from: 'PENGADUAN', to: 'ASPIRASI' }, admin],
    ]);
    expect(change.counters).toEqual([]);
  });

  it('records a category set for the first time with an empty old value', () => {
    const { category: _, ...withoutCategory } = INPUT;
    const change = correctComplaint(submitted(withoutCategory), { category: 'Kesehatan' }, admin, ctx);
    expect(change.timeline[0]!.details).toEqual({ field: 'category', from: '', to: 'kesehatan' });
  });

  it("takes a category only from the region's list, by id or label, as filing does", () => {
    expect(() => correctComplaint(submitted(), { category: 'Air Bersih' }, admin, ctx)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('refuses a correction that changes nothing', () => {
    expect(() => correctComplaint(submitted(), { category: 'infrastruktur' }, admin, ctx)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('is offered (CORRECT) exactly while the command accepts it: SUBMITTED and ON_HOLD, not after disposition', () => {
    const fresh = submitted();
    const held = applyChangeSet(fresh, verifyComplaint(fresh, { action: 'HOLD' }, admin, ctx));
    const dispositioned = applyChangeSet(fresh, verifyComplaint(fresh, { action: 'DISPOSITION', agencies: [agency('dpupr')] }, admin, ctx));
    for (const record of [fresh, held]) {
      expect(adminActions(record)).toContain('CORRECT');
      expect(() => correctComplaint(record, { title: 'Judul yang dibetulkan' }, admin, ctx)).not.toThrow();
    }
    expect(adminActions(dispositioned)).not.toContain('CORRECT');
    let refused: unknown;
    try {
      correctComplaint(dispositioned, { title: 'Judul yang dibetulkan' }, admin, ctx);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('INVALID_TRANSITION');
  });
});

describe('key-in by channel', () => {
  it('records the channel and the coordinator who keyed it in; a web filing has none', () => {
    const keyed = submitted({ ...INPUT, channel: 'LETTER' }, admin);
    expect(keyed.complaint.channel).toBe('LETTER');
    expect(keyed.timeline[0]).toMatchObject({ type: 'SUBMITTED', actor: admin, details: { channel: 'LETTER' } });
    const web = submitted();
    expect(web.complaint.channel).toBeUndefined();
    expect(web.timeline[0]!.actor).toEqual({ role: 'reporter' });
  });

  it('the summary counts complaints per channel, WEB for those without one', () => {
    const counter = new SummaryCounter();
    for (const channel of [undefined, undefined, 'PHONE', 'SOCIAL_MEDIA', 'PHONE'] as const) {
      counter.add({ status: 'SUBMITTED', classification: 'PENGADUAN', ...(channel && { channel }) });
    }
    expect(counter.result().byChannel).toEqual([
      { channel: 'WEB', count: 2 },
      { channel: 'PHONE', count: 2 },
      { channel: 'IN_PERSON', count: 0 },
      { channel: 'LETTER', count: 0 },
      { channel: 'SOCIAL_MEDIA', count: 1 },
    ]);
  });
});
