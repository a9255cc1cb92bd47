// Fuzzing the four handler groups (public, admin, agency, reports) with fast-check.
//
// Part 1, in process (the bulk, for speed): every generated request becomes the payload-2.0 event
// API Gateway would send (lib/local/api-gateway.ts's buildEvent, claims flattened as the JWT
// authorizer does) and goes straight to the group's handler, built by its own createHandler over
// real DynamoDB Local tables (one table set per group, seeded with complaints in many states, so
// valid tracking IDs, access tokens, agencies and cursors reach deep code). Inputs: malformed JSON,
// wrong types, huge strings up to and beyond the 64 KiB body cap, unicode (lone surrogates, RTL,
// emoji, NUL), missing and extra fields, bad path parameters, random and crafted cursors (random
// base64, base64 JSON of the wrong shape, the right shape with hostile values, real cursors of other
// listings), random query strings and headers (content types, X-Access-Token, Idempotency-Key),
// valid staff claims and garbage claims.
// One request in CLEAN_EVERY is valid throughout (so state changes, uploads and exports run often);
// the others are fuzzed. Asserted for every request: no 5xx, no thrown error, no "unhandled error"
// log line, every 4xx is {"error": {code, message, details?}} with the status its code maps to,
// and every response echoes its own request's x-correlation-id. A failure report groups the
// failures by cause (the error the handler logged) and shows the first requests in full.
//
// Part 2, over HTTP against the local runtime (fewer requests): the same kind of garbage plus
// tokens and unknown paths, where API Gateway answers some requests itself. Its 401/404/413 carry
// {"message": ...} and no x-correlation-id; the functions' 4xx carry the error shape and one.
//
// Runs (defaults meet the CI minimums; raise them for a longer soak):
//   TUNTAS_FUZZ_RUNS=10000       requests per handler group in part 1 (minimum 10,000 by default)
//   TUNTAS_FUZZ_PARALLEL=25      requests in flight at once in part 1
//   TUNTAS_FUZZ_HTTP_RUNS=400    requests in part 2
//   TUNTAS_FUZZ_SEED=<n>         replay a run (the seed is printed)

import { createHash, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { loadRegionConfig } from '../../lib/config';
import { buildEvent, GATEWAY_ERRORS, matchRoute, type AuthorizerResult, type RouteMatch } from '../../lib/local/api-gateway';
import { lambdaContext } from '../../lib/local/http-adapter';
import { HANDLER_GROUPS, ROUTES, routesOf, type HandlerGroup, type RouteDefinition } from '../../lib/routes';
import { DomainError, type ErrorCode } from '../../functions/core/errors';
import { COMPLAINT_STATUSES, DISPOSITION_STATUSES, type Actor } from '../../functions/core/model';
import { exportPage } from '../../functions/core/complaint-export';
import { buildDependencies, type Dependencies } from '../../functions/handlers/dependencies';
import { createHandler as createPublicHandler } from '../../functions/handlers/public';
import { createHandler as createAdminHandler } from '../../functions/handlers/admin';
import { createHandler as createAgencyHandler } from '../../functions/handlers/agency';
import { createHandler as createReportsHandler } from '../../functions/handlers/reports';
import { logger } from '../../functions/http/logger';
import { errorResponse } from '../../functions/http/responses';
import type { HttpEvent, HttpHandler, HttpResult } from '../../functions/http/types';
import type { Mailer } from '../../functions/ports/mail';
import { ensureBucket } from '../../lib/local/s3-local';
import { createTestTables } from '../support/dynamodb';
import { uniquePrefix } from '../support/stand-ins';
import { apiClient } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/local-system';
import { adminAuthorizer, agencyAuthorizer, auditorAuthorizer } from '../support/principals';
import { LocalUserStore, seedAccounts } from '../../lib/local/user-store';

const RUNS_PER_GROUP = Number(process.env.TUNTAS_FUZZ_RUNS ?? 10_000);
const PARALLEL = Number(process.env.TUNTAS_FUZZ_PARALLEL ?? 25);
const HTTP_RUNS = Number(process.env.TUNTAS_FUZZ_HTTP_RUNS ?? 400);
/** One request in this many is a clean one (valid throughout); the rest are fuzzed. */
const CLEAN_EVERY = 16;
const SEED = Number(process.env.TUNTAS_FUZZ_SEED ?? Date.now() % 2_147_483_647);
const DAY_MS = 86_400_000;
const MAX_BODY = 64 * 1024;

const FACTORIES: Record<HandlerGroup, (deps: Dependencies) => HttpHandler> = {
  public: createPublicHandler,
  admin: createAdminHandler,
  agency: createAgencyHandler,
  reports: createReportsHandler,
};

const noMail: Mailer = { send: async () => ({ messageId: `fuzz-${randomUUID()}` }) };
const coordinator: Actor = { role: 'admin', userId: 'fuzz-koordinator' };
const officer = (agencyId: string): Actor => ({ role: 'agency', agencyId, userId: `fuzz-${agencyId}` });

// ---------------------------------------------------------------------------------------------
// A seeded world per handler group.

interface Seed {
  trackingId: string;
  accessToken: string;
}

interface World {
  group: HandlerGroup;
  deps: Dependencies;
  handler: HttpHandler;
  seeds: Seed[];
  agencies: { A: string; B: string; inactive: string };
  /** Real cursors of several listings, to be replayed where they do not belong. */
  cursors: string[];
  /** Uploads requested while seeding (some with the file uploaded): valid attachment IDs. */
  attachments: Array<{ trackingId: string; attachmentId: string; accessToken: string; agencyId?: string }>;
  /** Staff accounts in the directory (the local issuer's store, as `npm start` has it). */
  users: string[];
}

async function createWorld(group: HandlerGroup): Promise<World> {
  const bucket = uniquePrefix(`fz-${group}`).toLowerCase();
  await ensureBucket(process.env.S3_ENDPOINT!, bucket);
  const env = {
    ...(await createTestTables(`fz-${group}`)),
    S3_ENDPOINT: process.env.S3_ENDPOINT!,
    TUNTAS_SETTINGS: JSON.stringify({ regionName: 'Kabupaten Uji', trackingPrefix: 'FZ', submissionsPerClientPerHour: 1_000_000_000 }),
    EMAIL_SENDER: 'lapor@uji.example.go.id',
    EMAIL_OMBUDSMAN: 'ombudsman@uji.example.go.id',
    FILES_BUCKET: bucket,
  };
  const directory = new LocalUserStore(seedAccounts([{ agencyId: 'fz-a', name: 'Dinas A', active: true }, { agencyId: 'fz-b', name: 'Dinas B', active: true }]));
  const deps = buildDependencies(env, { mailer: noMail, directory });
  const pastDeps = buildDependencies(env, { mailer: noMail, clock: { now: () => new Date(Date.now() - 61 * DAY_MS) } });
  const agencies = { A: 'fz-a', B: 'fz-b', inactive: 'fz-mati' };
  for (const [agencyId, active] of [[agencies.A, true], [agencies.B, true], [agencies.inactive, false]] as const) {
    await deps.agencies.put({ agencyId, name: `Dinas ${agencyId}`, emails: [`${agencyId}@uji.example.go.id`], active, updatedAt: new Date().toISOString() });
  }
  const { service } = deps;
  const seeds: Seed[] = [];
  const submit = async (extra: Record<string, unknown> = {}, past = false) => {
    const { change, accessToken } = await (past ? pastDeps : deps).service.submit({
      classification: 'PENGADUAN',
      title: 'Saluran air tersumbat',
      description: 'Saluran air di depan pasar tersumbat sampah sejak lama.',
      reporter: { name: 'Warga Uji', email: 'warga@contoh.id', phone: '+62 811 1111 2222' },
      ...extra,
    });
    const seed = { trackingId: change.complaint.trackingId, accessToken };
    seeds.push(seed);
    return seed.trackingId;
  };
  const { A, B } = agencies;
  await submit();
  await submit({ confidential: true });
  await submit({ anonymous: true });
  await service.verify(await submit(), { action: 'DISPOSITION', agencyIds: [A] }, coordinator);
  await service.verify(await submit({ anonymous: true }), { action: 'DISPOSITION', agencyIds: [A, B] }, coordinator);
  const inProgress = await submit();
  await service.verify(inProgress, { action: 'DISPOSITION', agencyIds: [A] }, coordinator);
  await service.followUp(inProgress, A, { message: 'Sedang dikerjakan' }, officer(A));
  const completed = await submit();
  await service.verify(completed, { action: 'DISPOSITION', agencyIds: [B] }, coordinator);
  await service.followUp(completed, B, { message: 'Selesai', final: true }, officer(B));
  const returned = await submit();
  await service.verify(returned, { action: 'DISPOSITION', agencyIds: [A] }, coordinator);
  await service.returnDisposition(returned, A, { reason: 'Bukan kewenangan' }, officer(A));
  await service.verify(await submit(), { action: 'ARCHIVE', reason: 'Duplikat' }, coordinator);
  await service.verify(await submit(), { action: 'HOLD' }, coordinator);
  await submit({}, true);
  await submit({ confidential: true }, true);
  const past = await submit({}, true);
  await service.verify(past, { action: 'DISPOSITION', agencyIds: [B] }, coordinator);

  // More of the common states, so the fuzzer's state changes (every response adds a timeline entry)
  // spread over many records instead of growing a few without bound.
  await Promise.all(
    Array.from({ length: 24 }, async (_, i) => {
      const id = await submit({ anonymous: i % 3 === 0, confidential: i % 5 === 0 });
      if (i % 2 === 1) await service.verify(id, { action: 'DISPOSITION', agencyIds: [i % 4 === 1 ? A : B] }, coordinator);
    }),
  );
  const cursors = [
    (await service.list({}, { limit: 1 })).nextCursor,
    (await service.list({ status: 'SUBMITTED' }, { limit: 1 })).nextCursor,
    (await service.listDispositions({ agencyId: A }, { limit: 1 })).nextCursor,
    (await service.listDispositions({ agencyId: A, status: 'PENDING' }, { limit: 1 })).nextCursor,
    (await exportPage(deps.complaints, { agencyId: B }, { limit: 1 })).nextCursor,
    (await exportPage(deps.complaints, {}, { limit: 1 })).nextCursor,
  ].filter((c): c is string => typeof c === 'string');
  // Evidence uploads in flight: by the reporter and by agency A, half of them with the file uploaded.
  const attachments: World['attachments'] = [];
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(24)]);
  const withDisposition = seeds[3]!;
  for (const [i, { seed, agencyId }] of [
    { seed: seeds[0]!, agencyId: undefined },
    { seed: seeds[1]!, agencyId: undefined },
    { seed: withDisposition, agencyId: undefined },
    { seed: withDisposition, agencyId: A },
    { seed: seeds[4]!, agencyId: B },
  ].entries()) {
    const caller = agencyId ? { role: 'agency' as const, agencyId, userId: `fuzz-${agencyId}` } : { role: 'reporter' as const, accessToken: seed.accessToken };
    const { attachment, upload, headers } = await deps.attachmentService.requestUpload(seed.trackingId, caller, { fileName: `bukti ${i}.png`, contentType: 'image/png', size: png.length });
    if (i % 2 === 0) {
      const put = await fetch(upload.url, { method: 'PUT', headers, body: png });
      if (!put.ok) throw new Error(`seeding an upload failed: ${put.status}`);
    }
    attachments.push({ trackingId: seed.trackingId, attachmentId: attachment.attachmentId, accessToken: seed.accessToken, ...(agencyId && { agencyId }) });
  }
  const users = (await directory.list({ limit: 100 })).items.map((u) => u.userId);
  return { group, deps, handler: FACTORIES[group](deps), seeds, agencies, cursors, attachments, users };
}

