import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { IdempotencyAlreadyInProgressError, IdempotencyValidationError } from '@aws-lambda-powertools/idempotency';
import { DomainError } from '../core/errors';
import type { IdempotencyGuard } from '../ports/guards';
import { type SealedReply, openReply, sealReply } from './sealed-reply';

/** How long a key is remembered: long enough for any client retry. */
const REMEMBER_SECONDS = 60 * 60;
/** How long a repeat waits for the first request to finish before giving up. */
const WAIT_FOR_FIRST_MS = 15_000;

type Work = () => Promise<unknown>;

/** Powertools idempotency over DynamoDB, one record per (scope, key), payload hash validated. */
export class PowertoolsIdempotencyGuard implements IdempotencyGuard {
  private readonly wrapped = new Map<string, { run: (input: { key: string; payload: unknown }, work: Work) => Promise<unknown>; config: IdempotencyConfig }>();

  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async once<T>(
    scope: string,
    key: string,
    payload: unknown,
    work: () => Promise<T>,
    invocation?: { getRemainingTimeInMillis(): number },
    client = '',
  ): Promise<T> {
    const { run, config } = this.wrapperFor(scope);
    // Scoped per client: the same key from elsewhere is a request of its own, never a replay.
    const scopedKey = `${client}\u0000${key}`;
    const context = `${scope}\u0000${client}`;
    const sealedWork = async () => sealReply(await work(), key, context);
    // With the invocation's remaining time, a record left "in progress" by a timed-out run expires with it.
    if (invocation) config.registerLambdaContext(invocation as Parameters<IdempotencyConfig['registerLambdaContext']>[0]);
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        return openReply<T>((await run({ key: scopedKey, payload }, sealedWork)) as SealedReply, key, context);
      } catch (error) {
        if (error instanceof IdempotencyValidationError) {
          throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request body', {
            field: 'Idempotency-Key',
          });
        }
        // The first request with this key is still running: wait for its result instead of failing.
        if (error instanceof IdempotencyAlreadyInProgressError) {
          if (Date.now() >= deadline) {
            throw new DomainError('CONFLICT', 'A request with this Idempotency-Key is still being processed; retry it shortly', {
              field: 'Idempotency-Key',
            });
          }
          await new Promise((resolve) => setTimeout(resolve, Math.min(500, 20 * 2 ** attempt)));
          continue;
        }
        throw unwrap(error);
      }
    }
  }

  private wrapperFor(scope: string) {
    let wrapper = this.wrapped.get(scope);
    if (!wrapper) {
      const config = new IdempotencyConfig({
        eventKeyJmesPath: 'key',
        payloadValidationJmesPath: 'payload',
        expiresAfterSeconds: REMEMBER_SECONDS,
        throwOnNoIdempotencyKey: true,
      });
      const run = makeIdempotent((_input: { key: string; payload: unknown }, work: Work) => work(), {
        persistenceStore: new DynamoDBPersistenceLayer({
          tableName: this.table,
          keyAttr: 'pk',
          sortKeyAttr: 'sk',
          staticPkValue: `IDEMPOTENCY#${scope}`,
          awsSdkV3Client: this.client,
        }),
        config,
        dataIndexArgument: 0,
      });
      wrapper = { run, config };
      this.wrapped.set(scope, wrapper);
    }
    return wrapper;
  }
}

/** Powertools wraps the work's own errors; a DomainError must reach the client as itself. */
function unwrap(error: unknown): unknown {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof DomainError ? cause : error;
}

export const powertoolsIdempotency = (client: DynamoDBClient, table: string): IdempotencyGuard => new PowertoolsIdempotencyGuard(client, table);
