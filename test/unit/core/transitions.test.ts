// Issue 14, "Tidy": COMPLAINT_TRANSITIONS and DISPOSITION_TRANSITIONS list exactly the moves the
// commands make. Every command is tried from every state reachable from a fresh complaint (a
// breadth-first search over command sequences, the clock moving on as each command needs), and
// the moves seen must equal the tables: a move the code makes but the table lacks fails the
// command itself (startChange checks the tables), and a move only the table lists fails here.

import { createCalendar } from '../../../functions/core/calendar';
import { DomainError } from '../../../functions/core/errors';
import {
  COMPLAINT_TRANSITIONS,
  DISPOSITION_TRANSITIONS,
  addDisposition,
  closeComplaint,
  escalateComplaint,
  markEscalationEligible,
  postFollowUp,
  respondAsReporter,
  returnDisposition,
  submitComplaint,
  verifyComplaint,
  withdrawDisposition,
  type CommandContext,
} from '../../../functions/core/lifecycle';
import type { Actor, ChangeSet, ComplaintRecord } from '../../../functions/core/model';
import { DEFAULT_SETTINGS } from '../../../functions/core/settings';
import { agency, applyChangeSet } from '../../support/fakes';

const calendar = createCalendar({ timeZone: 'Asia/Jakarta' });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const admin: Actor = { role: 'admin', userId: 'admin-1' };
const officer = (agencyId: string): Actor => ({ role: 'agency', userId: `officer-${agencyId}`, agencyId });
const AGENCIES = [agency('dinkes'), agency('dishub')];

interface Node {
  record: ComplaintRecord;
  now: number;
}

/** Each command with how long after the previous one it is given (what it needs to be allowed). */
const COMMANDS: Array<{ name: string; after: number; run: (r: ComplaintRecord, ctx: CommandContext) => ChangeSet }> = [
  { name: 'disposition dinkes', after: HOUR, run: (r, ctx) => verifyComplaint(r, { action: 'DISPOSITION', agencies: [AGENCIES[0]!] }, admin, ctx) },
  { name: 'disposition both', after: HOUR, run: (r, ctx) => verifyComplaint(r, { action: 'DISPOSITION', agencies: AGENCIES }, admin, ctx) },
  { name: 'hold', after: HOUR, run: (r, ctx) => verifyComplaint(r, { action: 'HOLD' }, admin, ctx) },
  { name: 'archive', after: HOUR, run: (r, ctx) => verifyComplaint(r, { action: 'ARCHIVE', reason: 'Duplikat' }, admin, ctx) },
  { name: 'not authority', after: HOUR, run: (r, ctx) => verifyComplaint(r, { action: 'NOT_AUTHORITY', reason: 'Kewenangan provinsi' }, admin, ctx) },
  ...AGENCIES.flatMap((a) => [
    { name: `add ${a.agencyId}`, after: HOUR, run: (r: ComplaintRecord, ctx: CommandContext) => addDisposition(r, { agency: a }, admin, ctx) },
    { name: `follow up ${a.agencyId}`, after: HOUR, run: (r: ComplaintRecord, ctx: CommandContext) => postFollowUp(r, a.agencyId, { message: 'Proses' }, officer(a.agencyId), ctx) },
    { name: `complete ${a.agencyId}`, after: HOUR, run: (r: ComplaintRecord, ctx: CommandContext) => postFollowUp(r, a.agencyId, { message: 'Selesai', final: true }, officer(a.agencyId), ctx) },
    { name: `return ${a.agencyId}`, after: HOUR, run: (r: ComplaintRecord, ctx: CommandContext) => returnDisposition(r, a.agencyId, { reason: 'Bukan kewenangan' }, officer(a.agencyId), ctx) },
    { name: `withdraw ${a.agencyId}`, after: 10 * DAY, run: (r: ComplaintRecord, ctx: CommandContext) => withdrawDisposition(r, a.agencyId, { reason: 'Terlambat, salah alamat' }, admin, ctx) },
  ]),
  { name: 'respond', after: HOUR, run: (r, ctx) => respondAsReporter(r, { message: 'Ada kabar?' }, ctx) },
  { name: 'reopen', after: HOUR, run: (r, ctx) => respondAsReporter(r, { message: 'Belum beres', reopen: true }, ctx) },
  { name: 'mark eligible', after: 61 * DAY, run: (r, ctx) => markEscalationEligible(r, ctx) },
  { name: 'escalate', after: 61 * DAY, run: (r, ctx) => escalateComplaint(r, {}, ctx) },
  { name: 'auto-close', after: 20 * DAY, run: (r, ctx) => closeComplaint(r, ctx) },
];

