/**
 * Injected failures, so tests can prove an action copes with what GitHub and networks do: error
 * statuses, both kinds of rate limiting (in the shape @octokit/plugin-throttling recognises),
 * slowness, dropped connections, cut-off and malformed bodies. Faults are consumed in the order
 * they were added: each request takes the first matching fault that has uses left.
 */

export type FaultKind = 'status' | 'secondary-rate-limit' | 'primary-rate-limit' | 'delay' | 'reset' | 'truncated' | 'invalid-json';

export interface FaultSpec {
  kind: FaultKind;
  /** Only requests with this method (any when unset). */
  method?: string;
  /**
   * Only requests whose path matches: a RegExp is tested against the path; a string matches the
   * path exactly, or names an operationId (`issues/create-comment`) or a path template.
   */
  pathPattern?: RegExp | string;
  /** How many requests this fault applies to (default 1). */
  times?: number;
  /** `status`: the status to answer (default 500). Rate limits: 403 (default) or 429. */
  status?: number;
  /** `status`: the JSON body (default GitHub's `{message, documentation_url}` for the status). */
  body?: unknown;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** `secondary-rate-limit`: the `retry-after` seconds (default 1). */
  retryAfter?: number;
  /** `primary-rate-limit`: seconds until `x-ratelimit-reset` (default 1). */
  resetInSeconds?: number;
  /** `delay`: how long to wait before answering normally (default 1000). */
  ms?: number;
}

export interface ActiveFault extends FaultSpec {
  remaining: number;
  /** Requests this fault was applied to, in order (`METHOD /path`). */
  applied: string[];
}

export interface FaultTarget {
  method: string;
  path: string;
  operationId?: string;
  template?: string;
}

export class Faults {
  private readonly list: ActiveFault[] = [];

  add(spec: FaultSpec): ActiveFault {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`fault times must be a positive integer, got ${spec.times}`);
    const fault: ActiveFault = { ...spec, remaining: times, applied: [] };
    this.list.push(fault);
    return fault;
  }

  /** Takes one use of the first fault that applies to this request. */
  take(target: FaultTarget): ActiveFault | undefined {
    const fault = this.list.find((f) => f.remaining > 0 && matches(f, target));
    if (!fault) return undefined;
    fault.remaining--;
    fault.applied.push(`${target.method} ${target.path}`);
    return fault;
  }

  /** Faults with uses left: a test can assert the ones it set up were all hit. */
  pending(): ActiveFault[] {
    return this.list.filter((f) => f.remaining > 0);
  }

  all(): readonly ActiveFault[] {
    return this.list;
  }

  clear(): void {
    this.list.length = 0;
  }
}

function matches(fault: FaultSpec, target: FaultTarget): boolean {
  if (fault.method && fault.method.toUpperCase() !== target.method) return false;
  const pattern = fault.pathPattern;
  if (pattern === undefined) return true;
  if (pattern instanceof RegExp) return new RegExp(pattern.source, pattern.flags.replace('g', '')).test(target.path);
  return pattern === target.path || pattern === target.operationId || pattern === target.template;
}
