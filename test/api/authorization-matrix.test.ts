// The authorization matrix, generated from the one route table (lib/routes.ts) × every kind of
// caller (test/support/principals.ts), proven over HTTP against the local runtime.
//
// Every cell's expected outcome is derived, not listed: from route.roles (public or staff, and
// which staff roles), from ownership of the complaint asked about (the reporter's X-Access-Token,
// the agency's disposition) and from its privacy (confidential). Per cell, each target resource is
// one of a shared read-only fixture set or, for mutating routes, a fresh fixture of its own, so
// cells never interfere. Every response is also checked for leaks: no contact details (email,
// phone) reach anyone but the coordinator and the reporter themself, and an anonymous reporter's
// identity no one but the reporter; no agency sees another agency's dispositions; no confidential complaint
// appears in any public response.
//
// Local vs cloud: in the cloud stack (lib/constructs/api.ts) staff-only routes (admin, agency) have
// a JWT authorizer whose audience is the staff app client only, so an auditor's client-credentials
// token is refused by API Gateway itself: 401 {"message":"Unauthorized"}. The local adapter's
// authorizer stand-in checks the signature against one audience list holding both clients, so
// locally the auditor's token gets through and the handler's role check answers 403 FORBIDDEN.
// This file asserts the local behaviour (403); both refuse, neither runs the operation.

import { randomBytes } from 'node:crypto';
import { loadRegionConfig } from '../../lib/config';
import { ROUTES, type OperationId, type RouteDefinition } from '../../lib/routes';
import { buildDependencies, type Dependencies } from '../../functions/handlers/dependencies';
import type { Actor } from '../../functions/core/model';
import { MFA_REQUIRED_ROLES } from '../../functions/core/access';
import { apiClient, type CallResult } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/local-system';
import { PRINCIPAL_NAMES, PRINCIPALS, bearerTokens, credentialsOf, type PrincipalName, type PrincipalSpec } from '../support/principals';

const AGENCIES = { A: 'dpupr', B: 'dinkes' } as const;
/** A third agency for re-disposition (addDisposition). */
const AGENCY_C = 'dlh';
const DAY_MS = 86_400_000;

let system: TestSystem;
let call: ReturnType<typeof apiClient>;
let tokens: Partial<Record<PrincipalName, string>>;
let deps: Dependencies;
/** Same tables, clock 61 days back: complaints that are already escalation-eligible. */
let pastDeps: Dependencies;

interface Contact {
  name: string;
  email: string;
  phone: string;
}

interface Fixture {
  trackingId: string;
  accessToken: string;
  title: string;
  anonymous: boolean;
  confidential: boolean;
  /** Agencies holding an active disposition. */
  agencies: string[];
  contact: Contact;
  /** complaint.version right after the fixture was made. */
  version: number;
}

/** Every complaint this file created: the leak checks look for all of them in every response. */
const registry: Fixture[] = [];
const shared = {} as Record<'other' | 'named' | 'anonymous' | 'confidential' | 'aOnly' | 'aAndB' | 'bOnly', Fixture>;

const coordinator: Actor = { role: 'admin', userId: 'matrix-koordinator' };

function uniqueContact(): Contact {
  const tag = randomBytes(4).toString('hex');
  const digits = String(Number.parseInt(tag, 16)).padStart(10, '0').slice(-8);
  return { name: `Pelapor Matriks ${tag}`, email: `pelapor.${tag}@contoh.id`, phone: `+62 857 ${digits}` };
}

async function fixture(options: { anonymous?: boolean; confidential?: boolean; agencies?: string[]; past?: boolean; kind: string }): Promise<Fixture> {
  const contact = uniqueContact();
  const title = `Matriks ${options.kind} ${randomBytes(5).toString('hex')}`;
  const { change, accessToken } = await (options.past ? pastDeps : deps).service.submit({
    classification: 'PENGADUAN',
    title,
    description: 'Laporan untuk matriks otorisasi: lampu jalan padam sejak sebulan.',
    category: 'Infrastruktur',
    anonymous: options.anonymous ?? false,
    confidential: options.confidential ?? false,
    reporter: contact,
  });
  const trackingId = change.complaint.trackingId;
  const agencies = options.agencies ?? [];
  if (agencies.length > 0) await deps.service.verify(trackingId, { action: 'DISPOSITION', agencyIds: agencies }, coordinator);
  const created: Fixture = {
    trackingId,
    accessToken,
    title,
    anonymous: options.anonymous ?? false,
    confidential: options.confidential ?? false,
    agencies,
    contact,
    version: agencies.length > 0 ? 2 : 1,
  };
  registry.push(created);
  return created;
}

