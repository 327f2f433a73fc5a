/**
 * The Redis side of nmflow's workers: one BullMQ queue (`nmflow` by default) on the Redis
 * server at a `redis://HOST:PORT[/DB]` URL. Coordinators (`compare`, `rank`, `factorize` with
 * `--redis`) add jobs to it; `nmflow worker` processes run them. Node only.
 */
import IORedis from 'ioredis';
import { usageError } from '../errors';

/** The queue every nmflow job goes through unless a queue name is given. */
export const DEFAULT_QUEUE = 'nmflow';

/** Where the jobs go: the server and the queue's name. */
export interface RedisTarget {
  /** `redis://HOST:PORT[/DB]` (or `rediss://` for TLS). */
  url: string;
  /** Queue name (default `nmflow`); coordinators and workers must agree on it. */
  queue?: string;
}

/** Checks a `--redis` URL; the error names the option and the expected form. */
export function checkRedisUrl(url: unknown, option = '--redis'): string {
  if (typeof url !== 'string' || !/^rediss?:\/\/[^\s/]+(:\d+)?(\/\d+)?\/?$/.test(url)) {
    throw usageError(
      `option ${option} must be a Redis URL redis://HOST:PORT (e.g. redis://127.0.0.1:6379), got ${JSON.stringify(url)}`,
    );
  }
  return url;
}

/**
 * A new connection for BullMQ (`maxRetriesPerRequest: null`, as BullMQ requires for workers).
 * `lazyConnect` is off: the first command waits for the server.
 */
export function connect(url: string): IORedis {
  return new IORedis(checkRedisUrl(url), { maxRetriesPerRequest: null });
}
