// Evidence attachments over HTTP against the local runtime, with the S3 stand-in (s3rver) taking
// the presigned PUTs and GETs exactly as a browser would send them.
//
// s3rver verifies no signature: a PUT with another Content-Type or length than the signed ones
// is stored locally where S3 would refuse it. That is why the refusals below are all decided at
// completion (size, magic bytes), which is what holds here and on AWS alike.

import { randomBytes } from 'node:crypto';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { localS3Client } from '../../lib/local/s3-local';
import { apiClient, type CallResult } from '../support/http';
import { HOUSE, phonePhoto, pixels, readMetadata } from '../support/photos';
import { startTestSystem, type TestSystem } from '../support/local-system';

let system: TestSystem;
let call: ReturnType<typeof apiClient>;
let s3: S3Client;
const tokens: Record<'admin' | 'dpupr' | 'dinkes' | 'dlh', string> = { admin: '', dpupr: '', dinkes: '', dlh: '' };

beforeAll(async () => {
  system = await startTestSystem();
  call = apiClient(system.apiUrl);
  s3 = localS3Client(system.s3Endpoint);
  tokens.admin = await system.tokenFor('admin');
  for (const agencyId of ['dpupr', 'dinkes', 'dlh'] as const) tokens[agencyId] = await system.tokenFor('agency', agencyId);
}, 60_000);

afterAll(async () => {
  s3?.destroy();
  await system?.stop();
});

// ---- files -------------------------------------------------------------------------------------

/**
 * Real signatures followed by random bytes: only the first bytes decide the type. The JPEG has a
 * JPEG's segment structure (JFIF header, a scan of random data, EOI) so the metadata stripper can
 * follow it; it carries no metadata, so the public gets it as it is.
 */
const jpeg = (size = 2048) => {
  const head = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xda, 0x00, 0x08, 1, 1, 0, 0, 0x3f, 0]);
  const scan = randomBytes(size - head.length - 2).map((b) => (b === 0xff ? 0xfe : b));
  return Buffer.concat([head, scan, Buffer.from([0xff, 0xd9])]);
};
/** Only the signatures: a type check passes, but no image structure follows. */
const brokenJpeg = (size = 2048) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), randomBytes(size - 11)]);
const png = (size = 2048) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size - 8)]);
const exe = (size = 2048) => Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0x00, 0x03, 0x00]), randomBytes(size - 6)]);
const pdf = (size = 1024) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);

// ---- helpers -----------------------------------------------------------------------------------

async function submit(extra: Record<string, unknown> = {}) {
  const res = await call('POST', '/complaints', {
    body: {
      classification: 'PENGADUAN',
      title: `Jalan berlubang ${randomBytes(3).toString('hex')}`,
      description: 'Lubang besar di depan Pasar Induk Blora, sudah ada motor yang jatuh.',
      reporter: { name: 'Budi Santoso', email: 'budi@example.com' },
      ...extra,
    },
  });
  expect(res.status).toBe(201);
  return res.body as { trackingId: string; accessToken: string };
}

async function verify(trackingId: string, agencyIds: string[], extra: Record<string, unknown> = {}) {
  const res = await call('POST', `/admin/complaints/${trackingId}/verification`, {
    token: tokens.admin,
    body: { action: 'DISPOSITION', agencyIds, ...extra },
  });
  expect(res.status).toBe(200);
  return res;
}

type Uploader = { accessToken: string } | { agency: keyof typeof tokens };

const base = (trackingId: string, who: Uploader) =>
  'agency' in who ? `/agency/dispositions/${trackingId}/attachments` : `/complaints/${trackingId}/attachments`;
const auth = (who: Uploader) => ('agency' in who ? { token: tokens[who.agency] } : { accessToken: who.accessToken });

function requestUpload(trackingId: string, who: Uploader, declared: { fileName: string; contentType: string; size: number }) {
  return call('POST', base(trackingId, who), { ...auth(who), body: declared });
}

function complete(trackingId: string, who: Uploader, attachmentId: string) {
  return call('POST', `${base(trackingId, who)}/${attachmentId}/complete`, auth(who));
}

async function put(uploadUrl: string, body: Buffer, contentType: string) {
  const res = await fetch(uploadUrl, { method: 'PUT', headers: { 'content-type': contentType }, body });
  expect(res.status).toBe(200);
}

