// The whole lifecycle over HTTP against the local runtime: submit → disposition to two agencies →
// one follows up and completes, the other returns it → re-disposition → completed.

import { apiClient } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/local-system';

let system: TestSystem;
let adminToken: string;
let dpuprToken: string;
let dinkesToken: string;
let dlhToken: string;
let call: ReturnType<typeof apiClient>;

beforeAll(async () => {
  system = await startTestSystem();
  call = apiClient(system.apiUrl);
  adminToken = await system.tokenFor('admin');
  dpuprToken = await system.tokenFor('agency', 'dpupr');
  dinkesToken = await system.tokenFor('agency', 'dinkes');
  dlhToken = await system.tokenFor('agency', 'dlh');
}, 60_000);

afterAll(async () => {
  await system?.stop();
});

const CONTACT = { name: 'Budi Santoso', email: 'budi.santoso@example.com', phone: '+62 812 3456 7890' };

async function submit(extra: Record<string, unknown> = {}) {
  const res = await call('POST', '/complaints', {
    body: {
      classification: 'PENGADUAN',
      title: 'Jembatan rusak di Desa Ngawen',
      description: 'Papan jembatan patah sejak seminggu, anak sekolah harus memutar jauh.',
      category: 'Infrastruktur',
      location: { address: 'Desa Ngawen, Kec. Ngawen', lat: -7.1, lon: 111.4 },
      reporter: CONTACT,
      ...extra,
    },
  });
  expect(res.status).toBe(201);
  return res.body as { trackingId: string; accessToken: string; status: string; submittedAt: string };
}

test('health answers', async () => {
  const res = await call('GET', '/health');
  expect(res.status).toBe(200);
  expect(res.body.status).toBe('ok');
});

