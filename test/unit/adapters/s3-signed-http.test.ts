// The file store talks to S3 through the SDK's Signature V4 signer and fetch, without the S3 client.
// The local stand-in (s3rver) checks no signature, so what proves the requests right for AWS is
// that they are the SDK's own: for the same input and signing time, the presigned links are
// identical to @aws-sdk/s3-request-presigner's, and every request the store sends has the method,
// host, path, query, headers and signature the S3 client would send (its telemetry headers aside).

import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { completeUploadXml, contentDisposition } from '../../../functions/adapters/s3-file-store';
import { errorIn, S3SignedHttp, type UnsignedRequest, xmlEscape, xmlValue } from '../../../functions/adapters/s3/signed-http';

const REGION = 'ap-southeast-3';
const BUCKET = 'tuntas-files-abc123';
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token-example' };
const AT = new Date('2026-12-03T04:05:06Z');
const KEY = 'attachments/BLR-7K3M9Q2X4T/3f0c9a52-1b7e-4c55-9d0e-1a2b3c4d5e6f';

const http = new S3SignedHttp({ bucket: BUCKET, region: REGION, credentials: CREDENTIALS });

/** The S3 client as the file store used to build it, capturing each signed request instead of sending it. */
function capturingClient() {
  const captured: UnsignedRequest[] = [];
  const client = new S3Client({
    region: REGION,
    credentials: CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    systemClockOffset: AT.getTime() - Date.now(),
    requestHandler: {
      handle: async (request: UnsignedRequest) => {
        captured.push(request);
        throw new Error('captured');
      },
    },
  });
  return { client, captured };
}

const TELEMETRY = ['amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-user-agent', 'user-agent'];

/** The request as it goes on the wire, the SDK's telemetry headers left out. */
function wire(request: UnsignedRequest) {
  const headers = Object.fromEntries(
    Object.entries(request.headers)
      .map(([k, v]) => [k.toLowerCase(), v] as const)
      .filter(([k]) => !TELEMETRY.includes(k) && k !== 'authorization' && k !== 'content-length'),
  );
  return { method: request.method, hostname: request.hostname, path: request.path, query: request.query, headers };
}

/**
 * The SDK's request for `command`, re-signed without its telemetry headers (which the SDK signs
 * too), next to the one S3SignedHttp builds: identical requests, identical signatures.
 */
async function compare(command: unknown, ours: UnsignedRequest) {
  const { client, captured } = capturingClient();
  await expect(client.send(command as never)).rejects.toThrow('captured');
  const sdk = captured[0]!;
  const { host: _h, ...sdkHeaders } = wire(sdk).headers;
  const stripped: UnsignedRequest = {
    ...sdk,
    query: Object.fromEntries(Object.entries(sdk.query).map(([k, v]) => [k, v ?? ''])),
    headers: Object.fromEntries(
      Object.entries(sdk.headers).filter(([k]) => !TELEMETRY.includes(k.toLowerCase()) && !['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256', 'content-length'].includes(k.toLowerCase())),
    ),
  };
  const sdkResigned = await http.sign(stripped, AT);
  const mine = await http.sign(ours, AT);
  const { host: _m, ...myHeaders } = wire(mine).headers;
  expect({ ...wire(mine), headers: myHeaders }).toEqual({ ...wire(sdk), query: stripped.query, headers: sdkHeaders });
  expect(mine.headers.authorization).toBe(sdkResigned.headers.authorization);
  client.destroy();
}

const body = Buffer.from('id,judul\nBLR-1,"Jalan rusak"\n', 'utf8');