/** Declare, PUT, complete: the whole client side of an upload. */
async function upload(
  trackingId: string,
  who: Uploader,
  file: { name: string; type: string; bytes: Buffer; declaredSize?: number },
): Promise<{ created: CallResult; completed: CallResult }> {
  const created = await requestUpload(trackingId, who, { fileName: file.name, contentType: file.type, size: file.declaredSize ?? file.bytes.length });
  expect(created.status).toBe(201);
  await put(created.body.uploadUrl, file.bytes, file.type);
  return { created, completed: await complete(trackingId, who, created.body.attachmentId) };
}

async function objectExists(key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: system.filesBucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw error;
  }
}

async function download(url: string) {
  const res = await fetch(url);
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

const reporterView = (trackingId: string, accessToken: string) => call('GET', `/complaints/${trackingId}`, { accessToken });
const publicView = (trackingId: string) => call('GET', `/complaints/${trackingId}`);
const adminView = (trackingId: string) => call('GET', `/admin/complaints/${trackingId}`, { token: tokens.admin });
const agencyView = (trackingId: string, agency: keyof typeof tokens) => call('GET', `/agency/dispositions/${trackingId}`, { token: tokens[agency] });
const names = (res: CallResult) => (res.body.attachments as Array<{ fileName: string }>).map((a) => a.fileName).sort();

// ---- the flow ----------------------------------------------------------------------------------

test('upload flow: declare → presigned PUT → complete → a viewer downloads the same bytes', async () => {
  const { trackingId, accessToken } = await submit();
  const bytes = jpeg(4096);
  const before = Date.now();

  const created = await requestUpload(trackingId, { accessToken }, { fileName: '../../Foto Jalan\u202E.jpg', contentType: 'image/jpeg', size: bytes.length });
  expect(created.status).toBe(201);
  const { attachmentId, uploadUrl, uploadHeaders, expiresAt, fileName } = created.body;
  expect(fileName).toBe('Foto Jalan.jpg');
  expect(uploadHeaders).toEqual({ 'Content-Type': 'image/jpeg' });
  // Ten minutes; the key is made of ids only, and the type and length are signed.
  expect(Date.parse(expiresAt) - before).toBeGreaterThan(9 * 60_000);
  expect(Date.parse(expiresAt) - before).toBeLessThanOrEqual(10 * 60_000 + 5_000);
  const url = new URL(uploadUrl);
  expect(url.pathname).toBe(`/${system.filesBucket}/uploads/pending/${trackingId}/${attachmentId}`);
  expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
  expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
  expect([...url.searchParams.keys()].some((k) => k.startsWith('x-amz-checksum'))).toBe(false);

  // Not listed before it is uploaded and completed.
  expect((await reporterView(trackingId, accessToken)).body.attachments).toEqual([]);
  const early = await complete(trackingId, { accessToken }, attachmentId);
  expect(early.status).toBe(409);
  expect(early.body.error.message).toMatch(/not been uploaded/);

  await put(uploadUrl, bytes, 'image/jpeg');
  const done = await complete(trackingId, { accessToken }, attachmentId);
  expect(done.status).toBe(200);
  expect(done.body).toMatchObject({ attachmentId, fileName: 'Foto Jalan.jpg', contentType: 'image/jpeg', size: bytes.length, uploadedBy: { role: 'reporter' } });

  // Moved from the pending prefix to attachments/.
  expect(await objectExists(`uploads/pending/${trackingId}/${attachmentId}`)).toBe(false);
  expect(await objectExists(`attachments/${trackingId}/${attachmentId}`)).toBe(true);

  // Completing again is harmless.
  const again = await complete(trackingId, { accessToken }, attachmentId);
  expect(again.status).toBe(200);
  expect(again.body.attachmentId).toBe(attachmentId);

  const view = await reporterView(trackingId, accessToken);
  expect(view.body.attachments).toHaveLength(1);
  expect(view.body.timeline.filter((e: { type: string }) => e.type === 'ATTACHMENT_ADDED')).toHaveLength(1);
  const [listed] = view.body.attachments;
  const link = new URL(listed.url);
  expect(link.pathname).toBe(`/${system.filesBucket}/attachments/${trackingId}/${attachmentId}`);
  expect(link.searchParams.get('X-Amz-Expires')).toBe('300');
  const got = await download(listed.url);
  expect(got.status).toBe(200);
  expect(got.bytes.equals(bytes)).toBe(true);
  expect(got.headers.get('content-type')).toBe('image/jpeg');
  expect(got.headers.get('content-disposition')).toContain(`filename="Foto Jalan.jpg"`);

  const admin = await adminView(trackingId);
  expect(admin.body.attachments).toEqual([expect.objectContaining({ attachmentId, public: false })]);
  expect(admin.body.version).toBe(2);
});

describe('refusals: nothing of them is listed', () => {
  let trackingId: string;
  let accessToken: string;

  beforeAll(async () => {
    ({ trackingId, accessToken } = await submit());
  });

  afterAll(async () => {
    // None of the refusals listed a file or moved the complaint's version.
    expect((await reporterView(trackingId, accessToken)).body.attachments).toEqual([]);
    expect((await adminView(trackingId)).body.version).toBe(1);
  });

  test('a PNG declared as JPEG: 415 at completion, and the upload is deleted', async () => {
    const { created, completed } = await upload(trackingId, { accessToken }, { name: 'foto.jpg', type: 'image/jpeg', bytes: png() });
    expect(completed.status).toBe(415);
    expect(completed.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: { declared: 'image/jpeg', detected: 'image/png' } });
    expect(completed.body.error.message).toMatch(/PNG image, not the JPEG declared/);
    expect(await objectExists(`uploads/pending/${trackingId}/${created.body.attachmentId}`)).toBe(false);
    // Gone for good: a new upload has to be requested.
    expect((await complete(trackingId, { accessToken }, created.body.attachmentId)).status).toBe(404);
  });

  test('an EXE renamed .jpg and declared image/jpeg: 415', async () => {
    const { created, completed } = await upload(trackingId, { accessToken }, { name: 'foto_kk.jpg', type: 'image/jpeg', bytes: exe() });
    expect(completed.status).toBe(415);
    expect(completed.body.error.message).toMatch(/Windows program/);
    expect(await objectExists(`uploads/pending/${trackingId}/${created.body.attachmentId}`)).toBe(false);
  });

  test('declared 11 MB: 413 before any upload', async () => {
    const res = await requestUpload(trackingId, { accessToken }, { fileName: 'besar.jpg', contentType: 'image/jpeg', size: 11 * 1024 * 1024 });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limitBytes: 10 * 1024 * 1024 } });
  });

  test('declared small, uploaded larger: 413 at completion, and the object is deleted', async () => {
    // S3 would refuse this PUT (Content-Length is signed); the local stand-in stores it.
    const { created, completed } = await upload(trackingId, { accessToken }, { name: 'foto.jpg', type: 'image/jpeg', bytes: jpeg(3000), declaredSize: 1000 });
    expect(completed.status).toBe(413);
    expect(completed.body.error.message).toMatch(/3000 bytes, larger than the 1000 bytes declared/);
    expect(completed.body.error.details).toEqual({ limitBytes: 1000 });
    expect(await objectExists(`uploads/pending/${trackingId}/${created.body.attachmentId}`)).toBe(false);
  });

  test('declared larger, uploaded smaller: 400 naming the size', async () => {
    const { completed } = await upload(trackingId, { accessToken }, { name: 'foto.jpg', type: 'image/jpeg', bytes: jpeg(500), declaredSize: 1000 });
    expect(completed.status).toBe(400);
    expect(completed.body.error.details).toEqual([{ field: 'size', message: 'the uploaded file is 500 bytes, not the 1000 bytes declared' }]);
  });

  test('a type not allowed is 415, a name with nothing usable 400, a bad size 400', async () => {
    const gif = await requestUpload(trackingId, { accessToken }, { fileName: 'a.gif', contentType: 'image/gif', size: 100 });
    expect(gif.status).toBe(415);
    expect(gif.body.error.message).toMatch(/JPEG, PNG, WebP or PDF/);
    const name = await requestUpload(trackingId, { accessToken }, { fileName: '../..', contentType: 'image/jpeg', size: 100 });
    expect(name.status).toBe(400);
    expect(name.body.error.details).toEqual([{ field: 'fileName', message: expect.any(String) }]);
    expect((await requestUpload(trackingId, { accessToken }, { fileName: 'a.jpg', contentType: 'image/jpeg', size: 0 })).status).toBe(400);
    expect((await requestUpload(trackingId, { accessToken }, { fileName: 'a'.repeat(256), contentType: 'image/jpeg', size: 1 })).status).toBe(400);
  });

  test('without the access token 401, with another complaint\'s 403', async () => {
    const other = await submit();
    const declared = { fileName: 'a.jpg', contentType: 'image/jpeg', size: 100 };
    expect((await call('POST', `/complaints/${trackingId}/attachments`, { body: declared })).status).toBe(401);
    expect((await requestUpload(trackingId, { accessToken: other.accessToken }, declared)).status).toBe(403);
  });
});

