/**
 * What a job handler is: the type handlers.ts's table and shard-jobs.ts's handlers share, in a
 * module of its own (shard-jobs.ts imports it without importing the table, which imports
 * shard-jobs.ts: no import circle).
 */
import type IORedis from 'ioredis';

/** What a handler gets besides the job's data. */
export interface HandlerContext {
  connection: IORedis;
}

export type Handler = (data: unknown, ctx: HandlerContext) => Promise<unknown>;