test('the whole flow, from submission to completion after a re-disposition', async () => {
  const { trackingId, accessToken, status } = await submit();
  expect(status).toBe('SUBMITTED');
  expect(trackingId).toMatch(/^BLR-[0-9A-Z]{10}$/);

  const queue = await call('GET', '/admin/complaints?status=SUBMITTED&limit=100', { token: adminToken });
  expect(queue.status).toBe(200);
  expect(queue.body.items.map((c: { trackingId: string }) => c.trackingId)).toContain(trackingId);

  const verified = await call('POST', `/admin/complaints/${trackingId}/verification`, {
    token: adminToken,
    body: { action: 'DISPOSITION', agencyIds: ['dpupr', 'dinkes'] },
  });
  expect(verified.status).toBe(200);
  expect(verified.body.status).toBe('DISPOSITIONED');
  expect(verified.body.dispositions.map((d: { agencyId: string }) => d.agencyId).sort()).toEqual(['dinkes', 'dpupr']);

  const dpuprList = await call('GET', '/agency/dispositions?status=PENDING', { token: dpuprToken });
  expect(dpuprList.body.items.map((d: { trackingId: string }) => d.trackingId)).toContain(trackingId);

  const first = await call('POST', `/agency/dispositions/${trackingId}/follow-ups`, {
    token: dpuprToken,
    body: { message: 'Tim teknis sudah meninjau lokasi.' },
  });
  expect(first.status).toBe(201);
  expect(first.body.disposition.status).toBe('IN_PROGRESS');
  expect(first.body.status).toBe('IN_PROGRESS');

  const done = await call('POST', `/agency/dispositions/${trackingId}/follow-ups`, {
    token: dpuprToken,
    body: { message: 'Jembatan sudah diperbaiki.', final: true },
  });
  expect(done.body.disposition.status).toBe('COMPLETED');
  // dinkes has not acted yet, so the complaint is not complete.
  expect(done.body.status).toBe('IN_PROGRESS');

  const returned = await call('POST', `/agency/dispositions/${trackingId}/return`, {
    token: dinkesToken,
    body: { reason: 'Bukan kewenangan Dinas Kesehatan' },
  });
  expect(returned.status).toBe(200);
  // The remaining active disposition is completed, so the complaint is too.
  expect(returned.body.complaintStatus).toBe('COMPLETED');

  const reopened = await call('POST', `/complaints/${trackingId}/responses`, {
    accessToken,
    body: { message: 'Masih ada papan yang goyang.', reopen: true },
  });
  expect(reopened.status).toBe(201);
  expect(reopened.body.status).toBe('IN_PROGRESS');

  const redisposition = await call('POST', `/admin/complaints/${trackingId}/dispositions`, {
    token: adminToken,
    body: { agencyId: 'dlh', note: 'Mohon cek dampak lingkungan' },
  });
  expect(redisposition.status).toBe(201);

  for (const [token, message] of [
    [dpuprToken, 'Papan diganti seluruhnya.'],
    [dlhToken, 'Tidak ada dampak lingkungan.'],
  ] as const) {
    const res = await call('POST', `/agency/dispositions/${trackingId}/follow-ups`, { token, body: { message, final: true } });
    expect(res.status).toBe(201);
  }

  const reporterView = await call('GET', `/complaints/${trackingId}`, { accessToken });
  expect(reporterView.status).toBe(200);
  expect(reporterView.body.status).toBe('COMPLETED');
  expect(reporterView.body.reporter).toEqual(CONTACT);
  expect(reporterView.body.timeline.map((e: { type: string }) => e.type)).toEqual([
    'SUBMITTED',
    'VERIFIED',
    'DISPOSITIONED',
    'DISPOSITIONED',
    'FOLLOWED_UP',
    'FOLLOWED_UP',
    'DISPOSITION_COMPLETED',
    'DISPOSITION_RETURNED',
    'REPORTER_RESPONDED',
    'REOPENED',
    'DISPOSITIONED',
    'FOLLOWED_UP',
    'DISPOSITION_COMPLETED',
    'FOLLOWED_UP',
    'DISPOSITION_COMPLETED',
  ]);

  const rated = await call('POST', `/complaints/${trackingId}/responses`, { accessToken, body: { message: 'Terima kasih', rating: 5 } });
  expect(rated.status).toBe(201);
  const adminView = await call('GET', `/admin/complaints/${trackingId}`, { token: adminToken });
  expect(adminView.body.rating).toBe(5);
  expect(adminView.body.reporter).toEqual(CONTACT);
  expect(JSON.stringify(adminView.body)).not.toContain('accessToken');
});