// ---------------------------------------------------------------------------------------------
// Generators.

const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', 'a\ud83d', '\ude00b', 'x\ud800y'];
const SPECIAL_TEXT = [
  '',
  ' ',
  '   ',
  '\u0000',
  'abc\u0000def',
  '\u202eRTL override\u202c',
  'مرحبا بالعالم، هذا نص عربي طويل',
  'שלום עולם',
  '😀😃😄😁👨‍👩‍👧‍👦🏳️‍🌈',
  '\u200b\u200c\u200d\ufeff',
  'Jalan rusak di Desa Ngawen',
  'Lampu jalan padam sejak seminggu yang lalu',
  '<script>alert(1)</script>',
  "'; DROP TABLE complaints; --",
  '=HYPERLINK("http://x")',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  '\r\n\t',
  'null',
  'undefined',
  'NaN',
];

/** Arbitrary text, from valid Indonesian to hostile unicode. */
const fuzzText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...SPECIAL_TEXT), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 2 },
  {
    arbitrary: fc.string({
      unit: fc.oneof(fc.constantFrom(...LONE_SURROGATES), fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), fc.string({ minLength: 1, maxLength: 1 })),
      maxLength: 30,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.tuple(fc.constantFrom('x', 'é', '😀', '\ud800', ' ', 'ب'), fc.constantFrom(99, 100, 101, 199, 200, 201, 999, 1000, 1001, 4999, 5000, 5001, 6000)).map(([c, n]) => c.repeat(n)),
    weight: 1,
  },
);

const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** Mostly the valid value, sometimes hostile text, sometimes the wrong type. */
const field = <T>(valid: fc.Arbitrary<T>, validWeight = 6): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: valid, weight: validWeight }, { arbitrary: fuzzText, weight: 1 }, { arbitrary: wrongType, weight: 1 });

const validTitle = fc.constantFrom('Jalan berlubang di Jl. Sudirman', 'Pelayanan KTP lambat', 'Sampah tidak diangkut', '😀 Lampu padam di gang 3 😀', 'مرحبا Jalan');
const validText = fc.constantFrom('Sudah dua minggu tidak ada tindak lanjut dari petugas.', 'Mohon segera diperbaiki karena membahayakan.', 'Terima kasih atas tindak lanjutnya, sudah baik.');
const validDate = fc.constantFrom('2026-01-15', '2025-12-31', '2024-02-29', '2026-02-30', '0000-01-01', '9999-12-31', '2026-1-1');
const agencyIdValue = (w: World) => fc.constantFrom(w.agencies.A, w.agencies.B, w.agencies.inactive, 'tidak-ada', 'A', 'x'.repeat(63), 'x'.repeat(64), '../etc', '');

/** Usually every field (so deep code is reached), sometimes a random subset; sometimes unknown keys too. */
function objectOf(shape: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(
      fc.record(shape),
      fc.subarray(Object.keys(shape)),
      fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 6 },
        { arbitrary: fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'extra', 'status', 'version', 'trackingId'), fc.string({ maxLength: 8 })), fuzzText, { maxKeys: 2 }), weight: 1 },
      ),
      fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }),
    )
    .map(([all, keep, extra, full]) => {
      const out: Record<string, unknown> = full ? { ...all } : Object.fromEntries(Object.entries(all).filter(([k]) => keep.includes(k)));
      // defineProperty: a "__proto__" key must become an own property, as JSON.parse makes it.
      if (extra) for (const [k, v] of Object.entries(extra)) Object.defineProperty(out, k, { value: v, enumerable: true, configurable: true, writable: true });
      return out;
    });
}