beforeAll(async () => {
  const config = loadRegionConfig('config/blora.json');
  // The matrix files a complaint per principal: the per-client submission limit must not be what answers.
  system = await startTestSystem({ config: { ...config, limits: { submissionsPerClientPerHour: 100_000 } } });
  call = apiClient(system.apiUrl);
  tokens = await bearerTokens(system, AGENCIES);
  deps = buildDependencies(system.env);
  const past = () => new Date(Date.now() - (config.thresholds.escalationDays + 1) * DAY_MS);
  pastDeps = buildDependencies(system.env, { clock: { now: past } });
  shared.other = await fixture({ kind: 'lain' });
  shared.named = await fixture({ kind: 'bernama' });
  shared.anonymous = await fixture({ kind: 'anonim', anonymous: true, agencies: [AGENCIES.A] });
  shared.confidential = await fixture({ kind: 'rahasia', confidential: true, agencies: [AGENCIES.A] });
  shared.aOnly = await fixture({ kind: 'hanya-a', agencies: [AGENCIES.A] });
  shared.aAndB = await fixture({ kind: 'a-dan-b', agencies: [AGENCIES.A, AGENCIES.B] });
  shared.bOnly = await fixture({ kind: 'hanya-b', agencies: [AGENCIES.B] });
}, 60_000);

afterAll(async () => {
  printMatrix();
  await system?.stop();
});

// ---------------------------------------------------------------------------------------------
// Expected outcomes, derived.

/** Public routes whose handler requires the reporter's X-Access-Token (ownership, not a role). */
const REPORTER_ONLY: ReadonlySet<OperationId> = new Set<OperationId>([
  'respondToComplaint',
  'escalateComplaint',
  'requestAttachmentUpload',
  'completeAttachmentUpload',
]);

type Outcome =
  | { kind: 'success'; status: number }
  | { kind: 'gateway'; status: 401 }
  | { kind: 'error'; status: number; code: string };

const agencyIdOf = (p: PrincipalSpec) => (p.agency ? AGENCIES[p.agency] : undefined);

function expectedOutcome(route: RouteDefinition, p: PrincipalSpec, success: number, resource: Fixture | undefined): Outcome {
  if (route.roles.length === 0) {
    // Public: a bearer token is ignored (no authorizer on the route); only the access token counts.
    if (REPORTER_ONLY.has(route.operationId as OperationId)) {
      if (!p.reporter) return { kind: 'error', status: 401, code: 'UNAUTHORIZED' };
      // A wrong token must not confirm that a confidential complaint exists.
      if (p.reporter === 'other') {
        return resource?.confidential ? { kind: 'error', status: 404, code: 'NOT_FOUND' } : { kind: 'error', status: 403, code: 'FORBIDDEN' };
      }
      return { kind: 'success', status: success };
    }
    if (resource?.confidential && p.reporter !== 'own') return { kind: 'error', status: 404, code: 'NOT_FOUND' };
    return { kind: 'success', status: success };
  }
  // Staff routes: the JWT authorizer refuses a request without a bearer token.
  if (!p.bearer) return { kind: 'gateway', status: 401 };
  // Wrong role: 403 from the handler. (Auditor on admin/agency routes: 401 from API Gateway in the
  // cloud, see the header comment; 403 here.) The right role without the TOTP it needs: 403 too,
  // with its own code, so the console can send the coordinator to set TOTP up.
  const roles = p.mfa === false ? p.roles.filter((role) => !MFA_REQUIRED_ROLES.includes(role)) : p.roles;
  if (!route.roles.some((role) => roles.includes(role))) {
    const awaitingMfa = route.roles.some((role) => p.roles.includes(role));
    return { kind: 'error', status: 403, code: awaitingMfa ? 'MFA_REQUIRED' : 'FORBIDDEN' };
  }
  // An agency officer acting on a complaint: only its own agency's disposition exists for it.
  if (route.group === 'agency' && resource && !resource.agencies.includes(agencyIdOf(p)!)) {
    return { kind: 'error', status: 404, code: 'NOT_FOUND' };
  }
  return { kind: 'success', status: success };
}

