/**
 * Reads a Terraform/OpenTofu JSON plan (`terraform show -json <planfile>`) into a summary: counts
 * per action, the changed resources, output changes, drift, failed checks and the plan digest.
 * One streaming pass over the file (json-scan.ts): only resource_changes, resource_drift,
 * output_changes, planned_values.outputs, checks and a few scalars are parsed, one resource at a
 * time, so a 100 MB plan needs little more memory than its largest resource change.
 *
 * Format rules (Terraform's "JSON Output Format"): unknown properties are ignored (minor versions
 * add them); a major format_version other than 0 or 1 is rejected; `errored: true` means the plan
 * is incomplete. Actions: ["no-op"], ["create"], ["read"], ["update"], ["delete","create"] and
 * ["create","delete"] (replace), ["delete"], ["forget"] and ["create","forget"] (Terraform 1.7+,
 * counted as forget). A change may also move (previous_address) and/or import (importing).
 */
import { ActionError } from '../errors.js';
import { PlanDigest, type RawOutputChange, type RawResourceChange } from './digest.js';
import { JsonSyntaxError, scanJsonFile, scanJsonText, type Selector } from './json-scan.js';
import { isObject } from '../json-object.js';

export const SUPPORTED_FORMAT_MAJORS = [0, 1];

export type ChangeKind = 'create' | 'update' | 'replace' | 'delete' | 'read' | 'forget' | 'no-op';

export interface ResourceChangeSummary {
  address: string;
  kind: ChangeKind;
  actions: string[];
  /** Set when a `moved` block (or a refactoring) gave the resource a new address. */
  previousAddress?: string;
  /** Set when the change imports an existing object (`import` block). */
  importId?: string;
  importing: boolean;
  deposed?: string;
  /** Terraform's action_reason (display only: replace_because_tainted, delete_because_no_resource_config, …). */
  reason?: string;
}

export interface OutputChangeSummary {
  name: string;
  kind: ChangeKind;
  sensitive: boolean;
  /** Display text of the new value: `(sensitive value)`, `(known after apply)` or short JSON. */
  after: string;
}

export interface CheckFailure {
  address: string;
  status: string;
  problems: string[];
}

export interface PlanCounts {
  create: number;
  update: number;
  replace: number;
  delete: number;
  read: number;
  forget: number;
  noop: number;
  import: number;
  move: number;
}

export interface PlanSummary {
  formatVersion: string;
  terraformVersion?: string;
  errored: boolean;
  applyable?: boolean;
  complete?: boolean;
  counts: PlanCounts;
  /** Resource changes that do something (every kind but a plain no-op), in file order. */
  changes: ResourceChangeSummary[];
  outputChanges: OutputChangeSummary[];
  /** Objects changed outside Terraform since the last run (resource_drift). */
  drift: ResourceChangeSummary[];
  failedChecks: CheckFailure[];
  /** Anything to apply: resource changes other than no-op/read, moves, imports or output changes. */
  hasChanges: boolean;
  digest: string;
}

export class PlanFormatError extends ActionError {
  constructor(source: string, message: string) {
    super(`${source}: ${message}`, {
      hint: 'Expected the output of `terraform show -json <planfile>` (or `tofu show -json <planfile>`).',
    });
    this.name = 'PlanFormatError';
  }
}

export function classifyActions(actions: readonly string[] | undefined): ChangeKind {
  const a = actions ?? [];
  const key = a.join(',');
  switch (key) {
    case 'create':
      return 'create';
    case 'update':
      return 'update';
    case 'delete':
      return 'delete';
    case 'read':
      return 'read';
    case 'no-op':
    case '':
      return 'no-op';
    case 'delete,create':
    case 'create,delete':
      return 'replace';
    case 'forget':
    case 'create,forget':
      return 'forget';
  }
  // A future combination: be conservative about what it may destroy.
  if (a.includes('delete')) return a.includes('create') ? 'replace' : 'delete';
  if (a.includes('forget')) return 'forget';
  if (a.includes('create')) return 'create';
  return 'update';
}

const COUNT_OF: Record<ChangeKind, keyof PlanCounts> = {
  create: 'create',
  update: 'update',
  replace: 'replace',
  delete: 'delete',
  read: 'read',
  forget: 'forget',
  'no-op': 'noop',
};

