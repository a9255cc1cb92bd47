// Every response the API gives, across a realistic flow over every route and the error cases,
// validated against GET /openapi.json: the status must be documented for the operation, the media
// type too, and the body must match the schema (strict objects: an undocumented field fails).
// Checked with ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) and ajv-formats.

import { plainJpeg } from '../support/photos';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { buildDependencies, type Dependencies } from '../../functions/handlers/dependencies';
import { buildOpenApiDocument, type JsonSchema, type OpenApiDocument } from '../../functions/http/openapi';
import { apiClient, type CallOptions, type CallResult } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/local-system';

const DAY = 86_400_000;
// Each test drives dozens of requests through the local runtime; a busy machine needs more than 5 s.
jest.setTimeout(60_000);

let system: TestSystem;
let call: ReturnType<typeof apiClient>;
let doc: OpenApiDocument;
const tokens: Record<string, string> = {};
/** Every handler group's dependencies, so a test can lower the inline CSV limit. */
const created: Dependencies[] = [];
/** The local clock runs this far ahead of the real one (escalation needs 60 days without follow-up). */
let clockOffsetMs = 0;

beforeAll(async () => {
  system = await startTestSystem({
    runSchedules: false,
    s3: { port: 0 },
    buildDependencies: (env, provided) => {
      const deps = buildDependencies(env, { ...provided, clock: { now: () => new Date(Date.now() + clockOffsetMs) } });
      created.push(deps);
      return deps;
    },
  });
  call = apiClient(system.apiUrl);
  tokens.admin = await system.tokenFor('admin');
  tokens.auditor = await system.tokenFor('auditor');
  for (const agencyId of ['dpupr', 'dinkes', 'dlh']) tokens[agencyId] = await system.tokenFor('agency', agencyId);
  const served = await call('GET', '/openapi.json');
  expect(served.status).toBe(200);
  doc = served.body;
}, 60_000);

afterAll(async () => {
  await system?.stop();
});

// ---- validation against the document --------------------------------------------------------

const SCHEMA_BASE = 'https://tuntas.invalid/schemas/';
let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();
/** operationId → statuses seen and validated. */
const seen = new Map<string, Set<string>>();

function validatorFor(key: string, schema: JsonSchema): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
    addFormats(ajv);
    for (const [name, component] of Object.entries(doc.components.schemas)) ajv.addSchema({ ...rewriteRefs(component), $id: `${SCHEMA_BASE}${name}` });
  }
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(rewriteRefs(schema));
    compiled.set(key, validate);
  }
  return validate;
}

