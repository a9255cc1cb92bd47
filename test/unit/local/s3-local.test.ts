// s3rver in this process: fast enough for the unit project (milliseconds), no network beyond loopback.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBucketName, ensureBucket, startS3Local, type S3Local } from '../../../lib/local/s3-local';
import { closeServer, PortInUseError } from '../../../lib/local/net';

const preflight = (endpoint: string, bucket: string, method: string) =>
  fetch(`${endpoint}/${bucket}/some/key.pdf`, {
    method: 'OPTIONS',
    headers: { origin: 'http://localhost:5173', 'access-control-request-method': method, 'access-control-request-headers': 'content-type' },
  });

describe('startS3Local', () => {
  let s3: S3Local | undefined;
  afterEach(async () => {
    await s3?.stop();
    s3 = undefined;
  });

  it('serves the bucket with CORS for GET, PUT and HEAD from any origin, in a temp folder removed on stop', async () => {
    s3 = await startS3Local({ port: 0, buckets: ['tuntas-local-files'] });
    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(s3.directory)).toBe(true);
    for (const method of ['GET', 'PUT', 'HEAD']) {
      const response = await preflight(s3.endpoint, 'tuntas-local-files', method);
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-methods')).toBe('GET, PUT, HEAD');
      expect(response.headers.get('access-control-allow-headers')).toBe('content-type');
    }
    expect((await preflight(s3.endpoint, 'tuntas-local-files', 'DELETE')).status).toBe(403);
    const directory = s3.directory;
    await s3.stop();
    expect(existsSync(directory)).toBe(false);
  });

  it('keeps a given folder, and its bucket survives a restart', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tuntas-s3-test-'));
    try {
      s3 = await startS3Local({ port: 0, directory, buckets: ['files'] });
      await s3.stop();
      expect(existsSync(directory)).toBe(true);
      s3 = await startS3Local({ port: 0, directory, buckets: ['files'] });
      const listing = await (await fetch(`${s3.endpoint}/`)).text();
      expect(listing).toContain('<Name>files</Name>');
    } finally {
      await s3?.stop();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("removes temp folders left by processes that are gone, and keeps a live process's", async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    const stale = join(tmpdir(), `tuntas-s3-${gone}-left`);
    const live = join(tmpdir(), `tuntas-s3-${process.pid}-live`);
    mkdirSync(join(stale, 'bucket'), { recursive: true });
    mkdirSync(live, { recursive: true });
    try {
      s3 = await startS3Local({ port: 0 });
      expect(s3.directory).toContain(`tuntas-s3-${process.pid}-`);
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      rmSync(stale, { recursive: true, force: true });
      rmSync(live, { recursive: true, force: true });
    }
  });

  it('says which port is taken and how to choose another', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const attempt = startS3Local({ port });
      await expect(attempt).rejects.toThrow(PortInUseError);
      await expect(attempt).rejects.toThrow(/PORT_S3/);
    } finally {
      await closeServer(blocker);
    }
  });

  it('refuses a bucket name S3 would refuse', async () => {
    expect(() => assertBucketName('Tuntas_Files')).toThrow(/not a valid S3 bucket name/);
    expect(() => assertBucketName('ab')).toThrow();
    expect(() => assertBucketName('files-lmx2k-1-ab12cd')).not.toThrow();
    await expect(startS3Local({ port: 0, buckets: ['UPPER'] })).rejects.toThrow(/not a valid S3 bucket name/);
  });
});

describe('ensureBucket', () => {
  it('creates a bucket with the local CORS on a running stand-in, and is idempotent', async () => {
    const s3 = await startS3Local({ port: 0 });
    try {
      expect((await preflight(s3.endpoint, 'made-later', 'PUT')).status).not.toBe(200);
      await ensureBucket(s3.endpoint, 'made-later');
      await ensureBucket(s3.endpoint, 'made-later');
      const response = await preflight(s3.endpoint, 'made-later', 'PUT');
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-methods')).toBe('GET, PUT, HEAD');
    } finally {
      await s3.stop();
    }
  });
});