const SELECTOR: Selector = {
  format_version: 'value',
  terraform_version: 'value',
  errored: 'value',
  applyable: 'value',
  complete: 'value',
  resource_changes: 'each',
  resource_drift: 'each',
  output_changes: 'value',
  checks: 'value',
  planned_values: { outputs: 'value' },
};

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The JSON type of a malformed value, for the error (never its content, which may be sensitive). */
function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** A change's actions; unreadable ones refuse the plan rather than count as a no-op (a green comment). */
function actionsOf(source: string, what: string, actions: unknown): string[] {
  if (Array.isArray(actions) && actions.every((a) => typeof a === 'string')) return actions as string[];
  const found = actions === undefined ? 'no actions' : `actions that are ${jsonType(actions)}`;
  throw new PlanFormatError(source, `${what} has ${found}, not an array of action names`);
}

function summarizeResource(source: string, raw: Record<string, unknown>): ResourceChangeSummary {
  const rc = raw as RawResourceChange & { action_reason?: unknown };
  const address = str(rc.address) ?? '(no address)';
  const actions = actionsOf(source, `resource change ${JSON.stringify(address)}`, rc.change?.actions);
  const importing = rc.change?.importing;
  return {
    address,
    kind: classifyActions(actions),
    actions,
    previousAddress: str(rc.previous_address),
    importing: !!importing && typeof importing === 'object',
    importId: str(importing?.id),
    deposed: str(rc.deposed),
    reason: str(rc.action_reason),
  };
}