describe('privacy', () => {
  test('the public and agencies never see contact details; an anonymous reporter stays unnamed', async () => {
    const { trackingId } = await submit({ anonymous: true });
    await call('POST', `/admin/complaints/${trackingId}/verification`, { token: adminToken, body: { action: 'DISPOSITION', agencyIds: ['dpupr'] } });
    const publicView = await call('GET', `/complaints/${trackingId}`);
    const agencyView = await call('GET', `/agency/dispositions/${trackingId}`, { token: dpuprToken });
    const adminView = await call('GET', `/admin/complaints/${trackingId}`, { token: adminToken });
    expect(publicView.status).toBe(200);
    expect(agencyView.status).toBe(200);
    expect(adminView.status).toBe(200);
    // Nobody, the coordinator included, sees who an anonymous reporter is.
    for (const view of [publicView.body, agencyView.body, adminView.body]) {
      const text = JSON.stringify(view);
      for (const secret of [CONTACT.name, CONTACT.email, CONTACT.phone]) expect(text).not.toContain(secret);
    }
    expect(adminView.body).toMatchObject({ anonymous: true });
    expect(adminView.body.reporter).toBeUndefined();
  });

  test('a named reporter is named publicly, but contact details stay hidden', async () => {
    const { trackingId } = await submit();
    const publicView = await call('GET', `/complaints/${trackingId}`);
    expect(publicView.body.reporterName).toBe(CONTACT.name);
    expect(JSON.stringify(publicView.body)).not.toContain(CONTACT.email);
    expect(JSON.stringify(publicView.body)).not.toContain(CONTACT.phone);
    expect(publicView.body.timeline).toBeUndefined();
  });

  test('a confidential complaint is 404 to the public and to a wrong token, visible with the right one', async () => {
    const { trackingId, accessToken } = await submit({ confidential: true });
    const other = await submit();
    expect((await call('GET', `/complaints/${trackingId}`)).status).toBe(404);
    const wrong = await call('GET', `/complaints/${trackingId}`, { accessToken: other.accessToken });
    expect(wrong.status).toBe(404);
    expect(wrong.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Complaint not found' } });
    const right = await call('GET', `/complaints/${trackingId}`, { accessToken });
    expect(right.status).toBe(200);
    expect(right.body.confidential).toBe(true);
  });

  test("an agency cannot see or act on another agency's disposition", async () => {
    const { trackingId } = await submit();
    await call('POST', `/admin/complaints/${trackingId}/verification`, { token: adminToken, body: { action: 'DISPOSITION', agencyIds: ['dpupr'] } });
    const seen = await call('GET', `/agency/dispositions/${trackingId}`, { token: dinkesToken });
    expect(seen.status).toBe(404);
    const acted = await call('POST', `/agency/dispositions/${trackingId}/follow-ups`, { token: dinkesToken, body: { message: 'Bukan milik kami' } });
    expect(acted.status).toBe(404);
    const list = await call('GET', '/agency/dispositions?limit=100', { token: dinkesToken });
    expect(list.body.items.map((d: { trackingId: string }) => d.trackingId)).not.toContain(trackingId);
    const record = await call('GET', `/admin/complaints/${trackingId}`, { token: adminToken });
    expect(record.body.timeline.filter((e: { type: string }) => e.type === 'FOLLOWED_UP')).toHaveLength(0);
  });
});

describe('errors', () => {
  test('validation errors name each field', async () => {
    const res = await call('POST', '/complaints', { body: { classification: 'KELUHAN', title: 'abc', extra: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const fields = res.body.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['classification', 'description', 'extra', 'title']);
  });

  test('malformed JSON, a wrong media type and an oversized body are clear 4xx', async () => {
    const bad = await call('POST', '/complaints', { rawBody: '{"title": ' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ field: 'body', message: 'is not valid JSON' }]);
    const media = await call('POST', '/complaints', { rawBody: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(media.status).toBe(415);
    const huge = await call('POST', '/complaints', { body: { classification: 'ASPIRASI', title: 'x'.repeat(70_000), description: 'y' } });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('an illegal transition is 409 with a clear message', async () => {
    const { trackingId } = await submit();
    await call('POST', `/admin/complaints/${trackingId}/verification`, { token: adminToken, body: { action: 'ARCHIVE', reason: 'Duplikat laporan lain' } });
    const again = await call('POST', `/admin/complaints/${trackingId}/verification`, { token: adminToken, body: { action: 'HOLD' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_TRANSITION');
    expect(again.body.error.message).toContain('ARCHIVED');
  });

  test('archiving without a reason names the field', async () => {
    const { trackingId } = await submit();
    const res = await call('POST', `/admin/complaints/${trackingId}/verification`, { token: adminToken, body: { action: 'ARCHIVE' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'reason', message: 'A reason is required for ARCHIVE' }]);
  });

  test('staff routes need a valid token; the wrong role is 403', async () => {
    expect((await call('GET', '/admin/complaints')).status).toBe(401);
    expect((await call('GET', '/admin/complaints', { token: 'not.a.jwt' })).status).toBe(401);
    const forbidden = await call('GET', '/admin/complaints', { token: dpuprToken });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
  });

  test('a bad tracking ID is a 400 naming the path parameter; an unknown one is 404', async () => {
    const bad = await call('GET', '/complaints/hello');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('trackingId');
    expect((await call('GET', '/complaints/BLR-0000000000')).status).toBe(404);
  });
});