test('the sixth attachment is refused (409), uploads in progress counted; the five are listed', async () => {
  const { trackingId, accessToken } = await submit();
  const files = [jpeg(), png(), pdf(), jpeg(), png()];
  for (const [i, bytes] of files.slice(0, 4).entries()) {
    const type = bytes[0] === 0xff ? 'image/jpeg' : bytes[0] === 0x89 ? 'image/png' : 'application/pdf';
    const { completed } = await upload(trackingId, { accessToken }, { name: `bukti-${i + 1}`, type, bytes });
    expect(completed.status).toBe(200);
  }
  // The fifth is requested but not yet uploaded: it holds the last place.
  const fifth = await requestUpload(trackingId, { accessToken }, { fileName: 'bukti-5.png', contentType: 'image/png', size: files[4]!.length });
  expect(fifth.status).toBe(201);
  const sixth = await requestUpload(trackingId, { accessToken }, { fileName: 'bukti-6.jpg', contentType: 'image/jpeg', size: 100 });
  expect(sixth.status).toBe(409);
  expect(sixth.body.error).toMatchObject({ code: 'CONFLICT', details: { maxPerComplaint: 5 } });
  expect(sixth.body.error.message).toMatch(/at most 5 attachments/);

  await put(fifth.body.uploadUrl, files[4]!, 'image/png');
  expect((await complete(trackingId, { accessToken }, fifth.body.attachmentId)).status).toBe(200);
  const view = await reporterView(trackingId, accessToken);
  expect(names(view)).toEqual(['bukti-1.jpg', 'bukti-2.png', 'bukti-3.pdf', 'bukti-4.jpg', 'bukti-5.png']);
  expect((await requestUpload(trackingId, { accessToken }, { fileName: 'bukti-6.jpg', contentType: 'image/jpeg', size: 100 })).status).toBe(409);
});