function rewriteRefs(schema: unknown): JsonSchema {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${SCHEMA_BASE}`));
}

function resolve<T>(node: T | { $ref: string }): T {
  if (node && typeof node === 'object' && '$ref' in node) {
    return node.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<any>((at, key) => at?.[key], doc) as T;
  }
  return node as T;
}

interface ResponseObject {
  description: string;
  headers?: Record<string, { required?: boolean }>;
  content?: Record<string, { schema: JsonSchema; example?: string }>;
}

/** The operation whose path template matches, the way API Gateway picks it (literal segments win). */
function operationFor(method: string, rawPath: string) {
  const path = rawPath.split('?')[0]!;
  let best: { operationId: string; responses: Record<string, unknown>; literals: number } | undefined;
  for (const [template, item] of Object.entries(doc.paths)) {
    const operation = item[method.toLowerCase()];
    if (!operation) continue;
    const parts = template.split('/');
    const segments = path.split('/');
    if (parts.length !== segments.length) continue;
    let literals = 0;
    const matches = parts.every((part, i) => {
      if (/^\{\w+\}$/.test(part)) return segments[i] !== '';
      literals++;
      return decodeURIComponent(segments[i]!) === part;
    });
    if (matches && (!best || literals > best.literals)) best = { operationId: operation.operationId, responses: operation.responses, literals };
  }
  return best;
}

/** Calls the API and fails unless the answer is exactly what the document says it can be. */
async function api(method: string, path: string, options: CallOptions = {}, expectedStatus?: number): Promise<CallResult> {
  const res = await call(method, path, options);
  const operation = operationFor(method, path);
  const where = `${method} ${path} → ${res.status}`;
  let response: ResponseObject | undefined;
  let key: string;
  if (operation) {
    response = operation.responses[String(res.status)] ? resolve(operation.responses[String(res.status)] as ResponseObject) : undefined;
    key = `${operation.operationId} ${res.status}`;
    if (!response) throw new Error(`${where}: status ${res.status} is not documented for ${operation.operationId}\n${res.text.slice(0, 500)}`);
    const statuses = seen.get(operation.operationId) ?? new Set<string>();
    statuses.add(String(res.status));
    seen.set(operation.operationId, statuses);
  } else {
    // No route: API Gateway's own 404, documented as a shared response.
    response = resolve(doc.components.responses.RouteNotFound as ResponseObject);
    key = `RouteNotFound ${res.status}`;
    expect([where, res.status]).toEqual([where, 404]);
  }
  if (expectedStatus !== undefined) expect([where, res.status]).toEqual([where, expectedStatus]);

  const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const media = response.content?.[mediaType];
  if (!media) throw new Error(`${where}: media type "${mediaType}" is not documented (${Object.keys(response.content ?? {}).join(', ')})`);
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    if (header.required) expect([where, name, res.headers.has(name)]).toEqual([where, name, true]);
  }
  if (mediaType === 'application/json') {
    const validate = validatorFor(`${key} ${mediaType}`, media.schema);
    if (!validate(res.body)) {
      throw new Error(`${where}: the body does not match the document:\n${JSON.stringify(validate.errors, null, 2)}\n${res.text.slice(0, 2000)}`);
    }
  } else {
    expect(typeof res.text).toBe('string');
    if (mediaType === 'text/csv' && media.example) {
      // The documented columns are the CSV's header row (after Excel's byte order mark).
      expect(res.text.startsWith(`\ufeff${media.example}`)).toBe(true);
    }
  }
  return res;
}

// ---- the flow ---------------------------------------------------------------------------------

const REPORTER = { name: 'Siti Aminah', email: 'siti.aminah@example.com', phone: '+62 812 1111 2222' };

async function submit(extra: Record<string, unknown> = {}) {
  const res = await api(
    'POST',
    '/complaints',
    {
      body: {
        classification: 'PENGADUAN',
        title: 'Lampu jalan padam di Jl. Pemuda',
        description: 'Sudah dua minggu lampu jalan padam, rawan kecelakaan malam hari.',
        category: 'infrastruktur',
        location: { address: 'Jl. Pemuda, Blora', lat: -6.97, lon: 111.42 },
        incidentDate: '2026-01-15',
        reporter: REPORTER,
        ...extra,
      },
    },
    201,
  );
  return res.body as { trackingId: string; accessToken: string };
}

test('the served document is the one the code builds', async () => {
  const served = await api('GET', '/openapi.json', {}, 200);
  expect(served.body).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument({ tokenUrl: served.body.components.securitySchemes.auditorClientCredentials.flows.clientCredentials.tokenUrl }))));
  expect(served.headers.get('cache-control')).toContain('max-age');
});

test('health', async () => {
  await api('GET', '/health', {}, 200);
  await api('GET', '/health?cache=bust', {}, 200);
});

test('the whole lifecycle, every response as documented', async () => {
  const { trackingId, accessToken } = await submit();
  const confidential = await submit({ confidential: true, anonymous: true });

  // Public and reporter views.
  await api('GET', `/complaints/${trackingId}`, {}, 200);
  const reporterView = await api('GET', `/complaints/${trackingId}`, { accessToken }, 200);
  expect(reporterView.body.reporter).toEqual(REPORTER);
  await api('GET', `/complaints/${confidential.trackingId}`, {}, 404);
  await api('GET', `/complaints/${confidential.trackingId}`, { accessToken: confidential.accessToken }, 200);

  // The portal's reads: region info and the public list (filtered, paged).
  await api('GET', '/region', {}, 200);
  const publicPage = await api('GET', '/complaints?limit=1', {}, 200);
  await api('GET', `/complaints?classification=PENGADUAN&cursor=${encodeURIComponent(publicPage.body.nextCursor ?? 'x')}`, {}, publicPage.body.nextCursor ? 200 : 400);
  await api('GET', '/complaints?status=SUBMITTED&category=infrastruktur', {}, 200);

  // Coordinator: queue, full view, agencies.
  await api('GET', '/admin/complaints?status=SUBMITTED&limit=2', { token: tokens.admin }, 200);
  await api('GET', '/admin/complaints', { token: tokens.admin }, 200);
  await api('GET', `/admin/complaints/${trackingId}`, { token: tokens.admin }, 200);
  await api('GET', '/admin/agencies', { token: tokens.admin }, 200);
  await api('GET', '/admin/notifications/undelivered?limit=5', { token: tokens.admin }, 200);
  await api('PUT', '/admin/agencies/dispermades', { token: tokens.admin, body: { name: 'Dinas PMD', emails: ['pmd@blorakab.go.id'], active: true } }, 201);
  await api('PUT', '/admin/agencies/dispermades', { token: tokens.admin, body: { name: 'Dinas PMD Kab. Blora', emails: ['pmd@blorakab.go.id'], active: true } }, 200);

  // Verification to two agencies.
  const verified = await api(
    'POST',
    `/admin/complaints/${trackingId}/verification`,
    { token: tokens.admin, body: { action: 'DISPOSITION', agencyIds: ['dpupr', 'dinkes'] } },
    200,
  );
  expect(verified.body.status).toBe('DISPOSITIONED');

  // Agencies: list, detail, follow-ups, return.
  await api('GET', '/agency/dispositions', { token: tokens.dpupr }, 200);
  await api('GET', '/agency/dispositions?status=PENDING&limit=5', { token: tokens.dpupr }, 200);
  await api('GET', `/agency/dispositions/${trackingId}`, { token: tokens.dpupr }, 200);
  await api('POST', `/agency/dispositions/${trackingId}/follow-ups`, { token: tokens.dpupr, body: { message: 'Tim sudah meninjau lokasi.' } }, 201);
  await api('POST', `/agency/dispositions/${trackingId}/follow-ups`, { token: tokens.dpupr, body: { message: 'Lampu sudah diganti.', final: true } }, 201);
  const returned = await api('POST', `/agency/dispositions/${trackingId}/return`, { token: tokens.dinkes, body: { reason: 'Bukan kewenangan Dinas Kesehatan' } }, 200);
  expect(returned.body.complaintStatus).toBe('COMPLETED');

  // Reporter reopens; the coordinator re-dispositions; both agencies complete; the reporter rates.
  await api('POST', `/complaints/${trackingId}/responses`, { accessToken, body: { message: 'Lampu padam lagi.', reopen: true } }, 201);
  await api('POST', `/admin/complaints/${trackingId}/dispositions`, { token: tokens.admin, body: { agencyId: 'dlh', note: 'Mohon dicek' } }, 201);
  await api('POST', `/agency/dispositions/${trackingId}/follow-ups`, { token: tokens.dpupr, body: { message: 'Diganti lagi.', final: true } }, 201);
  await api('POST', `/agency/dispositions/${trackingId}/follow-ups`, { token: tokens.dlh, body: { message: 'Tidak ada masalah lingkungan.', final: true } }, 201);
  await api('POST', `/complaints/${trackingId}/responses`, { accessToken, body: { message: 'Terima kasih.', rating: 5 } }, 201);

  // Every view of the finished complaint.
  await api('GET', `/complaints/${trackingId}`, {}, 200);
  await api('GET', `/complaints/${trackingId}`, { accessToken }, 200);
  await api('GET', `/admin/complaints/${trackingId}`, { token: tokens.admin }, 200);
  await api('GET', `/agency/dispositions/${trackingId}`, { token: tokens.dlh }, 200);

  // Hold, archive and not-authority.
  const held = await submit({ anonymous: true });
  await api('POST', `/admin/complaints/${held.trackingId}/verification`, { token: tokens.admin, body: { action: 'HOLD', reason: 'Menunggu foto' } }, 200);
  await api('POST', `/admin/complaints/${held.trackingId}/verification`, { token: tokens.admin, body: { action: 'ARCHIVE', reason: 'Duplikat' } }, 200);
  const other = await submit({ classification: 'PERMINTAAN_INFORMASI' });
  await api('POST', `/admin/complaints/${other.trackingId}/verification`, { token: tokens.admin, body: { action: 'NOT_AUTHORITY', reason: 'Kewenangan provinsi' } }, 200);
});

test('escalation to the Ombudsman after 60 days without follow-up', async () => {
  const { trackingId, accessToken } = await submit({ title: 'Jalan berlubang di Cepu' });
  const other = await submit();
  await api('POST', `/complaints/${trackingId}/escalation`, {}, 401);
  await api('POST', `/complaints/${trackingId}/escalation`, { accessToken: other.accessToken }, 403);
  await api('POST', `/complaints/${trackingId}/escalation`, { accessToken }, 409);
  clockOffsetMs = 61 * DAY;
  try {
    const escalated = await api('POST', `/complaints/${trackingId}/escalation`, { accessToken }, 202);
    expect(escalated.body.status).toBe('ESCALATED');
    await api('POST', `/complaints/${trackingId}/escalation`, { accessToken }, 409);
    await api('GET', `/complaints/${trackingId}`, { accessToken }, 200);
  } finally {
    clockOffsetMs = 0;
  }
});

test("the coordinator's desk: key-in by channel, corrections, staff accounts", async () => {
  const keyed = await api(
    'POST',
    '/admin/complaints',
    { token: tokens.admin, body: { classification: 'PENGADUAN', title: 'Laporan lewat telepon', description: 'Warga menelepon: air PDAM mati tiga hari.', channel: 'PHONE' } },
    201,
  );
  const corrected = await api(
    'POST',
    `/admin/complaints/${keyed.body.trackingId}/correction`,
    { token: tokens.admin, body: { category: 'Kesehatan', classification: 'ASPIRASI' } },
    200,
  );
  expect(corrected.body.actions).toContain('CORRECT');
  await api('POST', `/admin/complaints/${keyed.body.trackingId}/correction`, { token: tokens.admin, body: {} }, 400);

  const staff = await api('GET', '/admin/staff?limit=2', { token: tokens.admin }, 200);
  expect(staff.body.nextCursor).toEqual(expect.any(String));
  const invited = await api('POST', '/admin/staff', { token: tokens.admin, body: { email: 'baru.dpupr@blorakab.go.id', name: 'Petugas Baru', role: 'agency', agencyId: 'dpupr' } }, 201);
  await api('POST', '/admin/staff', { token: tokens.admin, body: { email: 'baru.dpupr@blorakab.go.id', role: 'agency', agencyId: 'dpupr' } }, 409);
  await api('PUT', `/admin/staff/${invited.body.userId}/agency`, { token: tokens.admin, body: { agencyId: 'dinkes' } }, 200);
  await api('POST', `/admin/staff/${invited.body.userId}/disable`, { token: tokens.admin }, 200);
  await api('POST', `/admin/staff/${invited.body.userId}/enable`, { token: tokens.admin }, 200);
  await api('POST', '/admin/staff/tidak-ada/disable', { token: tokens.admin }, 404);
  await api('POST', `/admin/staff/${invited.body.userId}/reset-mfa`, { token: tokens.admin }, 200);
  await api('POST', '/admin/staff/tidak-ada/reset-mfa', { token: tokens.admin }, 404);
  // A coordinator's token without TOTP set up: the documented 403 with its own code.
  const withoutMfa = await system.issuer.mintStaffToken({ role: 'admin', mfa: false });
  const refused = await api('GET', '/admin/staff', { token: withoutMfa }, 403);
  expect(refused.body.error.code).toBe('MFA_REQUIRED');
});

test('the coordinator withdraws an overdue disposition (not before its deadline)', async () => {
  const { trackingId } = await submit({ title: 'Saluran tersumbat' });
  await api('POST', `/admin/complaints/${trackingId}/verification`, { token: tokens.admin, body: { action: 'DISPOSITION', agencyIds: ['dpupr'] } }, 200);
  const path = `/admin/complaints/${trackingId}/dispositions/dpupr/withdrawal`;
  await api('POST', path, { token: tokens.admin, body: { reason: 'Salah disposisi' } }, 409);
  clockOffsetMs = 10 * DAY;
  try {
    await api('POST', `/agency/dispositions/${trackingId}/return`, { token: tokens.dpupr, body: { reason: 'Bukan kewenangan' } }, 409);
    const withdrawn = await api('POST', path, { token: tokens.admin, body: { reason: 'Salah disposisi' } }, 200);
    expect(withdrawn.body.status).toBe('RETURNED');
    expect(withdrawn.body.actions).toContain('DISPOSITION');
  } finally {
    clockOffsetMs = 0;
  }
});

describe('reports', () => {
  const year = () => new Date().toLocaleString('sv-SE', { timeZone: 'Asia/Jakarta' }).slice(0, 4);

  test('compliance, history, summary and exports, for the auditor and the coordinator', async () => {
    const period = year();
    for (const token of [tokens.auditor, tokens.admin]) {
      await api('GET', '/reports/compliance', { token }, 200);
      await api('GET', `/reports/compliance?period=${period}&format=json`, { token }, 200);
      await api('GET', `/reports/compliance?period=${period}-01&format=csv`, { token }, 200);
      await api('GET', `/reports/summary?period=${period}`, { token }, 200);
      await api('GET', '/reports/complaints?limit=2', { token }, 200);
      await api('GET', '/reports/complaints?status=COMPLETED&agencyId=dpupr', { token }, 200);
      await api('GET', '/reports/complaints?format=csv', { token }, 200);
    }
    await system.runJob('compliance', new Date());
    const history = await api('GET', `/reports/compliance/dpupr?period=${period}`, { token: tokens.auditor }, 200);
    expect(history.body.snapshots.length).toBeGreaterThan(0);
    await api('GET', '/reports/compliance/dpupr', { token: tokens.auditor }, 200);
    await api('GET', '/reports/compliance/tidak-ada', { token: tokens.auditor }, 404);
    const own = await api('GET', `/agency/compliance?year=${period}`, { token: tokens.dpupr }, 200);
    expect(own.body.agencyId).toBe('dpupr');
    await api('GET', '/agency/compliance', { token: tokens.dpupr }, 200);
    await api('GET', `/agency/compliance?year=${Number(period) + 1}`, { token: tokens.dpupr }, 400);
  });

  test('a large CSV export answers 303 with a download link', async () => {
    for (const deps of created) deps.exportInlineLimitBytes = 200;
    try {
      const res = await api('GET', '/reports/complaints?format=csv', { token: tokens.auditor }, 303);
      expect(res.headers.get('location')).toBe(res.body.downloadUrl);
      // A browser asks for the link itself: it cannot read a cross-origin redirect.
      const link = await api('GET', '/reports/complaints?format=csv&delivery=link', { token: tokens.admin }, 201);
      expect(link.headers.get('location')).toBe(link.body.downloadUrl);
      expect(link.body.rows).toBe(res.body.rows);
      await api('GET', '/reports/complaints?delivery=link', { token: tokens.admin }, 400);
    } finally {
      for (const deps of created) delete deps.exportInlineLimitBytes;
    }
  });

  test("the README's first call: a client-credentials token from the issuer, then the CSV export", async () => {
    const basic = Buffer.from(`${system.auditorClient.id}:${system.auditorClient.secret}`).toString('base64');
    const tokenResponse = await fetch(`${system.issuerUrl}/oauth2/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=tuntas%2Freports.read',
    });
    expect(tokenResponse.status).toBe(200);
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    const csv = await api('GET', '/reports/complaints?format=csv', { token }, 200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  });
});