function displayValue(value: unknown, sensitive: unknown, unknown: unknown): string {
  if (sensitive === true) return '(sensitive value)';
  if (unknown === true) return '(known after apply)';
  if (value === undefined) return 'null';
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

interface RawCheck {
  address?: { to_display?: unknown };
  status?: unknown;
  instances?: unknown;
  problems?: unknown;
}

function checkFailures(checks: unknown): CheckFailure[] {
  if (!Array.isArray(checks)) return [];
  const failed = (c: RawCheck | null | undefined): c is RawCheck => !!c && (c.status === 'fail' || c.status === 'error');
  const out: CheckFailure[] = [];
  for (const check of (checks as Array<RawCheck | null>).filter(failed)) {
    const failing = (Array.isArray(check.instances) ? (check.instances as Array<RawCheck | null>) : []).filter(failed);
    const name = str(check.address?.to_display) ?? '(check)';
    if (failing.length === 0) out.push({ address: name, status: String(check.status), problems: [] });
    for (const instance of failing) {
      const problems = Array.isArray(instance.problems)
        ? (instance.problems as Array<{ message?: unknown } | null>).map((p) => str(p?.message) ?? '').filter(Boolean)
        : [];
      out.push({ address: str(instance.address?.to_display) ?? name, status: String(instance.status), problems });
    }
  }
  return out;
}

/** Builds the summary from selected values as the scanner hands them over. */
class PlanSummaryBuilder {
  private readonly digest = new PlanDigest();
  private readonly scalars: Record<string, unknown> = {};
  private outputChanges: Record<string, RawOutputChange> = {};
  private plannedOutputs: Record<string, { sensitive?: boolean }> = {};
  private checks: unknown;
  readonly counts: PlanCounts = { create: 0, update: 0, replace: 0, delete: 0, read: 0, forget: 0, noop: 0, import: 0, move: 0 };
  readonly changes: ResourceChangeSummary[] = [];
  readonly drift: ResourceChangeSummary[] = [];

  constructor(private readonly source: string) {}

  /**
   * Refuses a resource_changes/resource_drift that is not an array of objects: skipping what cannot
   * be read would summarise a damaged plan as "no changes" and show a green comment.
   */
  private resourceChange(key: string, value: unknown, element: boolean): Record<string, unknown> {
    if (!element) throw new PlanFormatError(this.source, `${key} is ${jsonType(value)}, not an array of resource changes`);
    if (!isObject(value)) throw new PlanFormatError(this.source, `${key} has an element that is ${jsonType(value)}, not a resource change object`);
    return value;
  }

  accept = (path: readonly string[], value: unknown, element: boolean): void => {
    const top = path[0];
    if (top === 'resource_changes') {
      const summary = summarizeResource(this.source, this.resourceChange(top, value, element));
      this.digest.addResourceChange(value as RawResourceChange);
      this.counts[COUNT_OF[summary.kind]]++;
      if (summary.importing) this.counts.import++;
      if (summary.previousAddress) this.counts.move++;
      if (summary.kind !== 'no-op' || summary.importing || summary.previousAddress) this.changes.push(summary);
    } else if (top === 'resource_drift') {
      this.drift.push(summarizeResource(this.source, this.resourceChange(top, value, element)));
    } else if (top === 'output_changes') {
      // Same reason: unreadable output changes must not read as none.
      if (!isObject(value)) throw new PlanFormatError(this.source, `output_changes is ${jsonType(value)}, not an object of output changes`);
      for (const [name, oc] of Object.entries(value)) {
        if (!isObject(oc)) throw new PlanFormatError(this.source, `output_changes ${JSON.stringify(name)} is ${jsonType(oc)}, not an output change object`);
      }
      this.outputChanges = value as Record<string, RawOutputChange>;
    } else if (top === 'planned_values') {
      if (value && typeof value === 'object') this.plannedOutputs = value as Record<string, { sensitive?: boolean }>;
    } else if (top === 'checks') {
      this.checks = value;
    } else {
      this.scalars[top] = value;
      if (top === 'format_version') checkFormatVersion(this.source, value);
    }
  };

  finish(topLevelKeys: Set<string>): PlanSummary {
    if (!topLevelKeys.has('format_version')) {
      const what = topLevelKeys.has('values') ? 'this looks like a Terraform state, not a plan' : 'this JSON is not a Terraform plan';
      throw new PlanFormatError(this.source, `no format_version: ${what}`);
    }
    if (!topLevelKeys.has('planned_values') && !topLevelKeys.has('resource_changes')) {
      const what = topLevelKeys.has('values') ? 'this looks like a Terraform state, not a plan' : 'neither planned_values nor resource_changes is present';
      throw new PlanFormatError(this.source, `not a plan: ${what}`);
    }
    const outputChanges: OutputChangeSummary[] = [];
    for (const [name, oc] of Object.entries(this.outputChanges)) {
      if (!oc || typeof oc !== 'object') continue;
      const fallback = this.plannedOutputs[name]?.sensitive === true;
      this.digest.addOutputChange(name, oc, fallback);
      const kind = classifyActions(actionsOf(this.source, `output change ${JSON.stringify(name)}`, oc.actions));
      if (kind === 'no-op') continue;
      const sensitive = oc.after_sensitive === true || oc.before_sensitive === true || (oc.after_sensitive === undefined && fallback);
      outputChanges.push({ name, kind, sensitive, after: kind === 'delete' ? 'null' : displayValue(oc.after, sensitive, oc.after_unknown) });
    }
    const c = this.counts;
    const hasChanges = c.create + c.update + c.replace + c.delete + c.forget + c.import + c.move > 0 || outputChanges.length > 0;
    return {
      formatVersion: String(this.scalars.format_version),
      terraformVersion: str(this.scalars.terraform_version),
      errored: this.scalars.errored === true,
      applyable: typeof this.scalars.applyable === 'boolean' ? this.scalars.applyable : undefined,
      complete: typeof this.scalars.complete === 'boolean' ? this.scalars.complete : undefined,
      counts: c,
      changes: this.changes,
      outputChanges,
      drift: this.drift,
      failedChecks: checkFailures(this.checks),
      hasChanges,
      digest: this.digest.value(),
    };
  }
}

function checkFormatVersion(source: string, value: unknown): void {
  const match = typeof value === 'string' ? /^(\d+)\.(\d+)/.exec(value) : null;
  if (!match) throw new PlanFormatError(source, `format_version ${JSON.stringify(value)} is not a version number`);
  const major = Number(match[1]);
  if (!SUPPORTED_FORMAT_MAJORS.includes(major)) {
    throw new PlanFormatError(
      source,
      `unsupported plan format_version ${value}: this action reads format versions 0.x and 1.x (a new major version is not backward compatible); use a newer release of the action`,
    );
  }
}

function wrapSyntax(source: string, err: unknown): never {
  if (err instanceof JsonSyntaxError) throw new PlanFormatError(source, err.message);
  throw err;
}

/** Summarises the JSON plan in `file`, streaming it once. */
export async function readPlanSummary(file: string, source = file): Promise<PlanSummary> {
  const builder = new PlanSummaryBuilder(source);
  let keys: Set<string>;
  try {
    keys = await scanJsonFile(file, SELECTOR, builder.accept);
  } catch (err) {
    wrapSyntax(source, err);
  }
  return builder.finish(keys);
}

/** Summarises JSON plan text already in memory. */
export function summarizePlanText(text: string, source = 'plan JSON'): PlanSummary {
  const builder = new PlanSummaryBuilder(source);
  let keys: Set<string>;
  try {
    keys = scanJsonText(text, SELECTOR, builder.accept);
  } catch (err) {
    wrapSyntax(source, err);
  }
  return builder.finish(keys);
}

/** The plan digest of a JSON plan file (see digest.ts for what it covers). */
export async function planDigestOfFile(file: string): Promise<string> {
  return (await readPlanSummary(file)).digest;
}
