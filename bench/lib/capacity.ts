// Read and write capacity a piece of code consumes, measured by the store itself: a middleware on
// the DynamoDB client asks every data-plane call for ReturnConsumedCapacity=TOTAL and adds up the
// ConsumedCapacity DynamoDB (Local) answers with. Nothing in functions/** changes: the benchmark
// hands the repositories a client with this middleware attached.

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Operations that accept ReturnConsumedCapacity, and whether they read or write. */
const OPERATIONS: Record<string, 'read' | 'write'> = {
  GetItemCommand: 'read',
  GetCommand: 'read',
  BatchGetItemCommand: 'read',
  BatchGetCommand: 'read',
  QueryCommand: 'read',
  ScanCommand: 'read',
  TransactGetItemsCommand: 'read',
  TransactGetCommand: 'read',
  PutItemCommand: 'write',
  PutCommand: 'write',
  UpdateItemCommand: 'write',
  UpdateCommand: 'write',
  DeleteItemCommand: 'write',
  DeleteCommand: 'write',
  BatchWriteItemCommand: 'write',
  BatchWriteCommand: 'write',
  TransactWriteItemsCommand: 'write',
  TransactWriteCommand: 'write',
};

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

export interface OperationUsage {
  calls: number;
  /** Calls whose answer carried no ConsumedCapacity (should stay 0: then the totals are complete). */
  unreported: number;
  capacityUnits: number;
}

export interface CapacityReport {
  readCapacityUnits: number;
  writeCapacityUnits: number;
  readCalls: number;
  writeCalls: number;
  /** Per operation (QueryCommand, BatchGetCommand, ...): calls and capacity. */
  byOperation: Record<string, OperationUsage>;
}

export class CapacityMeter {
  private readonly byOperation = new Map<string, OperationUsage>();
  private read = 0;
  private write = 0;

  /** Adds the middleware to a client (and so to every document client built on it). */
  attach(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = context.commandName ?? 'unknown';
        const kind = OPERATIONS[operation];
        if (!kind) return next(args);
        const input = args.input as Record<string, unknown>;
        input.ReturnConsumedCapacity = 'TOTAL';
        const result = await next(args);
        const output = result.output as { ConsumedCapacity?: Consumed | Consumed[] };
        this.record(operation, kind, output.ConsumedCapacity);
        return result;
      },
      { step: 'initialize', name: 'benchConsumedCapacity', priority: 'high', override: true },
    );
  }

  reset(): void {
    this.byOperation.clear();
    this.read = 0;
    this.write = 0;
  }

  report(): CapacityReport {
    let readCalls = 0;
    let writeCalls = 0;
    for (const [operation, usage] of this.byOperation) {
      if (OPERATIONS[operation] === 'read') readCalls += usage.calls;
      else writeCalls += usage.calls;
    }
    return {
      readCapacityUnits: this.read,
      writeCapacityUnits: this.write,
      readCalls,
      writeCalls,
      byOperation: Object.fromEntries([...this.byOperation].sort(([a], [b]) => a.localeCompare(b))),
    };
  }

  private record(operation: string, kind: 'read' | 'write', consumed: Consumed | Consumed[] | undefined): void {
    const usage = this.byOperation.get(operation) ?? { calls: 0, unreported: 0, capacityUnits: 0 };
    usage.calls++;
    const entries = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
    if (entries.length === 0) usage.unreported++;
    let units = 0;
    for (const entry of entries) {
      // TOTAL answers CapacityUnits (per table for batch and transaction calls).
      units += entry.CapacityUnits ?? (entry.ReadCapacityUnits ?? 0) + (entry.WriteCapacityUnits ?? 0);
    }
    usage.capacityUnits += units;
    if (kind === 'read') this.read += units;
    else this.write += units;
    this.byOperation.set(operation, usage);
  }
}