describe('errors, each as documented', () => {
  test('400: body, query and path validation; not JSON', async () => {
    await api('POST', '/complaints', { body: { classification: 'KELUHAN', title: 'abc', extra: 1 } }, 400);
    await api('POST', '/complaints', { rawBody: '{"title": ' }, 400);
    await api('GET', '/complaints/hello', {}, 400);
    await api('GET', '/admin/complaints?status=NEW', { token: tokens.admin }, 400);
    await api('GET', '/admin/complaints?unknown=1', { token: tokens.admin }, 400);
    await api('GET', '/admin/notifications/undelivered?cursor=bm90LWEtY3Vyc29y', { token: tokens.admin }, 400);
    await api('GET', '/agency/dispositions?limit=0', { token: tokens.dpupr }, 400);
    await api('PUT', '/admin/agencies/X', { token: tokens.admin, body: { name: 'x', emails: [], active: 'yes' } }, 400);
    await api('GET', '/reports/compliance?period=2026-13', { token: tokens.auditor }, 400);
    await api('GET', '/reports/complaints?format=csv&limit=5', { token: tokens.auditor }, 400);
    await api('GET', '/reports/complaints?from=2026-02-01&to=2026-01-01', { token: tokens.auditor }, 400);
    await api('GET', '/reports/compliance/dpupr?from=2026-02-01&to=2026-01-01', { token: tokens.auditor }, 400);
    await api('GET', '/reports/summary?period=26', { token: tokens.auditor }, 400);
    const { trackingId } = await submit();
    await api('POST', `/admin/complaints/${trackingId}/verification`, { token: tokens.admin, body: { action: 'ARCHIVE' } }, 400);
    await api('POST', `/admin/complaints/${trackingId}/verification`, { token: tokens.admin, body: { action: 'DISPOSITION', agencyIds: ['tidak-ada'] } }, 400);
  });

  test("401: API Gateway's own answer without or with a bad token; the handler's without X-Access-Token", async () => {
    for (const [method, path] of [
      ['GET', '/admin/complaints'],
      ['GET', '/agency/dispositions'],
      ['GET', '/reports/compliance'],
    ] as const) {
      const res = await api(method, path, {}, 401);
      expect(res.body).toEqual({ message: 'Unauthorized' });
      await api(method, path, { token: 'not.a.jwt' }, 401);
    }
    const { trackingId } = await submit();
    const res = await api('POST', `/complaints/${trackingId}/responses`, { body: { message: 'Halo' } }, 401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
  });

  test('403: the wrong role, or another complaint\'s access token', async () => {
    await api('GET', '/admin/complaints', { token: tokens.dpupr }, 403);
    await api('GET', '/agency/dispositions', { token: tokens.admin }, 403);
    await api('GET', '/reports/summary', { token: tokens.dpupr }, 403);
    await api('PUT', '/admin/agencies/dpupr', { token: tokens.dpupr, body: { name: 'Dinas PUPR', emails: ['pupr@blorakab.go.id'], active: true } }, 403);
    const a = await submit();
    const b = await submit();
    await api('POST', `/complaints/${a.trackingId}/responses`, { accessToken: b.accessToken, body: { message: 'Halo' } }, 403);
  });

  test('404: unknown complaint, another agency\'s disposition, unknown route', async () => {
    await api('GET', '/complaints/BLR-0000000000', {}, 404);
    await api('GET', '/admin/complaints/BLR-0000000000', { token: tokens.admin }, 404);
    await api('POST', '/admin/complaints/BLR-0000000000/dispositions', { token: tokens.admin, body: { agencyId: 'dpupr' } }, 404);
    const { trackingId } = await submit();
    await api('POST', `/admin/complaints/${trackingId}/verification`, { token: tokens.admin, body: { action: 'DISPOSITION', agencyIds: ['dpupr'] } }, 200);
    await api('GET', `/agency/dispositions/${trackingId}`, { token: tokens.dinkes }, 404);
    await api('POST', `/agency/dispositions/${trackingId}/follow-ups`, { token: tokens.dinkes, body: { message: 'Bukan milik kami' } }, 404);
    await api('POST', `/agency/dispositions/${trackingId}/return`, { token: tokens.dinkes, body: { reason: 'Bukan milik kami' } }, 404);
    await api('POST', '/complaints/BLR-0000000000/responses', { accessToken: 'x', body: { message: 'Halo' } }, 404);
    const unknown = await api('GET', '/tidak-ada', {}, 404);
    expect(unknown.body).toEqual({ message: 'Not Found' });
    await api('DELETE', '/complaints', {}, 404);
  });

  test('409: illegal transitions and duplicates', async () => {
    const { trackingId, accessToken } = await submit();
    await api('POST', `/complaints/${trackingId}/responses`, { accessToken, body: { message: 'Bagus', rating: 4 } }, 409);
    await api('POST', `/admin/complaints/${trackingId}/verification`, { token: tokens.admin, body: { action: 'DISPOSITION', agencyIds: ['dpupr'] } }, 200);
    await api('POST', `/admin/complaints/${trackingId}/verification`, { token: tokens.admin, body: { action: 'HOLD' } }, 409);
    await api('POST', `/admin/complaints/${trackingId}/dispositions`, { token: tokens.admin, body: { agencyId: 'dpupr' } }, 409);
    await api('POST', `/agency/dispositions/${trackingId}/follow-ups`, { token: tokens.dpupr, body: { message: 'Selesai', final: true } }, 201);
    await api('POST', `/agency/dispositions/${trackingId}/follow-ups`, { token: tokens.dpupr, body: { message: 'Lagi' } }, 409);
    await api('POST', `/agency/dispositions/${trackingId}/return`, { token: tokens.dpupr, body: { reason: 'Bukan kami' } }, 409);
  });

  test('Idempotency-Key: a retry gets the first answer; the key with another body is 422; a malformed key is 400', async () => {
    const body = { classification: 'ASPIRASI', title: 'Taman kota perlu bangku', description: 'Mohon ditambah bangku di taman kota Blora.' };
    const key = `conformance-${Date.now()}`;
    const first = await api('POST', '/complaints', { body, headers: { 'idempotency-key': key } }, 201);
    const again = await api('POST', '/complaints', { body, headers: { 'idempotency-key': key } }, 201);
    expect(again.body.trackingId).toBe(first.body.trackingId);
    await api('POST', '/complaints', { body: { ...body, title: 'Taman kota perlu lampu' }, headers: { 'idempotency-key': key } }, 422);
    await api('POST', '/complaints', { body, headers: { 'idempotency-key': 'bukan kunci!' } }, 400);
  });

  test('429: over the per-client submission limit, with Retry-After', async () => {
    const limits = created.map((deps) => deps.settings.submissionsPerClientPerHour);
    for (const deps of created) deps.settings.submissionsPerClientPerHour = 0;
    try {
      const res = await api('POST', '/complaints', { body: { classification: 'ASPIRASI', title: 'Satu lagi laporan', description: 'Laporan yang melewati batas per jam.' } }, 429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      created.forEach((deps, i) => (deps.settings.submissionsPerClientPerHour = limits[i]!));
    }
  });

  test('413 and 415: oversized and non-JSON bodies', async () => {
    const huge = { classification: 'ASPIRASI', title: 'x'.repeat(70_000), description: 'y' };
    const tooLarge = await api('POST', '/complaints', { body: huge }, 413);
    expect(tooLarge.body.error.details).toEqual({ limitBytes: 65536 });
    await api('POST', '/admin/complaints/BLR-0000000000/dispositions', { token: tokens.admin, body: { agencyId: 'x'.repeat(70_000) } }, 413);
    await api('POST', '/complaints', { rawBody: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415);
    await api('POST', '/agency/dispositions/BLR-0000000000/follow-ups', { token: tokens.dpupr, rawBody: '<x/>', headers: { 'content-type': 'text/xml' } }, 415);
  });
});

test('attachments: declare, upload, complete, and the refusals, each as documented', async () => {
  // A real JPEG: the public gets only images whose metadata could be stripped.
  const jpeg = plainJpeg();
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(jpeg.length - 8, 7)]);
  const putFile = async (url: string, body: Buffer) => expect((await fetch(url, { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body })).status).toBe(200);
  const { trackingId, accessToken } = await submit();
  const declared = { fileName: 'lubang.jpg', contentType: 'image/jpeg', size: jpeg.length };

  const created = await api('POST', `/complaints/${trackingId}/attachments`, { accessToken, body: declared }, 201);
  const completePath = `/complaints/${trackingId}/attachments/${created.body.attachmentId}/complete`;
  await api('POST', completePath, { accessToken }, 409); // not uploaded yet
  await putFile(created.body.uploadUrl, jpeg);
  await api('POST', completePath, { accessToken }, 200);
  await api('POST', completePath, {}, 401);
  await api('POST', `/complaints/${trackingId}/attachments`, { accessToken, body: { ...declared, contentType: 'image/gif' } }, 415);
  await api('POST', `/complaints/${trackingId}/attachments`, { accessToken, body: { ...declared, size: 50 * 1024 * 1024 } }, 413);
  await api('POST', `/complaints/${trackingId}/attachments`, { accessToken, body: { ...declared, fileName: '../' } }, 400);
  const wrongType = await api('POST', `/complaints/${trackingId}/attachments`, { accessToken, body: { ...declared, size: png.length } }, 201);
  await putFile(wrongType.body.uploadUrl, png);
  await api('POST', `/complaints/${trackingId}/attachments/${wrongType.body.attachmentId}/complete`, { accessToken }, 415);
  const tooLarge = await api('POST', `/complaints/${trackingId}/attachments`, { accessToken, body: { ...declared, size: 100 } }, 201);
  await putFile(tooLarge.body.uploadUrl, jpeg);
  await api('POST', `/complaints/${trackingId}/attachments/${tooLarge.body.attachmentId}/complete`, { accessToken }, 413);

  // Released to the public at verification; every view carries the files with their links.
  await api('POST', `/admin/complaints/${trackingId}/verification`, { token: tokens.admin, body: { action: 'DISPOSITION', agencyIds: ['dpupr'], publicAttachments: true } }, 200);
  const agencyCreated = await api('POST', `/agency/dispositions/${trackingId}/attachments`, { token: tokens.dpupr, body: declared }, 201);
  await putFile(agencyCreated.body.uploadUrl, jpeg);
  await api('POST', `/agency/dispositions/${trackingId}/attachments/${agencyCreated.body.attachmentId}/complete`, { token: tokens.dpupr }, 200);
  await api('POST', `/agency/dispositions/${trackingId}/attachments`, { token: tokens.dinkes, body: declared }, 404);
  await api('POST', `/agency/dispositions/${trackingId}/attachments/${agencyCreated.body.attachmentId}/complete`, { token: tokens.dinkes }, 404);
  const open = await api('GET', `/complaints/${trackingId}`, {}, 200);
  expect(open.body.attachments).toHaveLength(1);
  expect((await api('GET', `/complaints/${trackingId}`, { accessToken }, 200)).body.attachments).toHaveLength(2);
  expect((await api('GET', `/admin/complaints/${trackingId}`, { token: tokens.admin }, 200)).body.attachments).toHaveLength(2);
  expect((await api('GET', `/agency/dispositions/${trackingId}`, { token: tokens.dpupr }, 200)).body.attachments).toHaveLength(2);
});

test('every operation answered with each documented success status, and every error status was seen', () => {
  const missing: string[] = [];
  for (const item of Object.values(doc.paths)) {
    for (const operation of Object.values(item)) {
      const statuses = seen.get(operation.operationId) ?? new Set<string>();
      for (const status of Object.keys(operation.responses).filter((s) => /^[23]/.test(s))) {
        if (!statuses.has(status)) missing.push(`${operation.operationId} ${status}`);
      }
    }
  }
  expect(missing).toEqual([]);
  const errorStatuses = new Set([...seen.values()].flatMap((s) => [...s]));
  for (const status of ['400', '401', '403', '404', '409', '413', '415', '422', '429']) expect(errorStatuses).toContain(status);
});
