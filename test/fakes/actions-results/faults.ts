/**
 * Injected failures, matched per request. What each kind does to the libraries at these versions:
 * - `status` on Twirp: 500/502/503/504 are retried by both Twirp clients (5 attempts, 3 s then ×1.5
 *   backoff, so one injected 5xx costs a test ~3 s); other codes fail at once. A 429 is not retried by
 *   the cache client (it warns and gives up) but is by the artifact client.
 * - `status` on blob URLs: the Azure SDK (uploads) retries 500/503 and network errors, 4 tries, the
 *   first retry immediately, then after 4 s and 12 s. The cache download's plain GET retries
 *   502/503/504 and network errors once, after 5 s, and fails on other 5xx; a 4xx is not checked at
 *   all: its body is saved as the archive and restore fails later, in tar. Artifact download retries any non-200 5 times, 5 s apart.
 * - `reset` destroys the socket after reading the request: ECONNRESET, which the Twirp clients turn
 *   into an immediate NetworkError (no retry).
 * - `delay` holds the request for `delayMs`, then serves it normally.
 */
export type FaultKind = 'status' | 'reset' | 'delay';

export interface FaultSpec {
  /** Tested against the request's path and query (`/twirp/...CacheService/CreateCacheEntry`, `...?comp=block...`); a string matches as a substring. */
  path: string | RegExp;
  kind: FaultKind;
  /** Only requests with this HTTP method (any when omitted). */
  method?: string;
  /** How many matching requests fail; default 1, `Infinity` for every one. */
  times?: number;
  /** For `status`: the HTTP status (default 500). */
  status?: number;
  /** For `delay`: milliseconds (default 1000). */
  delayMs?: number;
}

export interface Fault {
  readonly spec: FaultSpec;
  /** Requests this fault has fired on so far. */
  hits: number;
  remaining: number;
}

export class FaultRegistry {
  private readonly faults: Fault[] = [];

  add(spec: FaultSpec): Fault {
    const fault: Fault = { spec, hits: 0, remaining: spec.times ?? 1 };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults.length = 0;
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  /** Consumes and returns the first armed fault matching the request, if any. */
  take(method: string, pathAndQuery: string): Fault | undefined {
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (!f.spec.method || f.spec.method.toUpperCase() === method) &&
        (typeof f.spec.path === 'string' ? pathAndQuery.includes(f.spec.path) : f.spec.path.test(pathAndQuery)),
    );
    if (fault) {
      fault.remaining--;
      fault.hits++;
    }
    return fault;
  }
}