/** What distinguishes states for the commands (the clock aside, which each command sets itself). */
const signature = ({ complaint: c, dispositions }: ComplaintRecord) =>
  [c.status, c.escalatedAt ? 'forwarded' : '', c.closedAt ? 'closed' : '', ...dispositions.map((d) => `${d.agencyId}:${d.status}`)].join('|');

function explore(maxDepth: number) {
  const start = Date.parse('2025-01-06T03:00:00.000Z');
  const first = applyChangeSet(
    undefined,
    submitComplaint(
      { classification: 'PENGADUAN', title: 'Jalan rusak', description: 'Berlubang.', reporter: { email: 'w@mail.example' } },
      { trackingId: 'TNT-1', accessTokenHash: 'ab'.repeat(32) },
      { now: new Date(start), calendar, settings: DEFAULT_SETTINGS },
    ),
  );
  const complaintMoves = new Set<string>();
  const dispositionMoves = new Set<string>();
  const seen = new Set([signature(first)]);
  let frontier: Node[] = [{ record: first, now: start }];
  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const next: Node[] = [];
    for (const node of frontier) {
      for (const command of COMMANDS) {
        const now = node.now + command.after;
        let change: ChangeSet;
        try {
          change = command.run(structuredClone(node.record), { now: new Date(now), calendar, settings: DEFAULT_SETTINGS });
        } catch (error) {
          if (error instanceof DomainError) continue; // refused: not a move
          throw error;
        }
        const from = node.record.complaint.status;
        if (change.complaint.status !== from) complaintMoves.add(`${from} → ${change.complaint.status}`);
        for (const d of change.dispositions) {
          const before = node.record.dispositions.find((x) => x.agencyId === d.agencyId)?.status;
          if (before && before !== d.status) dispositionMoves.add(`${before} → ${d.status}`);
        }
        const record = applyChangeSet(node.record, change);
        if (seen.has(signature(record))) continue;
        seen.add(signature(record));
        next.push({ record, now });
      }
    }
    frontier = next;
  }
  return { complaintMoves, dispositionMoves, states: seen.size };
}

const listed = (table: Readonly<Record<string, readonly string[]>>) =>
  new Set(Object.entries(table).flatMap(([from, targets]) => targets.map((to) => `${from} → ${to}`)));

describe('the transition tables are exactly the moves the commands make', () => {
  const { complaintMoves, dispositionMoves, states } = explore(9);

  it('explores the state space to a fixed point', () => {
    // One level deeper finds no new state: every reachable combination was tried.
    expect(explore(10).states).toBe(states);
  });

  it('complaint moves', () => {
    expect([...complaintMoves].sort()).toEqual([...listed(COMPLAINT_TRANSITIONS)].sort());
  });

  it('disposition moves', () => {
    expect([...dispositionMoves].sort()).toEqual([...listed(DISPOSITION_TRANSITIONS)].sort());
  });

  it('a move outside the table fails the command that tries it', () => {
    const submitted = applyChangeSet(
      undefined,
      submitComplaint({ classification: 'ASPIRASI', title: 'T', description: 'D' }, { trackingId: 'TNT-2', accessTokenHash: 'cd'.repeat(32) }, {
        now: new Date('2025-01-06T03:00:00.000Z'),
        calendar,
        settings: DEFAULT_SETTINGS,
      }),
    );
    // A forged record: a RETURNED complaint still holding a completed disposition is not a state
    // the commands ever leave behind; a reporter's response on it must not quietly complete it.
    const forged: ComplaintRecord = structuredClone(submitted);
    forged.complaint.status = 'RETURNED';
    forged.dispositions = [
      { trackingId: 'TNT-2', agencyId: 'dinkes', agencyName: 'Dinkes', status: 'COMPLETED', dispositionedAt: '2025-01-06T04:00:00.000Z', deadline: '2025-01-13T16:59:59.999Z', completedAt: '2025-01-07T04:00:00.000Z', complaintTitle: 'T', classification: 'ASPIRASI', submittedAt: '2025-01-06T03:00:00.000Z', version: 3 },
    ];
    const ctx = { now: new Date('2025-01-08T03:00:00.000Z'), calendar, settings: DEFAULT_SETTINGS };
    expect(() => addDisposition(forged, { agency: AGENCIES[1]! }, admin, ctx)).toThrow(/RETURNED → IN_PROGRESS is not in COMPLAINT_TRANSITIONS/);
  });
});