describe('requests are the S3 client\'s', () => {
  test('HEAD', () => compare(new HeadObjectCommand({ Bucket: BUCKET, Key: KEY }), http.build('HEAD', KEY)));

  test('ranged GET with If-Match', () =>
    compare(
      new GetObjectCommand({ Bucket: BUCKET, Key: KEY, Range: 'bytes=0-15', IfMatch: '"abc"' }),
      http.build('GET', KEY, { query: { 'x-id': 'GetObject' }, headers: { range: 'bytes=0-15', 'if-match': '"abc"' } }),
    ));

  test('copy with a content type and a source etag', () =>
    compare(
      new CopyObjectCommand({ Bucket: BUCKET, Key: `${KEY}-copy`, CopySource: `${BUCKET}/${KEY}`, MetadataDirective: 'REPLACE', ContentType: 'image/jpeg', CopySourceIfMatch: '"abc"' }),
      http.build('PUT', `${KEY}-copy`, {
        query: { 'x-id': 'CopyObject' },
        headers: { 'x-amz-copy-source': http.copySource(KEY), 'x-amz-metadata-directive': 'REPLACE', 'content-type': 'image/jpeg', 'x-amz-copy-source-if-match': '"abc"' },
      }),
    ));

  test('DELETE', () => compare(new DeleteObjectCommand({ Bucket: BUCKET, Key: KEY }), http.build('DELETE', KEY, { query: { 'x-id': 'DeleteObject' } })));

  test('PUT of a small export', () =>
    compare(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'exports/x.csv', ContentType: 'text/csv; charset=utf-8', Body: body }),
      http.build('PUT', 'exports/x.csv', { query: { 'x-id': 'PutObject' }, headers: { 'content-type': 'text/csv; charset=utf-8' }, body }),
    ));

  test('the multipart upload: create, part, complete, abort', async () => {
    await compare(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'exports/x.csv', ContentType: 'text/csv; charset=utf-8' }),
      http.build('POST', 'exports/x.csv', { query: { uploads: '' }, headers: { 'content-type': 'text/csv; charset=utf-8' } }),
    );
    await compare(
      new UploadPartCommand({ Bucket: BUCKET, Key: 'exports/x.csv', UploadId: 'up-1', PartNumber: 2, Body: body }),
      http.build('PUT', 'exports/x.csv', { query: { 'x-id': 'UploadPart', partNumber: '2', uploadId: 'up-1' }, headers: { 'content-type': 'application/octet-stream' }, body }),
    );
    const parts = [{ ETag: '"e1"', PartNumber: 1 }, { ETag: '"e2"', PartNumber: 2 }];
    await compare(
      new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'exports/x.csv', UploadId: 'up-1', MultipartUpload: { Parts: parts } }),
      http.build('POST', 'exports/x.csv', {
        query: { uploadId: 'up-1' },
        headers: { 'content-type': 'application/xml' },
        body: Buffer.from(completeUploadXml(parts.map((p) => ({ etag: p.ETag, number: p.PartNumber }))), 'utf8'),
      }),
    );
    await compare(
      new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'exports/x.csv', UploadId: 'up-1' }),
      http.build('DELETE', 'exports/x.csv', { query: { 'x-id': 'AbortMultipartUpload', uploadId: 'up-1' } }),
    );
  });
});

describe('presigned links are the SDK presigner\'s', () => {
  test('a GET that serves the file inline under its own name and type', async () => {
    const { client } = capturingClient();
    const disposition = contentDisposition('inline', 'foto jalan (1).jpg');
    const sdk = await getSignedUrl(client, new GetObjectCommand({ Bucket: BUCKET, Key: KEY, ResponseContentType: 'image/jpeg', ResponseContentDisposition: disposition }), {
      expiresIn: 900,
      signingDate: AT,
    });
    const mine = await http.presign('GET', KEY, { query: { 'x-id': 'GetObject', 'response-content-disposition': disposition, 'response-content-type': 'image/jpeg' }, expiresIn: 900, signingDate: AT });
    expect(sameUrl(mine, sdk)).toBe(true);
    client.destroy();
  });

  test('a PUT bound to one content type and length', async () => {
    const { client } = capturingClient();
    const sdk = await getSignedUrl(client, new PutObjectCommand({ Bucket: BUCKET, Key: KEY, ContentType: 'application/pdf', ContentLength: 12345 }), {
      expiresIn: 600,
      signingDate: AT,
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    const mine = await http.presign('PUT', KEY, {
      query: { 'x-id': 'PutObject' },
      headers: { 'content-type': 'application/pdf', 'content-length': '12345' },
      expiresIn: 600,
      signableHeaders: new Set(['content-type', 'content-length']),
      signingDate: AT,
    });
    expect(sameUrl(mine, sdk)).toBe(true);
    expect(new URL(mine).searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    client.destroy();
  });
});

/** The same URL up to the order of its query parameters. */
function sameUrl(a: string, b: string): boolean {
  const parse = (url: string) => {
    const u = new URL(url);
    return { origin: u.origin, path: u.pathname, query: [...u.searchParams].sort(([x], [y]) => (x < y ? -1 : 1)) };
  };
  expect(parse(a)).toEqual(parse(b));
  return true;
}

describe('S3 answers', () => {
  test('an <Error> document in a 200 answer is an error, with its code', () => {
    const error = errorIn(200, '<?xml version="1.0"?><Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>');
    expect(error).toMatchObject({ status: 200, code: 'InternalError' });
    expect(errorIn(200, '<CopyObjectResult><ETag>&quot;x&quot;</ETag></CopyObjectResult>')).toBeUndefined();
  });

  test('XML values are unescaped, and escaped on the way out', () => {
    expect(xmlValue('<CopyObjectResult><ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag></CopyObjectResult>', 'ETag')).toBe('"9b2cf535f27731c974343645a3985328"');
    expect(xmlEscape('"a&b"')).toBe('&quot;a&amp;b&quot;');
  });
});
