// The part of s3rver 3.7's API the local runtime uses (the package ships no types).

declare module 's3rver' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';

  export interface S3rverBucketConfig {
    name: string;
    /** CORS or website configuration documents, as S3's XML. */
    configs?: (string | Buffer)[];
  }

  export interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    serviceEndpoint?: string;
    configureBuckets?: S3rverBucketConfig[];
  }

  export default class S3rver {
    constructor(options?: S3rverOptions);
    httpServer?: Server;
    logger: { close(): void; exceptions: { unhandle(): void } };
    /** Creates the configured buckets (idempotent) and applies their configs. */
    configureBuckets(): Promise<void>;
    run(): Promise<{ address: string; port: number; family: string }>;
    close(): Promise<void>;
    /** The Koa request listener. */
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    on(event: 'error', listener: (error: Error) => void): this;
  }
}