function bodyShape(route: RouteDefinition, w: World): fc.Arbitrary<Record<string, unknown>> {
  switch (route.operationId) {
    case 'submitComplaint':
      return objectOf({
        classification: field(fc.constantFrom('ASPIRASI', 'PENGADUAN', 'PERMINTAAN_INFORMASI'), 14),
        title: field(validTitle, 14),
        description: field(validText, 14),
        category: field(fc.constantFrom('infrastruktur', 'kesehatan')),
        location: field(
          fc.record(
            { address: field(fc.constant('Jl. Pemuda 1')), lat: field(fc.double({ min: -100, max: 100, noNaN: true })), lon: field(fc.double({ min: -200, max: 200, noNaN: true })) },
            { requiredKeys: [] },
          ),
        ),
        incidentDate: field(validDate),
        anonymous: field(fc.boolean()),
        confidential: field(fc.boolean()),
        reporter: field(
          fc.record(
            {
              name: field(fc.constant('Budi')),
              email: field(fc.constantFrom('budi@contoh.id', 'a@b', 'bukan-email')),
              phone: field(fc.constantFrom('+62 812 3456 7890', '0812-3456-789', '123', '+62 (21) 555-0101')),
            },
            { requiredKeys: [] },
          ),
        ),
      });
    case 'respondToComplaint':
      return objectOf({ message: field(validText, 10), rating: field(fc.integer({ min: -1, max: 7 })), reopen: field(fc.boolean()) });
    case 'verifyComplaint':
      return objectOf({
        action: field(fc.constantFrom('DISPOSITION', 'HOLD', 'ARCHIVE', 'NOT_AUTHORITY'), 10),
        agencyIds: field(fc.array(agencyIdValue(w), { minLength: 0, maxLength: 22 })),
        reason: field(validText),
        anonymous: field(fc.boolean()),
        confidential: field(fc.boolean()),
      });
    case 'addDisposition':
      return objectOf({ agencyId: field(agencyIdValue(w), 10), note: field(validText) });
    case 'putAgency':
      return objectOf({
        name: field(fc.constantFrom('Dinas Uji', 'Badan Pendapatan Daerah'), 10),
        emails: field(fc.array(fc.constantFrom('opd@blorakab.go.id', 'bukan-email', ''), { minLength: 0, maxLength: 11 }), 10),
        active: field(fc.boolean(), 10),
      });
    case 'correctComplaint':
      return objectOf({ title: field(validTitle), category: field(fc.constantFrom('Jalan', 'Kesehatan', '')), classification: field(fc.constantFrom('ASPIRASI', 'PENGADUAN', 'LAIN')) });
    case 'keyInComplaint':
      return objectOf({
        classification: field(fc.constantFrom('ASPIRASI', 'PENGADUAN', 'PERMINTAAN_INFORMASI'), 10),
        title: field(validTitle, 10),
        description: field(validText, 10),
        channel: field(fc.constantFrom('PHONE', 'IN_PERSON', 'LETTER', 'SOCIAL_MEDIA', 'WEB', 'FAX'), 10),
      });
    case 'inviteStaff':
      return objectOf({
        email: field(fc.oneof(fc.uuid().map((id) => `${id}@blorakab.go.id`), fc.constantFrom('koordinator@tuntas.local', 'bukan-email', '')), 10),
        name: field(fc.constantFrom('Petugas Uji', '')),
        role: field(fc.constantFrom('admin', 'agency', 'auditor', 'root'), 10),
        agencyId: field(agencyIdValue(w)),
      });
    case 'setStaffAgency':
      return objectOf({ agencyId: field(agencyIdValue(w), 10) });
    case 'postFollowUp':
      return objectOf({ message: field(validText, 10), final: field(fc.boolean()) });
    case 'returnDisposition':
    case 'withdrawDisposition':
      return objectOf({ reason: field(validText, 10) });
    case 'escalateComplaint':
      return objectOf({ shareContact: field(fc.oneof(fc.boolean(), fc.constantFrom('ya', 1, null))) });
    case 'requestAttachmentUpload':
    case 'requestAgencyAttachmentUpload':
      return objectOf({
        fileName: field(fc.constantFrom('foto.jpg', 'bukti.pdf', '../../etc/passwd', 'gpj.exe\u202e.png', 'a'.repeat(255), 'a'.repeat(256), '...', '.png', 'virus.exe')),
        contentType: field(fc.constantFrom('image/jpeg', 'image/png', 'application/pdf', 'image/webp', 'image/svg+xml', 'text/html', ' IMAGE/PNG ', '')),
        size: field(fc.oneof(fc.integer({ min: -1, max: 20_000_000 }), fc.constantFrom(0, 1, 32, 2 ** 53, 1e20, 1.5))),
      });
    default:
      return objectOf({ message: field(validText) });
  }
}

type BodySpec =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'huge'; bytes: number; char: string }
  | { kind: 'binary'; bytes: Uint8Array }
  | { kind: 'badBase64'; text: string };

const MALFORMED = ['{', '[', '{"title": ', '{"a":1,}', "{'a':1}", 'NaN', 'undefined', '"', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '\ufeff{}', '{}garbage', '[]', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '1e999', '-0', 'true', '   ', '\u0000'];

function bodyArb(route: RouteDefinition, w: World): fc.Arbitrary<BodySpec> {
  return fc.oneof(
    { arbitrary: fc.constant<BodySpec>({ kind: 'none' }), weight: 2 },
    { arbitrary: bodyShape(route, w).map((value): BodySpec => ({ kind: 'json', value })), weight: 10 },
    { arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value): BodySpec => ({ kind: 'json', value })), weight: 1 },
    {
      arbitrary: fc.oneof(fc.constantFrom(...MALFORMED), fc.string({ unit: 'binary', maxLength: 60 }), fc.json({ maxDepth: 2 }).map((j) => j.slice(0, Math.max(1, j.length - 1)))).map(
        (text): BodySpec => ({ kind: 'text', text }),
      ),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(fc.oneof(fc.constantFrom(MAX_BODY - 1, MAX_BODY, MAX_BODY + 1, 70_000, 100_000), fc.integer({ min: 60_000, max: 70_000 })), fc.constantFrom('x', 'é', '😀'))
        .map(([bytes, char]): BodySpec => ({ kind: 'huge', bytes, char })),
      weight: 1,
    },
    { arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes): BodySpec => ({ kind: 'binary', bytes })), weight: 1 },
    { arbitrary: fc.constantFrom('!!!', 'e30=', '%%%', 'eyJ0aXRsZSI6').map((text): BodySpec => ({ kind: 'badBase64', text })), weight: 1 },
  );
}

/** A JSON body of exactly `bytes` UTF-8 bytes (give or take one multi-byte char), a long title inside. */
function hugeBody(bytes: number, char: string): string {
  const head = '{"classification":"ASPIRASI","description":"Deskripsi yang cukup panjang","title":"';
  const tail = '"}';
  const room = bytes - Buffer.byteLength(head + tail);
  const unit = Buffer.byteLength(char);
  return head + char.repeat(Math.max(0, Math.floor(room / unit))) + 'x'.repeat(Math.max(0, room % unit)) + tail;
}

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');

