// S3 stand-in: s3rver 3.7, in this process (no child process to orphan), files kept on disk.
//
// What it does and does not check, so nobody mistakes a local pass for proof:
// - It serves presigned PUT and GET (query-string SigV4), HEAD, byte ranges, multipart uploads and
//   CORS preflights from the bucket's CORS configuration.
// - It does NOT verify SigV4 signatures (header or presigned): any signature passes. It only checks
//   that the access key id is one it knows (its built-in "S3RVER") and that a presigned URL has not
//   expired. A tampered or wrongly signed URL works locally and fails on AWS.
// - It ignores checksums the SDK puts into presigned URLs (x-amz-checksum-*), which S3 enforces.

import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { S3_LOCAL_CREDENTIALS } from '../../functions/adapters/s3-file-store';
import { closeServer, listen, LOOPBACK } from './net';
import { isProcessAlive } from './runtime-file';

export const DEFAULT_S3_PORT = 4569;
/** The local files bucket (large exports, attachments): FILES_BUCKET of every handler. */
export const DEFAULT_FILES_BUCKET = 'tuntas-local-files';
/** s3rver knows exactly one access key; clients of the stand-in must sign with it. */
export const S3RVER_CREDENTIALS = S3_LOCAL_CREDENTIALS;

/** An SDK S3 client for s3rver (path-style, its fixed credentials): buckets and tests' checks. */
export function localS3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'ap-southeast-3',
    credentials: S3RVER_CREDENTIALS,
    maxAttempts: 2,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * The local bucket's CORS: a browser on any origin may GET, PUT and HEAD with any header (presigned
 * uploads from a web app on another port) and read the ETag. Local only: a deployed bucket lists
 * its real origins.
 */
export const LOCAL_CORS_XML = [
  '<CORSConfiguration>',
  '  <CORSRule>',
  '    <AllowedOrigin>*</AllowedOrigin>',
  '    <AllowedMethod>GET</AllowedMethod>',
  '    <AllowedMethod>PUT</AllowedMethod>',
  '    <AllowedMethod>HEAD</AllowedMethod>',
  '    <AllowedHeader>*</AllowedHeader>',
  '    <ExposeHeader>ETag</ExposeHeader>',
  '    <MaxAgeSeconds>3000</MaxAgeSeconds>',
  '  </CORSRule>',
  '</CORSConfiguration>',
].join('\n');

export interface S3LocalOptions {
  /** TCP port; 0 picks a free one. Default 4569. */
  port?: number;
  host?: string;
  /** Folder for buckets and objects (created if missing, kept). Without it: a temp folder, removed on stop. */
  directory?: string;
  /** Buckets to create (if missing) with the local CORS configuration. */
  buckets?: readonly string[];
  log?: (line: string) => void;
}

export interface S3Local {
  endpoint: string;
  port: number;
  directory: string;
  stop(): Promise<void>;
}

const BUCKET_NAME = /^(?=.{3,63}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

export function assertBucketName(name: string): void {
  if (!BUCKET_NAME.test(name)) {
    throw new Error(`"${name}" is not a valid S3 bucket name: 3-63 lowercase letters, digits, dots and dashes`);
  }
}

export async function startS3Local(options: S3LocalOptions = {}): Promise<S3Local> {
  const port = options.port ?? DEFAULT_S3_PORT;
  const host = options.host ?? LOOPBACK;
  const buckets = options.buckets ?? [];
  buckets.forEach(assertBucketName);
  const temporary = options.directory === undefined;
  if (temporary) removeStaleTempDirs();
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), `${TEMP_DIR_PREFIX}${process.pid}-`));
  mkdirSync(directory, { recursive: true });
  const removeTemporary = () => {
    process.off('exit', removeTemporary);
    if (temporary) rmSync(directory, { recursive: true, force: true });
  };
  // Also when this process ends without stop() (process.exit, an uncaught error).
  if (temporary) process.once('exit', removeTemporary);

  // Loaded here, not at import: s3rver and its dependencies (koa, winston, lodash) take 0.4-0.6 s
  // of this thread to load, which startLocalSystem overlaps with the DynamoDB Local JVM's boot.
  const S3rver: typeof import('s3rver').default = require('s3rver');
  const s3rver = new S3rver({
    directory,
    silent: true,
    configureBuckets: buckets.map((name) => ({ name, configs: [LOCAL_CORS_XML] })),
  });
  // Koa reports request errors on the app; silent as it is, an unhandled 'error' must not crash us.
  s3rver.on('error', () => undefined);
  // Our own server rather than s3rver.run(): run() leaves EADDRINUSE as an unhandled 'error' event
  // (a crash), where listen() turns it into PortInUseError.
  const server = createServer(s3rver.callback());
  let actualPort: number;
  try {
    await s3rver.configureBuckets();
    actualPort = await listen(server, port, host, 'S3 local (s3rver)', 'PORT_S3');
  } catch (error) {
    s3rver.logger.close();
    removeTemporary();
    throw error;
  }
  s3rver.httpServer = server;
  const endpoint = `http://${LOOPBACK}:${actualPort}`;
  options.log?.(`S3 local (s3rver) ready on ${endpoint}, buckets: ${buckets.join(', ') || 'none'} (data in ${directory})`);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await closeServer(server);
      s3rver.logger.close();
      removeTemporary();
    })());
  return { endpoint, port: actualPort, directory, stop };
}

const TEMP_DIR_PREFIX = 'tuntas-s3-';

/**
 * Temp folders of processes that are gone: a run killed by a signal (a test run under `timeout`)
 * never got to remove its folder. Named tuntas-s3-<pid>-*, so a live process's folder is kept.
 */
function removeStaleTempDirs(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const match = /^tuntas-s3-(\d+)-[^/]+$/.exec(name);
    if (!match || isProcessAlive(Number(match[1]))) continue;
    try {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    } catch {
      // someone else's, or already gone
    }
  }
}

/**
 * Creates a bucket with the local CORS configuration on an S3 stand-in that is already running
 * (the tests' shared s3rver): an existing bucket is kept, its CORS configuration replaced.
 */
export async function ensureBucket(endpoint: string, name: string): Promise<void> {
  assertBucketName(name);
  const client = localS3Client(endpoint);
  try {
    try {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    } catch (error) {
      const code = (error as { name?: string }).name;
      if (code !== 'BucketAlreadyExists' && code !== 'BucketAlreadyOwnedByYou') throw error;
    }
    await client.send(
      new PutBucketCorsCommand({
        Bucket: name,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: ['*'],
              AllowedMethods: ['GET', 'PUT', 'HEAD'],
              AllowedHeaders: ['*'],
              ExposeHeaders: ['ETag'],
              MaxAgeSeconds: 3000,
            },
          ],
        },
      }),
    );
  } finally {
    client.destroy();
  }
}
