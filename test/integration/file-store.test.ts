// The S3 file store's export upload against the S3 stand-in (s3rver): what an auditor downloads
// is byte for byte what the export wrote, across part boundaries and with multi-byte characters,
// and an aborted upload leaves nothing behind.

import { randomUUID } from 'node:crypto';
import { EXPORT_PART_BYTES, S3FileStore, s3FileStore } from '../../functions/adapters/s3-file-store';
import { ensureBucket } from '../../lib/local/s3-local';
import { standInEndpoints } from '../support/stand-ins';

const { s3Endpoint } = standInEndpoints();
const bucket = `file-store-${randomUUID().slice(0, 8)}`;
let store: S3FileStore;

beforeAll(async () => {
  await ensureBucket(s3Endpoint, bucket);
  store = s3FileStore({ S3_ENDPOINT: s3Endpoint, FILES_BUCKET: bucket }) as S3FileStore;
});

/** CSV-like lines with Indonesian text, some of it outside ASCII, until `bytes` is reached. */
function linesOf(bytes: number): string[] {
  const lines: string[] = [];
  let total = 0;
  for (let i = 0; total < bytes; i++) {
    const line = `BLR-${String(i).padStart(10, '0')},"Jalan rusak di Desa Sumber—Kecamatan Randublatung, perbaikan ditunggu (${i % 7} hari)",café\n`;
    lines.push(line);
    total += Buffer.byteLength(line);
  }
  return lines;
}

async function upload(lines: string[], key = `exports/test/${randomUUID()}.csv`) {
  const upload = store.startUpload(key, 'text/csv; charset=utf-8', 'pengaduan.csv');
  for (const line of lines) await upload.write(line);
  return { key, link: await upload.finish() };
}

async function download(url: string): Promise<{ status: number; body: Buffer; disposition: string | null }> {
  const response = await fetch(url);
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()), disposition: response.headers.get('content-disposition') };
}

it('uploads an export of several parts and links to exactly what was written', async () => {
  const lines = linesOf(2 * EXPORT_PART_BYTES + 123_457);
  const expected = Buffer.from(lines.join(''), 'utf8');
  const { key, link } = await upload(lines);
  expect(link.bytes).toBe(expected.length);
  const file = await download(link.url);
  expect(file.status).toBe(200);
  expect(file.body.equals(expected)).toBe(true);
  expect(file.disposition).toBe('attachment; filename="pengaduan.csv"');
  expect(await store.head(key)).toMatchObject({ size: expected.length });
}, 60_000);

it('takes a single write bigger than the room a part leaves, whole and in order', async () => {
  const giant = `${'ü'.repeat(300 * 1024)}\n`; // 600 KiB in UTF-8
  const lines = [...linesOf(EXPORT_PART_BYTES - 1000), giant, ...linesOf(EXPORT_PART_BYTES + 1), giant];
  const { link } = await upload(lines);
  const file = await download(link.url);
  expect(file.body.equals(Buffer.from(lines.join(''), 'utf8'))).toBe(true);
}, 60_000);

it('uploads an export smaller than one part as a single object', async () => {
  const lines = linesOf(40_000);
  const { link } = await upload(lines);
  const file = await download(link.url);
  expect(file.body.toString('utf8')).toBe(lines.join(''));
  expect(link.bytes).toBe(Buffer.byteLength(lines.join('')));
});

it('leaves no object behind when aborted after parts were sent, and refuses further writes', async () => {
  const key = `exports/test/${randomUUID()}.csv`;
  const upload = store.startUpload(key, 'text/csv; charset=utf-8', 'pengaduan.csv');
  for (const line of linesOf(EXPORT_PART_BYTES + 10_000)) await upload.write(line);
  await upload.abort();
  expect(await store.head(key)).toBeUndefined();
  await expect(upload.write('more\n')).rejects.toThrow(/after finish or abort/);
}, 60_000);