// ---- who sees what -----------------------------------------------------------------------------

describe('who sees which attachment', () => {
  test('reporter, coordinator, the agencies holding it, another agency, the public', async () => {
    const { trackingId, accessToken } = await submit();
    // An agency can attach only while it holds an active disposition.
    expect((await requestUpload(trackingId, { agency: 'dpupr' }, { fileName: 'x.jpg', contentType: 'image/jpeg', size: 100 })).status).toBe(404);
    await upload(trackingId, { accessToken }, { name: 'lubang.jpg', type: 'image/jpeg', bytes: jpeg() });
    await verify(trackingId, ['dpupr', 'dinkes']);
    const evidence = pdf();
    const agencyUpload = await upload(trackingId, { agency: 'dpupr' }, { name: 'berita-acara.pdf', type: 'application/pdf', bytes: evidence });
    expect(agencyUpload.completed.status).toBe(200);
    expect(agencyUpload.completed.body.uploadedBy).toEqual({ role: 'agency', agencyId: 'dpupr' });

    expect(names(await reporterView(trackingId, accessToken))).toEqual(['berita-acara.pdf', 'lubang.jpg']);
    expect(names(await adminView(trackingId))).toEqual(['berita-acara.pdf', 'lubang.jpg']);
    expect(names(await agencyView(trackingId, 'dpupr'))).toEqual(['berita-acara.pdf', 'lubang.jpg']);
    // dinkes holds a disposition too, but another agency's evidence is not its business.
    const dinkes = await agencyView(trackingId, 'dinkes');
    expect(names(dinkes)).toEqual(['lubang.jpg']);
    expect(dinkes.text).not.toContain(agencyUpload.created.body.attachmentId);
    // dlh holds none: the complaint does not exist for it, nor may it attach.
    expect((await agencyView(trackingId, 'dlh')).status).toBe(404);
    expect((await requestUpload(trackingId, { agency: 'dlh' }, { fileName: 'x.jpg', contentType: 'image/jpeg', size: 100 })).status).toBe(404);
    expect((await complete(trackingId, { agency: 'dlh' }, agencyUpload.created.body.attachmentId)).status).toBe(404);
    // Nor may dinkes complete dpupr's upload.
    expect((await complete(trackingId, { agency: 'dinkes' }, agencyUpload.created.body.attachmentId)).status).toBe(404);
    // The public: nothing, the coordinator did not release the files.
    const open = await publicView(trackingId);
    expect(open.status).toBe(200);
    expect(open.body.attachments).toEqual([]);
    expect(open.text).not.toContain('/attachments/');

    // The reporter's link downloads the agency's file.
    const pdfLink = (await reporterView(trackingId, accessToken)).body.attachments.find((a: { fileName: string }) => a.fileName === 'berita-acara.pdf');
    expect((await download(pdfLink.url)).bytes.equals(evidence)).toBe(true);

    // A returned disposition ends the agency's access.
    expect((await call('POST', `/agency/dispositions/${trackingId}/return`, { token: tokens.dinkes, body: { reason: 'Bukan kewenangan' } })).status).toBe(200);
    expect((await agencyView(trackingId, 'dinkes')).status).toBe(404);
    expect((await requestUpload(trackingId, { agency: 'dinkes' }, { fileName: 'x.jpg', contentType: 'image/jpeg', size: 100 })).status).toBe(404);
  });

  test('the public sees the files the coordinator released at verification, and only those', async () => {
    const { trackingId, accessToken } = await submit();
    const photo = jpeg();
    await upload(trackingId, { accessToken }, { name: 'lubang.jpg', type: 'image/jpeg', bytes: photo });
    const verified = await verify(trackingId, ['dpupr'], { publicAttachments: true });
    expect(verified.body.publicAttachments).toBe(true);
    expect(verified.body.attachments).toEqual([expect.objectContaining({ fileName: 'lubang.jpg', public: true })]);
    expect(verified.body.timeline.find((e: { type: string }) => e.type === 'VERIFIED').details).toMatchObject({ publicAttachments: true });

    // Added after the decision: not reviewed, so not public.
    await upload(trackingId, { accessToken }, { name: 'wajah-tetangga.jpg', type: 'image/jpeg', bytes: jpeg() });
    await upload(trackingId, { agency: 'dpupr' }, { name: 'perbaikan.jpg', type: 'image/jpeg', bytes: jpeg() });
    const open = await publicView(trackingId);
    expect(names(open)).toEqual(['lubang.jpg']);
    expect((await download(open.body.attachments[0].url)).bytes.equals(photo)).toBe(true);
    expect(names(await reporterView(trackingId, accessToken))).toEqual(['lubang.jpg', 'perbaikan.jpg', 'wajah-tetangga.jpg']);
  });

  test('a released photo reaches the public without its EXIF (no GPS, no camera); staff and the reporter keep the original', async () => {
    const { trackingId, accessToken } = await submit();
    const photo = phonePhoto();
    expect((await readMetadata(photo)).latitude).toBeCloseTo(HOUSE.latitude, 3);
    const sent = await upload(trackingId, { accessToken }, { name: 'depan-rumah.jpg', type: 'image/jpeg', bytes: photo });
    expect(sent.completed.status).toBe(200);
    const { attachmentId } = sent.created.body;
    // Broken inside, though its first bytes pass the type check: nobody can say what it carries.
    await upload(trackingId, { accessToken }, { name: 'rusak.jpg', type: 'image/jpeg', bytes: brokenJpeg() });
    await verify(trackingId, ['dpupr'], { publicAttachments: true });

    const open = await publicView(trackingId);
    expect(names(open)).toEqual(['depan-rumah.jpg']);
    const link = open.body.attachments[0].url as string;
    expect(new URL(link).pathname).toBe(`/${system.filesBucket}/attachments/${trackingId}/${attachmentId}.public`);
    const publicCopy = await download(link);
    expect(publicCopy.status).toBe(200);
    expect(publicCopy.headers.get('content-type')).toBe('image/jpeg');
    const seen = await readMetadata(publicCopy.bytes);
    for (const tag of ['latitude', 'longitude', 'GPSLatitude', 'Make', 'Model', 'BodySerialNumber', 'DateTimeOriginal']) expect(seen).not.toHaveProperty(tag);
    expect(pixels(publicCopy.bytes).equals(pixels(photo))).toBe(true);

    // The coordinator, the agency and the reporter download the file exactly as it was sent.
    for (const view of [await adminView(trackingId), await agencyView(trackingId, 'dpupr'), await reporterView(trackingId, accessToken)]) {
      const original = view.body.attachments.find((a: { attachmentId: string }) => a.attachmentId === attachmentId);
      const got = await download(original.url);
      expect(got.bytes.equals(photo)).toBe(true);
      expect((await readMetadata(got.bytes)).longitude).toBeCloseTo(HOUSE.longitude, 3);
    }
    expect(names(await adminView(trackingId))).toEqual(['depan-rumah.jpg', 'rusak.jpg']);
  });

  test('a confidential complaint: the public gets 404 whatever was released; the reporter and agency see the files', async () => {
    const { trackingId, accessToken } = await submit({ confidential: true });
    await upload(trackingId, { accessToken }, { name: 'surat.pdf', type: 'application/pdf', bytes: pdf() });
    await verify(trackingId, ['dpupr'], { publicAttachments: true });
    const open = await publicView(trackingId);
    expect(open.status).toBe(404);
    expect(open.text).not.toContain('surat');
    expect(names(await reporterView(trackingId, accessToken))).toEqual(['surat.pdf']);
    expect(names(await agencyView(trackingId, 'dpupr'))).toEqual(['surat.pdf']);
    // Another reporter's token does not even learn that it exists.
    const other = await submit();
    expect((await requestUpload(trackingId, { accessToken: other.accessToken }, { fileName: 'a.jpg', contentType: 'image/jpeg', size: 100 })).status).toBe(404);
  });

  test("an anonymous reporter's file names reach only them and the coordinator", async () => {
    const { trackingId, accessToken } = await submit({ anonymous: true });
    await upload(trackingId, { accessToken }, { name: 'KTP Budi Santoso.jpg', type: 'image/jpeg', bytes: jpeg() });
    await verify(trackingId, ['dpupr'], { publicAttachments: true });
    expect(names(await reporterView(trackingId, accessToken))).toEqual(['KTP Budi Santoso.jpg']);
    expect(names(await adminView(trackingId))).toEqual(['KTP Budi Santoso.jpg']);
    for (const res of [await agencyView(trackingId, 'dpupr'), await publicView(trackingId)]) {
      expect(names(res)).toEqual(['lampiran-1.jpg']);
      expect(res.text).not.toContain('Budi');
      expect(decodeURIComponent(res.body.attachments[0].url)).toContain('filename="lampiran-1.jpg"');
    }
  });

  test('the agency timeline leaves out another agency\'s ATTACHMENT_ADDED; a closed complaint takes no more files from the reporter', async () => {
    const { trackingId, accessToken } = await submit();
    await verify(trackingId, ['dpupr', 'dinkes']);
    await upload(trackingId, { agency: 'dpupr' }, { name: 'foto.jpg', type: 'image/jpeg', bytes: jpeg() });
    const types = (res: CallResult) => res.body.timeline.map((e: { type: string }) => e.type);
    expect(types(await agencyView(trackingId, 'dpupr'))).toContain('ATTACHMENT_ADDED');
    expect(types(await agencyView(trackingId, 'dinkes'))).not.toContain('ATTACHMENT_ADDED');

    for (const agency of ['dpupr', 'dinkes'] as const) {
      const res = await call('POST', `/agency/dispositions/${trackingId}/follow-ups`, { token: tokens[agency], body: { message: 'Selesai.', final: true } });
      expect(res.status).toBe(201);
    }
    const closed = await requestUpload(trackingId, { accessToken }, { fileName: 'a.jpg', contentType: 'image/jpeg', size: 100 });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('INVALID_TRANSITION');
  });
});
