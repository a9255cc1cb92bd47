// Public API guards over HTTP: Idempotency-Key on POST /complaints, the per-client rate limit,
// and logs that carry a correlation id but never a citizen's contact details.

import { randomUUID } from 'node:crypto';
import { loadRegionConfig } from '../../lib/config';
import { logger } from '../../functions/http/logger';
import { apiClient } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/local-system';

const BODY = {
  classification: 'PENGADUAN',
  title: 'Sampah menumpuk di pasar',
  description: 'Sampah tidak diangkut selama dua minggu dan mulai berbau.',
  reporter: { name: 'Siti Aminah', email: 'siti.aminah@contoh.id', phone: '+62 813 2222 3333' },
};

describe('Idempotency-Key', () => {
  let system: TestSystem;
  let call: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    system = await startTestSystem();
    call = apiClient(system.apiUrl);
  });
  afterAll(() => system?.stop());

  test('50 concurrent requests with one key create one complaint, and all get the same response', async () => {
    const key = randomUUID();
    const body = { ...BODY, title: `Sampah menumpuk ${key.slice(0, 8)}` };
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => call('POST', '/complaints', { body, headers: { 'idempotency-key': key } })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const distinct = new Set(responses.map((r) => JSON.stringify(r.body)));
    expect(distinct.size).toBe(1);
    const admin = await system.tokenFor('admin');
    const listed = await call('GET', '/admin/complaints?limit=100', { token: admin });
    expect(listed.body.items.filter((c: { title: string }) => c.title === body.title)).toHaveLength(1);
    // The replayed response really is the complaint's: its token opens the reporter view.
    const view = await call('GET', `/complaints/${responses[0]!.body.trackingId}`, { accessToken: responses[49]!.body.accessToken });
    expect(view.body.reporter).toEqual(BODY.reporter);
  }, 60_000);

  test('a used key with a different body is 422; a malformed key is 400', async () => {
    const key = randomUUID();
    expect((await call('POST', '/complaints', { body: BODY, headers: { 'idempotency-key': key } })).status).toBe(201);
    const reused = await call('POST', '/complaints', { body: { ...BODY, title: 'Judul lain sama sekali' }, headers: { 'idempotency-key': key } });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const malformed = await call('POST', '/complaints', { body: BODY, headers: { 'idempotency-key': 'bukan kunci yang sah!' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].field).toBe('Idempotency-Key');
  });

  test('a keyed-in complaint (POST /admin/complaints) files once for one key: a double submit and retries get the same answer', async () => {
    const admin = await system.tokenFor('admin');
    const key = randomUUID();
    const body = { ...BODY, title: `Telepon warga ${key.slice(0, 8)}`, channel: 'PHONE' };
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => call('POST', '/admin/complaints', { body, token: admin, headers: { 'idempotency-key': key } })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((r) => r.body.trackingId)).size).toBe(1);
    const listed = await call('GET', `/admin/complaints?q=${encodeURIComponent(`Telepon warga ${key.slice(0, 8)}`)}&limit=100`, { token: admin });
    expect(listed.body.items).toHaveLength(1);
    const reused = await call('POST', '/admin/complaints', { body: { ...body, channel: 'LETTER' }, token: admin, headers: { 'idempotency-key': key } });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const malformed = await call('POST', '/admin/complaints', { body, token: admin, headers: { 'idempotency-key': 'bukan kunci!' } });
    expect(malformed.status).toBe(400);
    // Without a key, each request is a new complaint (as before).
    const plain = await call('POST', '/admin/complaints', { body, token: admin });
    expect(plain.status).toBe(201);
    expect(plain.body.trackingId).not.toBe(responses[0]!.body.trackingId);
  }, 60_000);

  test('an invalid body is refused before the key is used, so a corrected retry with the key works', async () => {
    const key = randomUUID();
    const bad = await call('POST', '/complaints', { body: { ...BODY, title: 'x' }, headers: { 'idempotency-key': key } });
    expect(bad.status).toBe(400);
    expect((await call('POST', '/complaints', { body: BODY, headers: { 'idempotency-key': key } })).status).toBe(201);
  });
});

describe('per-client rate limit on POST /complaints', () => {
  let system: TestSystem;
  let call: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    const config = loadRegionConfig('config/blora.json');
    system = await startTestSystem({ config: { ...config, limits: { submissionsPerClientPerHour: 5 } } });
    call = apiClient(system.apiUrl);
  });
  afterAll(() => system?.stop());

  test('the sixth submission within the hour is 429 with Retry-After, and nothing is created for it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call('POST', '/complaints', { body: { ...BODY, title: `Laporan nomor ${i}` } })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    const limited = await call('POST', '/complaints', { body: BODY });
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    const admin = await system.tokenFor('admin');
    expect((await call('GET', '/admin/complaints?limit=100', { token: admin })).body.items).toHaveLength(5);
    // Reading is not limited.
    expect((await call('GET', '/health')).status).toBe(200);
  });
});

describe('logs', () => {
  test('every request logs JSON with its correlation id, and no contact details anywhere', async () => {
    const lines: string[] = [];
    const capture = (chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    };
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
    logger.setLevel('INFO');
    const system = await startTestSystem({ log: (line) => lines.push(line) });
    try {
      const call = apiClient(system.apiUrl);
      const created = await call('POST', '/complaints', { body: BODY, headers: { 'x-correlation-id': 'uji-korelasi-1' } });
      expect(created.headers.get('x-correlation-id')).toBe('uji-korelasi-1');
      const { trackingId, accessToken } = created.body;
      const admin = await system.tokenFor('admin');
      const agency = await system.tokenFor('agency', 'dpupr');
      await call('POST', `/admin/complaints/${trackingId}/verification`, { token: admin, body: { action: 'DISPOSITION', agencyIds: ['dpupr'] } });
      await call('POST', `/agency/dispositions/${trackingId}/follow-ups`, { token: agency, body: { message: 'Sudah diangkut', final: true } });
      await call('GET', `/complaints/${trackingId}`, { accessToken });
      await call('POST', `/complaints/${trackingId}/responses`, { accessToken, body: { message: 'Terima kasih', rating: 5 } });
      // Refused requests are logged too, still without the body.
      await call('POST', '/complaints', { body: { ...BODY, classification: 'SALAH' } });
      await call('POST', '/complaints', { rawBody: JSON.stringify(BODY).slice(0, -3) });
    } finally {
      await system.stop();
      logger.setLevel('SILENT');
      stdout.mockRestore();
      stderr.mockRestore();
    }
    const text = lines.join('\n');
    for (const secret of [BODY.reporter.email, BODY.reporter.phone, BODY.reporter.name, 'siti.aminah', '2222 3333']) {
      expect(text).not.toContain(secret);
    }
    const json = lines.flatMap((l) => l.split('\n')).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    const requestLogs = json.filter((l) => l.message === 'request' || l.message === 'request refused');
    expect(requestLogs.length).toBeGreaterThanOrEqual(7);
    expect(requestLogs.every((l) => typeof l.correlationId === 'string' && l.correlationId.length > 0)).toBe(true);
    expect(requestLogs.find((l) => l.correlationId === 'uji-korelasi-1')).toMatchObject({ route: 'POST /complaints', status: 201, level: 'INFO' });
  }, 60_000);
});