// ---------------------------------------------------------------------------------------------
// What each route is asked, per principal. Typed by the route table: a new route without a plan
// does not compile (and the coverage test below fails).

interface Target {
  path: string;
  body?: unknown;
  /** The complaint asked about: decides ownership and confidentiality. */
  resource?: Fixture;
}

interface RoutePlan {
  success: number;
  targets(p: PrincipalSpec): Promise<Target[]>;
  /** Extra assertions on an expected-success response. */
  onSuccess?(p: PrincipalSpec, target: Target, res: CallResult): void;
}

const newComplaintBody = () => ({
  classification: 'ASPIRASI',
  title: `Usulan taman baca ${randomBytes(3).toString('hex')}`,
  description: 'Mohon dibangun taman baca di balai desa untuk anak-anak.',
});

const ids = (res: CallResult): string[] => (res.body?.items ?? []).map((item: { trackingId: string }) => item.trackingId);

/** A small JPEG (its magic bytes are what completion checks). */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(60)]);
const attachmentBody = () => ({ fileName: 'bukti.jpg', contentType: 'image/jpeg', size: JPEG.length });

/** An upload requested and PUT (not completed) by the reporter or an agency: returns its attachmentId. */
async function uploadedFile(f: Fixture, uploader: { agencyId: string } | 'reporter'): Promise<string> {
  const caller =
    uploader === 'reporter'
      ? { role: 'reporter' as const, accessToken: f.accessToken }
      : { role: 'agency' as const, agencyId: uploader.agencyId, userId: 'matriks-opd' };
  const { attachment, upload } = await deps.attachmentService.requestUpload(f.trackingId, caller, attachmentBody());
  const put = await fetch(upload.url, { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body: JPEG });
  expect(put.status).toBe(200);
  return attachment.attachmentId;
}

/** A fresh officer of agency A for each cell that changes an account. */
const staffUser = () =>
  system.issuer.users.invite({ email: `matriks.${randomBytes(4).toString('hex')}@blorakab.go.id`, role: 'agency', agencyId: AGENCIES.A });