const CURSOR_VALUES = ['x', 'COMPLAINT#FZ-0000000000', 'META', '2026-01-01T00:00:00.000Z#FZ-0000000000', '0', '9', '\uffff', '\ud800', '\u0000', 'z'.repeat(1024), '😀'.repeat(300), 'é'.repeat(600), 'x'.repeat(1025)];

function cursorArb(w: World): fc.Arbitrary<string> {
  const partitions: Array<[string, string]> = [
    ['entityType', 'COMPLAINT'],
    ['statusPk', 'STATUS#SUBMITTED'],
    ['statusPk', 'STATUS#DISPOSITIONED'],
    ['agencyPk', `AGENCY#${w.agencies.A}`],
    ['agencyPk', `AGENCY#${w.agencies.B}`],
    ['agencyStatusPk', `AGENCY#${w.agencies.A}#PENDING`],
  ];
  const value = fc.oneof(fc.constantFrom(...CURSOR_VALUES), fuzzText);
  const shaped = fc
    .tuple(fc.constantFrom(...partitions), value, value, value, fc.boolean())
    .map(([[name, partition], pk, sk, listSk, exact]) => b64({ pk, sk, [name]: exact ? partition : `${partition}x`, listSk }));
  const realLooking = fc
    .tuple(fc.constantFrom(...partitions), fc.constantFrom(...w.seeds), fc.constantFrom('0000', '1970-01-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '\uffff'))
    .map(([[name, partition], seed, at]) => b64({ pk: `COMPLAINT#${seed.trackingId}`, sk: name === 'entityType' || name === 'statusPk' ? 'META' : `DISPOSITION#${w.agencies.A}`, [name]: partition, listSk: `${at}#${seed.trackingId}` }));
  return fc.oneof(
    { arbitrary: fc.constantFrom(...(w.cursors.length > 0 ? w.cursors : ['e30'])), weight: 3 },
    { arbitrary: fc.base64String({ maxLength: 80 }), weight: 2 },
    { arbitrary: fc.jsonValue({ maxDepth: 2 }).map(b64), weight: 2 },
    { arbitrary: shaped, weight: 3 },
    { arbitrary: realLooking, weight: 3 },
    { arbitrary: fuzzText, weight: 1 },
  );
}

const QUERY_VALUES: Record<string, readonly string[]> = {
  status: [...COMPLAINT_STATUSES, ...DISPOSITION_STATUSES, 'pending', 'NEW', ''],
  limit: ['1', '2', '20', '100', '101', '1000', '1001', '0', '-1', '1.5', 'abc', '', '1e2', '0x10', ' 7 ', 'Infinity', 'NaN', '99999999999999999999'],
  period: ['2026', '2025', '2026-01', '2026-12', '0000', '9999', '0000-01', '9999-12', '2026-00', '2026-13', '26', '20260', '2026-1', ''],
  format: ['json', 'csv', 'xml', '', 'CSV'],
  from: ['2026-01-01', '2025-06-01', '2026-12-31', '0000-01-01', '9999-12-31', '2026-02-30', '2024-02-29', '1970-01-01', '2026-1-1', '', 'kemarin', '+002026-01-01'],
  to: ['2026-01-01', '2026-12-31', '2027-01-01', '0000-01-01', '9999-12-31', '2026-02-30', '1970-01-01', '', 'besok'],
};

function encodeLoosely(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value; // lone surrogates: sent raw, as a broken client would
  }
}

function queryArb(w: World): fc.Arbitrary<string> {
  const known = fc.oneof(
    ...Object.entries(QUERY_VALUES).map(([key, values]) => fc.tuple(fc.constant(key), fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 5 }, { arbitrary: fuzzText, weight: 1 }))),
    fc.tuple(fc.constant('cursor'), cursorArb(w)),
    fc.tuple(fc.constant('agencyId'), agencyIdValue(w)),
    fc.tuple(fc.oneof(fc.constantFrom('x', 'page', '__proto__', 'constructor', 'status[]'), fc.string({ maxLength: 6 })), fuzzText),
  );
  return fc.oneof(
    { arbitrary: fc.constant(''), weight: 1 },
    { arbitrary: fc.array(known, { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${encodeLoosely(k)}=${encodeLoosely(v)}`).join('&')), weight: 8 },
    { arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 30 }), weight: 1 },
  );
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'application/problem+json',
  'application/json-patch+json',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/octet-stream',
  '',
  ';;;',
  'application/jsonx',
  'application/xml',
];

function headersArb(w: World): fc.Arbitrary<Array<[string, string]>> {
  const tokens = w.seeds.map((s) => s.accessToken);
  const known = fc.record(
    {
      'content-type': fc.oneof({ arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 6 }, { arbitrary: fuzzText, weight: 1 }),
      'x-access-token': fc.oneof({ arbitrary: fc.constantFrom(...tokens), weight: 2 }, { arbitrary: fuzzText, weight: 1 }, { arbitrary: fc.base64String({ maxLength: 64 }), weight: 1 }),
      'idempotency-key': fc.oneof(fc.uuid(), fc.constantFrom('kunci-1', 'kunci-1', 'a'.repeat(128), 'a'.repeat(129), 'bukan kunci!', ''), fuzzText),
      'x-correlation-id': fc.oneof(fc.uuid(), fuzzText),
      authorization: fc.oneof(fc.constant('Bearer x.y.z'), fuzzText),
    },
    { requiredKeys: [] },
  );
  const extra = fc.array(fc.tuple(fc.oneof(fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 12 }), fc.constantFrom('Content-Type', 'X-Access-Token', 'Idempotency-Key', 'cookie', 'host')), fuzzText), { maxLength: 2 });
  return fc.tuple(known, extra).map(([k, e]) => [...(Object.entries(k) as Array<[string, string]>), ...e]);
}

function authorizerArb(w: World): fc.Arbitrary<AuthorizerResult | undefined> {
  const garbageClaims = fc
    .dictionary(
      fc.oneof(fc.constantFrom('sub', 'cognito:groups', 'custom:agencyId', 'scope', 'client_id', 'cognito:username', 'aud'), fc.string({ maxLength: 8 })),
      fc.oneof(fc.jsonValue({ maxDepth: 2 }), fuzzText, fc.constantFrom('[admin]', '[agency]', 'admin', '[admin agency auditor]', '[', 'tuntas/reports.read', 'x/reports.read')),
      { maxKeys: 6 },
    )
    .map((claims): AuthorizerResult => ({ claims }));
  const agencyClaims = fc.oneof(
    { arbitrary: fc.constantFrom(w.agencies.A, w.agencies.B), weight: 8 },
    { arbitrary: fc.constantFrom(w.agencies.inactive, 'tidak-ada', ''), weight: 1 },
    { arbitrary: fuzzText, weight: 1 },
  ).map((agencyId) => {
    const result = agencyAuthorizer(w.agencies.A);
    result.claims['custom:agencyId'] = agencyId;
    return result;
  });
  const right: Record<HandlerGroup, fc.Arbitrary<AuthorizerResult | undefined>> = {
    public: fc.constant(undefined),
    admin: fc.constant(adminAuthorizer()),
    agency: agencyClaims,
    reports: fc.oneof(fc.constant(auditorAuthorizer()), fc.constant(adminAuthorizer())),
  };
  return fc.oneof(
    { arbitrary: right[w.group], weight: 5 },
    { arbitrary: fc.constantFrom(undefined, adminAuthorizer(), auditorAuthorizer(), agencyAuthorizer(w.agencies.B)), weight: 2 },
    { arbitrary: garbageClaims, weight: 2 },
  );
}

// Clean requests: everything valid for the route, as a well-behaved client sends it, so the deep
// paths (state changes, listings, exports, uploads) run often; the fuzzed ones test the edges.

const year = String(new Date().getUTCFullYear());

function validBody(route: RouteDefinition, w: World): fc.Arbitrary<Record<string, unknown> | undefined> {
  const { A, B } = w.agencies;
  switch (route.operationId) {
    case 'submitComplaint':
      return fc.record(
        {
          classification: fc.constantFrom('ASPIRASI', 'PENGADUAN', 'PERMINTAAN_INFORMASI'),
          title: validTitle,
          description: validText,
          category: fc.constantFrom('infrastruktur', 'kesehatan'),
          anonymous: fc.boolean(),
          confidential: fc.boolean(),
          reporter: fc.constant({ name: 'Budi', email: 'budi@contoh.id', phone: '+62 812 3456 7890' }),
        },
        { requiredKeys: ['classification', 'title', 'description'] },
      );
    case 'respondToComplaint':
      return fc.oneof(fc.record({ message: validText }), fc.record({ message: validText, rating: fc.integer({ min: 1, max: 5 }) }), fc.record({ message: validText, reopen: fc.constant(true) }));
    case 'verifyComplaint':
      return fc.oneof(
        fc.record({ action: fc.constant('DISPOSITION'), agencyIds: fc.constantFrom([A], [B], [A, B]) }),
        fc.record({ action: fc.constant('HOLD') }),
        fc.record({ action: fc.constantFrom('ARCHIVE', 'NOT_AUTHORITY'), reason: validText }),
      );
    case 'addDisposition':
      return fc.record({ agencyId: fc.constantFrom(A, B), note: validText }, { requiredKeys: ['agencyId'] });
    case 'putAgency':
      return fc.record({ name: fc.constantFrom('Dinas Uji', 'Badan Pendapatan Daerah'), emails: fc.constant(['opd@uji.example.go.id']), active: fc.constant(true) });
    case 'correctComplaint':
      return fc.record({ title: validTitle, category: fc.constantFrom('Jalan', 'Kesehatan'), classification: fc.constantFrom('ASPIRASI', 'PENGADUAN') }, { requiredKeys: [] });
    case 'keyInComplaint':
      return fc.record({
        classification: fc.constantFrom('ASPIRASI', 'PENGADUAN', 'PERMINTAAN_INFORMASI'),
        title: validTitle,
        description: validText,
        channel: fc.constantFrom('PHONE', 'IN_PERSON', 'LETTER', 'SOCIAL_MEDIA'),
      });
    case 'inviteStaff':
      return fc.oneof(
        fc.record({ email: fc.uuid().map((id) => `${id}@blorakab.go.id`), role: fc.constant('agency'), agencyId: fc.constantFrom(A, B) }),
        fc.record({ email: fc.uuid().map((id) => `${id}@blorakab.go.id`), role: fc.constantFrom('admin', 'auditor'), name: fc.constant('Petugas Uji') }),
      );
    case 'setStaffAgency':
      return fc.record({ agencyId: fc.constantFrom(A, B) });
    case 'postFollowUp':
      return fc.record({ message: validText, final: fc.boolean() }, { requiredKeys: ['message'] });
    case 'returnDisposition':
    case 'withdrawDisposition':
      return fc.record({ reason: validText });
    case 'escalateComplaint':
      return fc.oneof(fc.constant(undefined), fc.record({ shareContact: fc.boolean() }));
    case 'requestAttachmentUpload':
    case 'requestAgencyAttachmentUpload':
      return fc.record({ fileName: fc.constantFrom('foto jalan.png', 'surat.pdf'), contentType: fc.constantFrom('image/png', 'application/pdf'), size: fc.integer({ min: 1, max: 1_000_000 }) });
    default:
      return fc.constant(undefined);
  }
}

function validQuery(route: RouteDefinition, w: World): fc.Arbitrary<string> {
  const cursors = w.cursors.map((c) => `cursor=${c}`);
  const options: Record<string, string[]> = {
    listComplaints: [
      '',
      'limit=5',
      'status=SUBMITTED',
      'status=DISPOSITIONED&limit=1',
      'q=saluran%20air&limit=2',
      'q=fz-0000000000',
      `agencyId=${w.agencies.A}&sort=oldest`,
      'overdue=true&sort=deadline',
      `classification=PENGADUAN&category=Jalan&from=${year}-01-01&to=${year}-12-31&limit=1`,
      ...cursors,
    ],
    listUndeliveredNotifications: ['', 'limit=1', 'limit=100'],
    listDispositions: ['', 'limit=2', 'status=PENDING', 'status=IN_PROGRESS', 'sort=deadline', 'status=PENDING&sort=newest', ...cursors],
    agencyCompliance: ['', `year=${year}`, `year=${Number(year) - 1}`],
    listStaff: ['', 'limit=1', 'limit=100'],
    complianceReport: ['', `period=${year}`, `period=${year}-01`, 'format=csv', `period=${year}&format=csv`],
    complianceHistory: ['', `period=${year}`, `from=${year}-01-01&to=${year}-12-31`],
    complaintSummary: ['', `period=${year}`, `period=${year}-06`],
    exportComplaints: ['', 'format=csv', 'limit=5', `agencyId=${w.agencies.A}`, 'status=DISPOSITIONED', `from=${year}-01-01&to=${year}-12-31`, `agencyId=${w.agencies.B}&format=csv`, 'format=csv&delivery=link', 'format=csv&delivery=redirect', ...cursors],
  };
  return fc.constantFrom(...(options[route.operationId] ?? ['']));
}

function cleanRequestArb(route: RouteDefinition, w: World): fc.Arbitrary<FuzzRequest> {
  const usesAttachment = route.path.includes('{attachmentId}');
  return fc
    .record({
      seed: fc.constantFrom(...w.seeds),
      attachment: fc.constantFrom(...w.attachments),
      body: validBody(route, w),
      query: validQuery(route, w),
      key: fc.option(fc.uuid(), { nil: undefined }),
      agencyId: fc.constantFrom(w.agencies.A, w.agencies.B, 'fz-baru'),
      userId: fc.constantFrom(...w.users),
      claimAgency: fc.constantFrom(w.agencies.A, w.agencies.B),
      reportsAsAdmin: fc.boolean(),
      sourceIp: fc.ipV4(),
    })
    .map(({ seed, attachment, body, query, key, agencyId, userId, claimAgency, reportsAsAdmin, sourceIp }): FuzzRequest => {
      const trackingId = usesAttachment ? attachment.trackingId : seed.trackingId;
      const accessToken = usesAttachment ? attachment.accessToken : seed.accessToken;
      const authorizer =
        w.group === 'admin'
          ? adminAuthorizer()
          : w.group === 'agency'
            ? agencyAuthorizer(usesAttachment && attachment.agencyId ? attachment.agencyId : claimAgency)
            : w.group === 'reports'
              ? reportsAsAdmin
                ? adminAuthorizer()
                : auditorAuthorizer()
              : undefined;
      return {
        route,
        params: { trackingId, agencyId, attachmentId: attachment.attachmentId, userId },
        paramMode: 'url',
        query,
        headers: [['content-type', 'application/json'], ['x-access-token', accessToken], ...(key ? [['idempotency-key', key] as [string, string]] : [])],
        body: body === undefined ? { kind: 'none' } : { kind: 'json', value: body },
        authorizer,
        sourceIp,
      };
    });
}

interface FuzzRequest {
  route: RouteDefinition;
  method?: string;
  params: Record<string, string>;
  paramMode: 'url' | 'direct' | 'extra';
  query: string;
  headers: Array<[string, string]>;
  body: BodySpec;
  authorizer: AuthorizerResult | undefined;
  sourceIp: string;
}

function requestArb(w: World): fc.Arbitrary<FuzzRequest> {
  const trackingId = fc.oneof(
    { arbitrary: fc.constantFrom(...w.seeds.map((s) => s.trackingId)), weight: 2 },
    { arbitrary: fc.constantFrom('FZ-0000000000', 'BLR-ZZZZZZZZZZ', 'fz-0000000000', 'FZ-000000000', 'FZ/0000000000', '..', '%2F'), weight: 2 },
    { arbitrary: fuzzText, weight: 3 },
  );
  const agencyId = fc.oneof({ arbitrary: agencyIdValue(w), weight: 4 }, { arbitrary: fuzzText, weight: 1 });
  const attachmentId = fc.oneof(
    { arbitrary: fc.constantFrom(...w.attachments.map((a) => a.attachmentId)), weight: 4 },
    { arbitrary: fc.uuid(), weight: 2 },
    { arbitrary: fc.constantFrom('00000000-0000-0000-0000-000000000000', 'BUKAN-UUID', 'ffffffff-ffff-ffff-ffff-ffffffffffff'), weight: 1 },
    { arbitrary: fuzzText, weight: 1 },
  );
  const userId = fc.oneof(
    { arbitrary: fc.constantFrom(...w.users), weight: 4 },
    { arbitrary: fc.constantFrom('tidak-ada', '00000000-0000-0000-0000-000000000000', '-awal', 'a'.repeat(129)), weight: 1 },
    { arbitrary: fuzzText, weight: 1 },
  );
  const fuzzed = (route: RouteDefinition) =>
    fc.record({
      route: fc.constant(route),
      method: fc.oneof({ arbitrary: fc.constant(undefined), weight: 12 }, { arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'), weight: 1 }),
      params: fc.record({ trackingId, agencyId, attachmentId, userId }),
      paramMode: fc.constantFrom<FuzzRequest['paramMode']>('url', 'url', 'url', 'url', 'direct', 'extra'),
      query: queryArb(w),
      headers: headersArb(w),
      body: bodyArb(route, w),
      authorizer: authorizerArb(w),
      sourceIp: fc.oneof(fc.ipV4(), fc.constant('127.0.0.1')),
    });
  return fc
    .constantFrom(...routesOf(w.group))
    .chain((route) => fc.oneof({ arbitrary: cleanRequestArb(route, w), weight: 1 }, { arbitrary: fuzzed(route), weight: CLEAN_EVERY - 1 }));
}

// ---------------------------------------------------------------------------------------------
// Events, invocation and the verdict.

let requestCounter = 0;

function toEvent(req: FuzzRequest): HttpEvent {
  const method = req.method ?? req.route.method;
  const names = [...req.route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const params = Object.fromEntries(names.map((n) => [n, req.params[n] ?? '']));
  const rawPath = req.route.path.replace(/\{(\w+)\}/g, (_, n: string) => (req.paramMode === 'direct' ? params[n]! : encodeLoosely(params[n]!)));
  let match: RouteMatch | undefined = req.paramMode === 'direct' ? undefined : matchRoute(ROUTES, method, rawPath);
  if (!match || req.paramMode === 'direct') match = { route: req.route, pathParameters: params };
  if (req.paramMode === 'extra') match = { route: match.route, pathParameters: { ...match.pathParameters, extra: 'x' } };

  let text: string | undefined;
  let bytes: Buffer;
  switch (req.body.kind) {
    case 'none':
      bytes = Buffer.alloc(0);
      break;
    case 'json':
      text = JSON.stringify(req.body.value) ?? 'null';
      bytes = Buffer.from(text, 'utf8');
      break;
    case 'text':
    case 'badBase64':
      text = req.body.text;
      bytes = Buffer.from(text, 'utf8');
      break;
    case 'huge':
      text = hugeBody(req.body.bytes, req.body.char);
      bytes = Buffer.from(text, 'utf8');
      break;
    case 'binary':
      bytes = Buffer.from(req.body.bytes);
      break;
  }
  // A trace id given up front spares buildEvent its random bytes (API Gateway keeps a client's own).
  const rawHeaders = ['x-amzn-trace-id', 'Root=1-fuzz', ...req.headers.flatMap(([name, value]) => [name, value])];
  const event = buildEvent(
    { method, url: `${rawPath}${req.query ? `?${req.query}` : ''}`, rawHeaders, body: bytes, sourceIp: req.sourceIp, httpVersion: '1.1', port: 443, receivedAt: new Date() },
    match,
    req.authorizer,
    `fuzz-${++requestCounter}`,
  );
  // buildEvent goes through a Buffer; keep lone surrogates and friends exactly as generated.
  if (text !== undefined && !event.isBase64Encoded && bytes.length > 0) event.body = text;
  if (req.body.kind === 'badBase64') {
    event.body = req.body.text;
    event.isBase64Encoded = true;
  }
  return event;
}

interface Stats {
  runs: number;
  /** Why the handler failed, for every failure (the first few also keep the whole request). */
  causes: Map<string, number>;
  /** 2xx answers per operation: how often the fuzzer got all the way through. */
  succeeded: Map<string, number>;
  ms: number;
  statuses: Map<number, number>;
  codes: Map<string, number>;
  failures: string[];
}

const newStats = (): Stats => ({ runs: 0, causes: new Map(), succeeded: new Map(), ms: 0, statuses: new Map(), codes: new Map(), failures: [] });
const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

function describeRequest(req: FuzzRequest, event: HttpEvent): string {
  const short = (s: string | undefined | null, n = 300) => (s == null ? String(s) : s.length > n ? `${JSON.stringify(s.slice(0, n))}…(${s.length} chars)` : JSON.stringify(s));
  return [
    `${event.requestContext.http.method} ${short(event.rawPath, 200)}?${short(event.rawQueryString, 400)}`,
    `  route ${req.route.operationId}, pathParameters ${short(JSON.stringify(event.pathParameters ?? {}), 400)}`,
    `  headers ${short(JSON.stringify(req.headers), 400)}`,
    `  claims ${short(JSON.stringify((event.requestContext as { authorizer?: unknown }).authorizer ?? null), 300)}`,
    `  body (${req.body.kind}, base64 ${event.isBase64Encoded}) ${short(event.body ?? undefined, 400)}`,
  ].join('\n');
}

const ERROR_KEYS = new Set(['code', 'message', 'details']);

/** Undefined when the response is acceptable; otherwise why not. */
function verdict(result: HttpResult | undefined, thrown: unknown, event: HttpEvent): string | undefined {
  if (thrown !== undefined) return `handler threw: ${(thrown as Error)?.stack ?? String(thrown)}`;
  if (!result || typeof result.statusCode !== 'number') return `not a structured result: ${JSON.stringify(result)?.slice(0, 300)}`;
  const status = result.statusCode;
  if (status >= 500) return `${status} ${String(result.body).slice(0, 300)}`;
  // Every response quotes the request's correlation id: the caller's when sane, else API Gateway's request id.
  const given = event.headers?.['x-correlation-id'];
  const expectedId = given && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : event.requestContext.requestId;
  const echoed = result.headers?.['x-correlation-id'];
  if (echoed !== expectedId) return `${status} answered with another request's x-correlation-id (got ${JSON.stringify(echoed)}, sent ${JSON.stringify(expectedId)})`;
  const contentType = String(result.headers?.['content-type'] ?? '');
  if (status >= 400) {
    let body: any;
    try {
      body = JSON.parse(String(result.body));
    } catch {
      return `${status} with a body that is not JSON: ${String(result.body).slice(0, 200)}`;
    }
    if (!contentType.includes('application/json')) return `${status} with content-type ${contentType}`;
    const error = body?.error;
    if (!error || Object.keys(body).length !== 1 || typeof error.code !== 'string' || typeof error.message !== 'string') {
      return `${status} without the error shape: ${String(result.body).slice(0, 300)}`;
    }
    if (Object.keys(error).some((k) => !ERROR_KEYS.has(k))) return `${status} error with unexpected keys: ${Object.keys(error).join(',')}`;
    let mapped: number | undefined;
    try {
      mapped = errorResponse(new DomainError(error.code as ErrorCode, '')).statusCode;
    } catch {
      mapped = undefined;
    }
    if (mapped !== status) return `${status} carries code ${error.code}, which maps to ${mapped}`;
    return undefined;
  }
  // (Large documents, e.g. /openapi.json, are the same every time: checked while small ones vary.)
  if (contentType.includes('json') && String(result.body).length < 20_000) {
    try {
      JSON.parse(String(result.body));
    } catch {
      return `${status} JSON response that does not parse`;
    }
  }
  return undefined;
}

async function invoke(w: World, req: FuzzRequest, stats: Stats): Promise<void> {
  const event = toEvent(req);
  let result: HttpResult | undefined;
  let thrown: unknown;
  try {
    result = await w.handler(event, lambdaContext(w.group, 29_000));
  } catch (error) {
    thrown = error ?? new Error('rejected with undefined');
  }
  stats.runs++;
  if (result && typeof result.statusCode === 'number') {
    bump(stats.statuses, result.statusCode);
    if (result.statusCode < 300) bump(stats.succeeded, req.route.operationId);
    if (result.statusCode >= 400) {
      try {
        bump(stats.codes, `${result.statusCode} ${JSON.parse(String(result.body)).error?.code}`);
      } catch {
        bump(stats.codes, `${result.statusCode} ?`);
      }
    }
  }
  let problem = verdict(result, thrown, event);
  if (!problem) return;
  let cause = `${req.route.operationId}: ${problem.split('\n')[0]!.split(' (got ')[0]!.slice(0, 160)}`;
  if (result) {
    let correlationId: unknown;
    try {
      correlationId = JSON.parse(String(result.body)).error?.correlationId;
    } catch {
      correlationId = undefined;
    }
    const logged = unhandledLogs.find((l) => (l.fields as { correlationId?: unknown }).correlationId === correlationId);
    if (logged) {
      const f = logged.fields as { errorName?: string; errorMessage?: string; stack?: string };
      const at = String(f.stack).split('\n').slice(1, 5).map((l) => l.trim()).join(' | ');
      cause = `${req.route.operationId}: ${f.errorName}: ${String(f.errorMessage).replace(/\d{4}-\d\d-\d\d[T0-9:.Z-]*/g, '<date>')} (${at.split(' | ')[0]})`;
      problem += `\n  cause: ${f.errorName}: ${f.errorMessage}\n  at ${at}`;
    }
  }
  bump(stats.causes, cause);
  if (stats.failures.length < 25) stats.failures.push(`${problem}\n${describeRequest(req, event)}`);
  else stats.failures.push(problem.split('\n')[0]!);
}

// ---------------------------------------------------------------------------------------------

const unhandledLogs: Array<{ group: string; fields: unknown }> = [];
const processErrors: unknown[] = [];
const onProcessError = (error: unknown) => processErrors.push(error);
let currentGroup = '';
const summary: string[] = [];
/** console.warn lines the code under test printed: kept out of the test output, counted in the summary. */
const warnings = new Map<string, number>();

beforeAll(() => {
  jest.spyOn(logger, 'error').mockImplementation((message, fields) => {
    unhandledLogs.push({ group: currentGroup, fields: { message, ...fields } });
  });
  jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    const line = String(args[0]).slice(0, 120);
    warnings.set(line, (warnings.get(line) ?? 0) + 1);
  });
  process.on('unhandledRejection', onProcessError);
  process.on('uncaughtException', onProcessError);
});

afterAll(() => {
  process.off('unhandledRejection', onProcessError);
  process.off('uncaughtException', onProcessError);
  jest.restoreAllMocks();
  const warned = [...warnings].map(([line, n]) => `  console.warn ×${n}: ${line}`).join('\n');
  process.stdout.write(`\nFuzz (seed ${SEED}, ${PARALLEL} in flight):\n${summary.join('\n')}\n${warned}\n`);
});

describe(`in-process fuzzing, ${RUNS_PER_GROUP} requests per handler group (seed ${SEED})`, () => {
  test.each(HANDLER_GROUPS.map((g) => [g]))(
    '%s: no 5xx, no thrown error, every 4xx in the error shape',
    async (group) => {
      currentGroup = group;
      const world = await createWorld(group);
      const stats = newStats();
      const logsBefore = unhandledLogs.length;
      const started = Date.now();
      const cpu = process.cpuUsage();
      await fc.assert(
        fc.asyncProperty(fc.array(requestArb(world), { minLength: PARALLEL, maxLength: PARALLEL }), async (batch) => {
          await Promise.all(batch.map((req) => invoke(world, req, stats)));
        }),
        { numRuns: Math.ceil(RUNS_PER_GROUP / PARALLEL), seed: SEED + HANDLER_GROUPS.indexOf(group), endOnFailure: true },
      );
      stats.ms = Date.now() - started;
      const used = process.cpuUsage(cpu);
      const statuses = [...stats.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(' ');
      const codes = [...stats.codes].sort(([, a], [, b]) => b - a).slice(0, 8).map(([c, n]) => `${c}×${n}`).join(', ');
      const deep = [...stats.succeeded].map(([op, n]) => `${op} ${n}`).join(', ');
      summary.push(`  ${group.padEnd(8)} ${stats.runs} requests in ${(stats.ms / 1000).toFixed(1)} s (${Math.round(stats.runs / (stats.ms / 1000))}/s, ${((used.user + used.system) / 1e6).toFixed(1)} s CPU in this process); statuses ${statuses}; top errors ${codes}\n           2xx by operation: ${deep}`);

      const logs = unhandledLogs.slice(logsBefore);
      expect(stats.runs).toBeGreaterThanOrEqual(RUNS_PER_GROUP);
      // Deep code was reached: at least half of the group's operations answered 2xx at least once.
      expect(stats.succeeded.size * 2).toBeGreaterThanOrEqual(routesOf(group).length);
      const causes = [...stats.causes].sort(([, a], [, b]) => b - a).map(([c, n]) => `${n}× ${c}`);
      expect({ group, failures: stats.failures.length, causes, first: stats.failures.slice(0, 3) }).toEqual({ group, failures: 0, causes: [], first: [] });
      expect({ group, unhandledErrorLogs: logs.slice(0, 3) }).toEqual({ group, unhandledErrorLogs: [] });
      expect(processErrors).toEqual([]);
    },
    120_000,
  );
});

// ---------------------------------------------------------------------------------------------
// Part 2: over HTTP, where API Gateway answers some requests itself.

describe('over HTTP: the gateway answers {"message"}, the functions answer {"error"}', () => {
  let system: TestSystem;
  let call: ReturnType<typeof apiClient>;
  const tokens: Record<string, string> = {};
  let seeds: Seed[] = [];

  beforeAll(async () => {
    const config = loadRegionConfig('config/blora.json');
    system = await startTestSystem({ config: { ...config, limits: { submissionsPerClientPerHour: 1_000_000 } } });
    call = apiClient(system.apiUrl);
    tokens.admin = await system.tokenFor('admin');
    tokens.agency = await system.tokenFor('agency', 'dpupr');
    tokens.auditor = await system.tokenFor('auditor');
    const deps = buildDependencies(system.env);
    for (let i = 0; i < 3; i++) {
      const { change, accessToken } = await deps.service.submit({ classification: 'ASPIRASI', title: `Usulan nomor ${i}`, description: 'Usulan warga untuk fuzzing HTTP.' });
      seeds.push({ trackingId: change.complaint.trackingId, accessToken });
    }
    await deps.service.verify(seeds[0]!.trackingId, { action: 'DISPOSITION', agencyIds: ['dpupr'] }, coordinator);
  }, 60_000);
  afterAll(() => system?.stop());

  /** Header values fetch can send (ByteStrings without CR, LF or NUL). */
  const sendable = (value: string) => [...value].filter((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) < 0x7f).join('');

  test(`${HTTP_RUNS} requests: every 4xx is the gateway's {"message"} (401/404/413, no correlation id) or the error shape`, async () => {
    const jwtLike = fc.tuple(fc.base64String({ maxLength: 40 }), fc.base64String({ maxLength: 40 }), fc.base64String({ maxLength: 40 })).map((p) => p.join('.'));
    const forged = fc.constantFrom('admin', 'agency').map((role) => {
      // A well-formed token with the right claims but signed by nobody the issuer knows.
      const header = b64({ alg: 'RS256', kid: 'palsu', typ: 'JWT' });
      const payload = b64({ sub: 'x', 'cognito:groups': [role], iss: system.issuer.issuer, aud: system.issuer.staffClientId, exp: Math.floor(Date.now() / 1000) + 600, iat: Math.floor(Date.now() / 1000) });
      return `${header}.${payload}.${createHash('sha256').update(role).digest('base64url')}`;
    });
    const token = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(...Object.keys(tokens)).map((k) => tokens[k]),
      jwtLike,
      forged,
      fc.constantFrom('', 'Bearer', 'not.a.jwt', 'a.b', '...'),
    );
    const anyMethod = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH');
    const routed = fc.constantFrom(...ROUTES).chain((r) =>
      fc.record({
        // Mostly the route's own method; otherwise API Gateway has no such route (404).
        method: fc.oneof({ arbitrary: fc.constant(r.method as string), weight: 4 }, { arbitrary: anyMethod, weight: 1 }),
        path: fc
          .constantFrom(...seeds.map((s) => s.trackingId), 'BLR-0000000000', 'hello', '%F0%9F%98%80', '%ZZ', '..%2F..')
          .map((id) => r.path.replace(/\{trackingId\}/, id).replace(/\{agencyId\}/, 'dpupr').replace(/\{attachmentId\}/, randomUUID()).replace(/\{userId\}/, 'opd-dpupr')),
      }),
    );
    const stray = fc.record({
      method: anyMethod,
      path: fc.oneof(fc.webPath(), fc.constantFrom('/', '/admin', '/complaints/', '/admin/complaints/', '/reports', '/agency/dispositions/x/y/z', '//complaints', '/COMPLAINTS')),
    });
    const requestSpec = fc.record({
      target: fc.oneof({ arbitrary: routed, weight: 4 }, { arbitrary: stray, weight: 1 }),
      query: fc.oneof(fc.constant(''), fc.constantFrom('?limit=1', '?limit=1001', '?cursor=e30', '?status=SUBMITTED', '?period=0000', '?format=csv', '?cursor=%ZZ')),
      token,
      accessToken: fc.option(fc.oneof(fc.constantFrom(...seeds.map((s) => s.accessToken)), fuzzText.map(sendable)), { nil: undefined }),
      body: fc.option(fc.oneof(fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), fc.constantFrom(...MALFORMED), fc.constant(JSON.stringify({ classification: 'ASPIRASI', title: 'Usulan jalan baru', description: 'Mohon dibangun jalan baru di desa.' })))),
      contentType: fc.constantFrom(...CONTENT_TYPES.map(sendable)),
    });
    const tally = { gateway: new Map<number, number>(), app: new Map<number, number>(), success: 0 };
    const failures: string[] = [];
    const check = async ({ target, ...rest }: { target: { method: string; path: string }; query: string; token?: string; accessToken?: string; body?: string | null; contentType: string }) => {
      const spec = { ...target, ...rest };
      const hasBody = spec.body != null && spec.method !== 'GET';
      const res = await call(spec.method, `${spec.path}${spec.query}`, {
        ...(spec.token !== undefined && { headers: { authorization: `Bearer ${sendable(spec.token)}`, ...(hasBody && { 'content-type': spec.contentType }) } }),
        ...(spec.token === undefined && hasBody && { headers: { 'content-type': spec.contentType } }),
        ...(spec.accessToken && { accessToken: sendable(spec.accessToken) }),
        ...(hasBody && { rawBody: spec.body! }),
      });
      const where = `${spec.method} ${spec.path}${spec.query} → ${res.status} ${res.text.slice(0, 200)}`;
      if (res.status >= 500) return failures.push(where);
      if (res.status < 400) return void tally.success++;
      const fromFunction = res.headers.get('x-correlation-id') !== null;
      if (fromFunction) {
        bump(tally.app, res.status);
        const ok = res.body && Object.keys(res.body).length === 1 && typeof res.body.error?.code === 'string' && typeof res.body.error?.message === 'string';
        if (!ok) failures.push(`function 4xx without the error shape: ${where}`);
        return;
      }
      bump(tally.gateway, res.status);
      const known = Object.values(GATEWAY_ERRORS).find((e) => e.statusCode === res.status);
      if (![401, 404, 413].includes(res.status) || !known || JSON.stringify(res.body) !== JSON.stringify({ message: known.message })) {
        failures.push(`gateway 4xx not in API Gateway's shape: ${where}`);
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.array(requestSpec, { minLength: 8, maxLength: 8 }), async (batch) => {
        await Promise.all(batch.map(check));
      }),
      { numRuns: Math.ceil(HTTP_RUNS / 8), seed: SEED, endOnFailure: true },
    );
    // The gateway's 413: a body over HTTP API's 10 MiB payload limit never reaches a function.
    const huge = await call('POST', '/complaints', { rawBody: `{"title":"${'x'.repeat(10 * 1024 * 1024)}"}` });
    expect(huge.status).toBe(413);
    expect(huge.body).toEqual({ message: 'Request Entity Too Large' });
    expect(huge.headers.get('x-correlation-id')).toBeNull();
    // Between 64 KiB and 10 MiB the function itself refuses, in its own shape.
    const big = await call('POST', '/complaints', { rawBody: hugeBody(MAX_BODY + 1, 'x') });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');

    summary.push(
      `  http     ${HTTP_RUNS} requests: ${tally.success} 2xx/3xx; gateway ${[...tally.gateway].map(([s, n]) => `${s}:${n}`).join(' ')}; functions ${[...tally.app].map(([s, n]) => `${s}:${n}`).join(' ')}`,
    );
    expect(failures.slice(0, 5)).toEqual([]);
    expect(tally.gateway.get(401) ?? 0).toBeGreaterThan(0);
    expect(tally.gateway.get(404) ?? 0).toBeGreaterThan(0);
    expect(processErrors).toEqual([]);
  }, 60_000);
});