const PLANS: Record<OperationId, RoutePlan> = {
  health: { success: 200, targets: async () => [{ path: '/health' }] },
  openApiDocument: { success: 200, targets: async () => [{ path: '/openapi.json' }] },
  regionInfo: {
    success: 200,
    targets: async () => [{ path: '/region' }],
    onSuccess: (_p, _t, res) => expect(res.body.trackingPrefix).toBe('BLR'),
  },
  listPublicComplaints: {
    success: 200,
    targets: async () => [{ path: '/complaints?limit=100' }],
    onSuccess: (_p, _t, res) => {
      // Anyone, with or without a token, gets the same public list: never the confidential one.
      expect(ids(res)).not.toContain(shared.confidential.trackingId);
      expect(ids(res)).toContain(shared.named.trackingId);
      const anonymous = res.body.items.find((item: { trackingId: string }) => item.trackingId === shared.anonymous.trackingId);
      expect(anonymous).toBeDefined();
      expect(anonymous.reporterName).toBeUndefined();
    },
  },
  submitComplaint: {
    success: 201,
    targets: async () => [{ path: '/complaints', body: newComplaintBody() }],
    onSuccess: (_p, _t, res) => {
      expect(res.body.trackingId).toMatch(/^BLR-/);
      expect(typeof res.body.accessToken).toBe('string');
    },
  },
  getComplaint: {
    success: 200,
    targets: async () =>
      [shared.named, shared.anonymous, shared.confidential, shared.aAndB].map((f) => ({ path: `/complaints/${f.trackingId}`, resource: f })),
    onSuccess: (p, target, res) => {
      expect(res.body.trackingId).toBe(target.resource!.trackingId);
      if (p.reporter === 'own') {
        // The reporter view: their own contact details and the timeline.
        expect(res.body.reporter).toEqual(target.resource!.contact);
        expect(Array.isArray(res.body.timeline)).toBe(true);
      } else {
        expect(res.body.reporter).toBeUndefined();
        expect(res.body.timeline).toBeUndefined();
        expect(res.body.reporterName).toBe(target.resource!.anonymous ? undefined : target.resource!.contact.name);
      }
    },
  },
  respondToComplaint: {
    success: 201,
    targets: async () =>
      Promise.all(
        [fixture({ kind: 'tanggapan' }), fixture({ kind: 'tanggapan-rahasia', confidential: true })].map(async (pending) => {
          const f = await pending;
          return { path: `/complaints/${f.trackingId}/responses`, body: { message: 'Mohon segera ditindaklanjuti.' }, resource: f };
        }),
      ),
    onSuccess: (_p, _t, res) => expect(res.body.timeline.map((e: { type: string }) => e.type)).toEqual(['REPORTER_RESPONDED']),
  },
  escalateComplaint: {
    success: 202,
    targets: async () =>
      Promise.all(
        [fixture({ kind: 'eskalasi', past: true }), fixture({ kind: 'eskalasi-rahasia', confidential: true, past: true })].map(async (pending) => {
          const f = await pending;
          return { path: `/complaints/${f.trackingId}/escalation`, resource: f };
        }),
      ),
    onSuccess: (_p, _t, res) => expect(res.body.status).toBe('ESCALATED'),
  },
  requestAttachmentUpload: {
    success: 201,
    targets: async () =>
      Promise.all(
        [fixture({ kind: 'lampiran' }), fixture({ kind: 'lampiran-rahasia', confidential: true })].map(async (pending) => {
          const f = await pending;
          return { path: `/complaints/${f.trackingId}/attachments`, body: attachmentBody(), resource: f };
        }),
      ),
    onSuccess: (_p, _t, res) => expect(res.body.uploadUrl).toContain('/uploads/pending/'),
  },
  completeAttachmentUpload: {
    success: 200,
    targets: async () =>
      Promise.all(
        [fixture({ kind: 'lampiran-selesai' }), fixture({ kind: 'lampiran-selesai-rahasia', confidential: true })].map(async (pending) => {
          const f = await pending;
          const attachmentId = await uploadedFile(f, 'reporter');
          return { path: `/complaints/${f.trackingId}/attachments/${attachmentId}/complete`, resource: f };
        }),
      ),
    onSuccess: (_p, _t, res) => expect(res.body.uploadedBy).toEqual({ role: 'reporter' }),
  },

  listComplaints: {
    success: 200,
    targets: async () => [{ path: '/admin/complaints?limit=100' }],
    onSuccess: (_p, _t, res) => expect(Array.isArray(res.body.items)).toBe(true),
  },
  keyInComplaint: {
    success: 201,
    targets: async () => [{ path: '/admin/complaints', body: { ...newComplaintBody(), channel: 'PHONE' } }],
    onSuccess: (_p, _t, res) => expect(res.body.trackingId).toMatch(/^BLR-/),
  },
  correctComplaint: {
    success: 200,
    targets: async () => {
      const f = await fixture({ kind: 'koreksi' });
      return [{ path: `/admin/complaints/${f.trackingId}/correction`, body: { category: 'Kesehatan' }, resource: f }];
    },
    onSuccess: (_p, _t, res) => expect(res.body.timeline.at(-1)).toMatchObject({ type: 'CORRECTED', details: { field: 'category', from: 'infrastruktur', to: 'kesehatan' } }),
  },
  getComplaintForAdmin: {
    success: 200,
    targets: async () => [{ path: `/admin/complaints/${shared.anonymous.trackingId}`, resource: shared.anonymous }],
    // Not even the coordinator sees who an anonymous reporter is (the leak check below covers the rest).
    onSuccess: (_p, target, res) => {
      expect(res.body).toMatchObject({ trackingId: target.resource!.trackingId, anonymous: true });
      expect(res.body.reporter).toBeUndefined();
    },
  },
  verifyComplaint: {
    success: 200,
    targets: async () => {
      const f = await fixture({ kind: 'verifikasi' });
      return [{ path: `/admin/complaints/${f.trackingId}/verification`, body: { action: 'DISPOSITION', agencyIds: [AGENCIES.A] }, resource: f }];
    },
    onSuccess: (_p, _t, res) => expect(res.body.status).toBe('DISPOSITIONED'),
  },
  addDisposition: {
    success: 201,
    targets: async () => {
      const f = await fixture({ kind: 'disposisi-ulang', agencies: [AGENCIES.A] });
      return [{ path: `/admin/complaints/${f.trackingId}/dispositions`, body: { agencyId: AGENCY_C, note: 'Mohon ditangani juga' }, resource: f }];
    },
    onSuccess: (_p, _t, res) => expect(res.body.dispositions.map((d: { agencyId: string }) => d.agencyId).sort()).toEqual([AGENCIES.A, AGENCY_C].sort()),
  },
  withdrawDisposition: {
    success: 200,
    targets: async () => {
      // Dispositioned 61 days ago: long past its follow-up deadline, without follow-up.
      const f = await fixture({ kind: 'tarik', past: true });
      await pastDeps.service.verify(f.trackingId, { action: 'DISPOSITION', agencyIds: [AGENCIES.A] }, coordinator);
      f.agencies = [AGENCIES.A];
      f.version = 2;
      return [{ path: `/admin/complaints/${f.trackingId}/dispositions/${AGENCIES.A}/withdrawal`, body: { reason: 'Salah disposisi' }, resource: f }];
    },
    onSuccess: (_p, _t, res) => {
      expect(res.body.status).toBe('RETURNED');
      expect(res.body.dispositions[0]).toMatchObject({ agencyId: AGENCIES.A, status: 'RETURNED', withdrawReason: 'Salah disposisi', actions: [] });
    },
  },
  listAgencies: { success: 200, targets: async () => [{ path: '/admin/agencies' }] },
  listUndeliveredNotifications: {
    success: 200,
    targets: async () => [{ path: '/admin/notifications/undelivered?limit=100' }],
    onSuccess: (_p, _t, res) => expect(Array.isArray(res.body.items)).toBe(true),
  },
  putAgency: {
    success: 201,
    targets: async () => [
      {
        path: `/admin/agencies/matriks-${randomBytes(4).toString('hex')}`,
        body: { name: 'Dinas Uji Matriks', emails: ['uji@blorakab.go.id'], active: true },
      },
    ],
  },

  listStaff: {
    success: 200,
    targets: async () => [{ path: '/admin/staff?limit=100' }],
    onSuccess: (_p, _t, res) => expect(res.body.items.map((u: { userId: string }) => u.userId)).toContain('koordinator'),
  },
  inviteStaff: {
    success: 201,
    targets: async () => [{ path: '/admin/staff', body: { email: `opd.${randomBytes(4).toString('hex')}@blorakab.go.id`, role: 'agency', agencyId: AGENCIES.B } }],
    onSuccess: (_p, _t, res) => expect(res.body).toMatchObject({ role: 'agency', agencyId: AGENCIES.B, status: 'INVITED', enabled: true }),
  },
  disableStaff: {
    success: 200,
    targets: async () => [{ path: `/admin/staff/${(await staffUser()).userId}/disable` }],
    onSuccess: (_p, _t, res) => expect(res.body.enabled).toBe(false),
  },
  enableStaff: {
    success: 200,
    targets: async () => {
      const user = await staffUser();
      await system.issuer.users.setEnabled(user.userId, false);
      return [{ path: `/admin/staff/${user.userId}/enable` }];
    },
    onSuccess: (_p, _t, res) => expect(res.body.enabled).toBe(true),
  },
  resetStaffMfa: {
    success: 200,
    targets: async () => {
      const user = await system.issuer.users.invite({ email: `matriks.${randomBytes(4).toString('hex')}@blorakab.go.id`, role: 'admin' });
      system.issuer.users.enrollTotp(user.userId, 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU');
      return [{ path: `/admin/staff/${user.userId}/reset-mfa` }];
    },
    onSuccess: (_p, target, res) => {
      expect(res.body.role).toBe('admin');
      expect(system.issuer.users.totpEnabled(res.body.userId)).toBe(false);
    },
  },
  setStaffAgency: {
    success: 200,
    targets: async () => [{ path: `/admin/staff/${(await staffUser()).userId}/agency`, body: { agencyId: AGENCY_C } }],
    onSuccess: (_p, _t, res) => expect(res.body.agencyId).toBe(AGENCY_C),
  },

  listDispositions: {
    success: 200,
    targets: async () => [{ path: '/agency/dispositions?limit=100' }],
    onSuccess: (p, _t, res) => {
      const own = agencyIdOf(p)!;
      const listed = ids(res);
      for (const f of Object.values(shared)) {
        if (f.agencies.includes(own)) expect(listed).toContain(f.trackingId);
        else expect(listed).not.toContain(f.trackingId);
      }
    },
  },
  getDisposition: {
    success: 200,
    targets: async () =>
      [shared.aOnly, shared.aAndB, shared.bOnly, shared.confidential, shared.anonymous].map((f) => ({ path: `/agency/dispositions/${f.trackingId}`, resource: f })),
    onSuccess: (p, _t, res) => expect(res.body.disposition.agencyId).toBe(agencyIdOf(p)),
  },
  postFollowUp: {
    success: 201,
    targets: async () =>
      Promise.all(
        [fixture({ kind: 'tindak-lanjut', agencies: [AGENCIES.A] }), fixture({ kind: 'tindak-lanjut-ab', agencies: [AGENCIES.A, AGENCIES.B] })].map(
          async (pending) => {
            const f = await pending;
            return { path: `/agency/dispositions/${f.trackingId}/follow-ups`, body: { message: 'Petugas sudah ke lokasi.' }, resource: f };
          },
        ),
      ),
    onSuccess: (p, _t, res) => {
      expect(res.body.disposition.agencyId).toBe(agencyIdOf(p));
      expect(res.body.disposition.status).toBe('IN_PROGRESS');
    },
  },
  returnDisposition: {
    success: 200,
    targets: async () =>
      Promise.all(
        [fixture({ kind: 'kembali', agencies: [AGENCIES.A] }), fixture({ kind: 'kembali-ab', agencies: [AGENCIES.A, AGENCIES.B] })].map(async (pending) => {
          const f = await pending;
          return { path: `/agency/dispositions/${f.trackingId}/return`, body: { reason: 'Bukan kewenangan kami' }, resource: f };
        }),
      ),
    onSuccess: (p, _t, res) => expect(res.body).toMatchObject({ agencyId: agencyIdOf(p), dispositionStatus: 'RETURNED' }),
  },
  requestAgencyAttachmentUpload: {
    success: 201,
    targets: async () =>
      Promise.all(
        [fixture({ kind: 'lampiran-opd', agencies: [AGENCIES.A] }), fixture({ kind: 'lampiran-opd-ab', agencies: [AGENCIES.A, AGENCIES.B] })].map(
          async (pending) => {
            const f = await pending;
            return { path: `/agency/dispositions/${f.trackingId}/attachments`, body: attachmentBody(), resource: f };
          },
        ),
      ),
    onSuccess: (_p, _t, res) => expect(res.body.uploadUrl).toContain('/uploads/pending/'),
  },
  completeAgencyAttachmentUpload: {
    success: 200,
    // Each agency completes its own upload; on the A-only complaint, B finds no disposition.
    targets: async (p) =>
      Promise.all(
        [
          { f: fixture({ kind: 'lampiran-opd-selesai', agencies: [AGENCIES.A] }), by: AGENCIES.A },
          { f: fixture({ kind: 'lampiran-opd-selesai-ab', agencies: [AGENCIES.A, AGENCIES.B] }), by: agencyIdOf(p) ?? AGENCIES.A },
        ].map(async ({ f: pending, by }) => {
          const f = await pending;
          const attachmentId = await uploadedFile(f, { agencyId: by });
          return { path: `/agency/dispositions/${f.trackingId}/attachments/${attachmentId}/complete`, resource: f };
        }),
      ),
    onSuccess: (p, _t, res) => expect(res.body.uploadedBy).toEqual({ role: 'agency', agencyId: agencyIdOf(p) }),
  },

  agencyCompliance: {
    success: 200,
    targets: async () => [{ path: '/agency/compliance' }, { path: `/agency/compliance?year=${new Date().getUTCFullYear() - 1}` }],
    onSuccess: (p, target, res) => {
      // Its own agency only: the other agency's id appears nowhere (served by the reports function, so
      // the agency-group leak check below does not cover it).
      expect(res.body.agencyId).toBe(agencyIdOf(p));
      expect(res.text).not.toContain(`"${p.agency === 'A' ? AGENCIES.B : AGENCIES.A}"`);
      expect(res.body.months).toHaveLength(target.path.includes('year=') ? 12 : Number(res.body.months.at(-1).period.slice(5)));
    },
  },
  complianceReport: { success: 200, targets: async () => [{ path: '/reports/compliance' }, { path: '/reports/compliance?format=csv' }] },
  complianceHistory: { success: 200, targets: async () => [{ path: `/reports/compliance/${AGENCIES.A}` }] },
  complaintSummary: { success: 200, targets: async () => [{ path: '/reports/summary' }] },
  exportComplaints: {
    success: 200,
    targets: async () => [{ path: '/reports/complaints?limit=100' }, { path: '/reports/complaints?format=csv' }],
    onSuccess: (_p, target, res) => {
      // The export holds every complaint, confidential ones too (auditors are not the public).
      const text = res.text;
      for (const f of [shared.anonymous, shared.confidential, shared.named]) expect(text).toContain(f.trackingId);
      if (!target.path.includes('csv')) expect(res.body.items.length).toBeGreaterThan(0);
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Leak checks, applied to every response of every cell.

function assertNoLeaks(route: RouteDefinition, p: PrincipalSpec, target: Target, res: CallResult) {
  const text = res.text;
  expect(text).not.toContain('accessTokenHash');
  // The coordinator's own routes show a named reporter's contact details; an anonymous one's, never.
  const coordinator = route.group === 'admin' && p.roles.includes('admin') && p.mfa !== false;
  const ownsTarget = (f: Fixture) => p.reporter === 'own' && route.roles.length === 0 && target.resource === f;
  for (const f of registry) {
    if (ownsTarget(f)) continue;
    if (coordinator) {
      if (f.anonymous) for (const secret of [f.contact.name, f.contact.email, f.contact.phone]) expect(text).not.toContain(secret);
      continue;
    }
    expect(text).not.toContain(f.accessToken);
    expect(text).not.toContain(f.contact.email);
    expect(text).not.toContain(f.contact.phone);
    if (f.anonymous) expect(text).not.toContain(f.contact.name);
    // A confidential complaint never appears in any public response (nor does its reporter's name).
    if (f.confidential && route.roles.length === 0) {
      expect(text).not.toContain(f.trackingId);
      expect(text).not.toContain(f.title);
      expect(text).not.toContain(f.contact.name);
    }
  }
  // Through its own API an agency never sees another agency's dispositions, nor that they exist.
  // (The public view, which anyone may read, does name every agency handling a complaint.)
  if (p.agency && route.group === 'agency') {
    const other = p.agency === 'A' ? AGENCIES.B : AGENCIES.A;
    expect(text).not.toContain(`"${other}"`);
  }
}

function assertOutcome(outcome: Outcome, res: CallResult, context: string) {
  const got = `${res.status} ${res.text.slice(0, 300)}`;
  expect({ context, status: res.status }).toEqual({ context, status: outcome.status });
  if (outcome.kind === 'gateway') {
    // API Gateway's own body, byte for byte: the request never reached a function.
    expect(res.body).toEqual({ message: 'Unauthorized' });
    return;
  }
  if (outcome.kind === 'error') {
    expect(Object.keys(res.body ?? {})).toEqual(['error']);
    expect({ context, code: res.body.error.code, got }).toEqual({ context, code: outcome.code, got });
    expect(typeof res.body.error.message).toBe('string');
    expect(Object.keys(res.body.error).every((k) => ['code', 'message', 'details'].includes(k))).toBe(true);
  }
}

// ---------------------------------------------------------------------------------------------

const observed = new Map<string, Set<string>>();
/** Complaints a refused mutating request was aimed at: they must be exactly as they were made. */
const refusedTargets = new Set<Fixture>();
const cellKey = (operationId: string, principalName: string) => `${operationId}|${principalName}`;

function printMatrix() {
  const width = Math.max(...ROUTES.map((r) => r.operationId.length)) + 2;
  const columns = PRINCIPALS.map((p) => p.name.padEnd(16)).join('');
  const lines = ROUTES.map(
    (r) => r.operationId.padEnd(width) + PRINCIPALS.map((p) => [...(observed.get(cellKey(r.operationId, p.name)) ?? ['-'])].sort().join('/').padEnd(16)).join(''),
  );
  process.stdout.write(
    `\nAuthorization matrix: ${ROUTES.length} routes × ${PRINCIPALS.length} principals = ${ROUTES.length * PRINCIPALS.length} cells\n` +
      `${''.padEnd(width)}${columns}\n${lines.join('\n')}\n`,
  );
}

test('every route of the route table has a plan, and every principal is covered', () => {
  expect(Object.keys(PLANS).sort()).toEqual(ROUTES.map((r) => r.operationId).sort());
  // One spec per caller kind, in the order of the names.
  expect(PRINCIPALS.map((p) => p.name)).toEqual([...PRINCIPAL_NAMES]);
});

const CELLS = ROUTES.flatMap((route) => PRINCIPALS.map((p) => ({ route: route as RouteDefinition, p })));

describe(`authorization matrix: ${ROUTES.length} routes × ${PRINCIPALS.length} principals = ${CELLS.length} cells`, () => {
  test.each(CELLS.map((cell) => [`${cell.route.method} ${cell.route.path} (${cell.route.operationId}) × ${cell.p.name}`, cell] as const))(
    '%s',
    async (_name, { route, p }) => {
      const plan = PLANS[route.operationId as OperationId];
      const targets = await plan.targets(p);
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) {
        const res = await call(route.method, target.path, {
          ...credentialsOf(p, tokens, { own: (target.resource ?? shared.named).accessToken, other: shared.other.accessToken }),
          ...(target.body !== undefined && { body: target.body }),
        });
        const outcome = expectedOutcome(route, p, plan.success, target.resource);
        const key = cellKey(route.operationId, p.name);
        observed.set(key, (observed.get(key) ?? new Set()).add(String(res.status)));
        const context = `${route.operationId} × ${p.name} → ${target.path}${target.resource ? ` (${target.resource.title})` : ''}`;
        assertOutcome(outcome, res, context);
        if (outcome.kind === 'success') plan.onSuccess?.(p, target, res);
        else if (route.method !== 'GET' && target.resource) refusedTargets.add(target.resource);
        assertNoLeaks(route, p, target, res);
      }
    },
    15_000,
  );
});

describe('what the refusals leave behind', () => {
  test('a refused mutation changed nothing, and the shared read-only fixtures are untouched', async () => {
    const untouched = [...new Set([...refusedTargets, ...Object.values(shared)])];
    expect(refusedTargets.size).toBeGreaterThan(0);
    for (const f of untouched) {
      const record = await deps.service.get(f.trackingId);
      expect({ fixture: f.title, version: record.complaint.version }).toEqual({ fixture: f.title, version: f.version });
    }
  });
});
