/**
 * The plan digest: a SHA-256 over the NORMALISED changes of a Terraform/OpenTofu JSON plan, so that
 * planning the same change again (at apply time, by deploy-with-rollback) gives the same digest.
 * Text-based hashes break on whitespace, refresh lines, timestamps and embedded SHAs; this one
 * looks only at what would be applied.
 *
 * Format: `sha256:<64 hex>`. What goes in (scheme "dataops-plan-digest v1"):
 * - every resource change whose actions are not ["no-op"], plus no-op changes that move
 *   (previous_address) or import (importing): its address, previous_address, deposed key, actions,
 *   import id/identity, and before/after values with sensitive leaves replaced by a sensitive
 *   marker and unknown leaves (after_unknown) by an unknown marker (so no secret is ever hashed);
 * - every root output change whose actions are not ["no-op"], with the same markers (an output's
 *   sensitivity comes from its before/after_sensitive, or planned_values.outputs for format 0.1).
 * What stays out: no-op resources and outputs, resource_drift, timestamps, terraform_version,
 * variables, configuration, prior_state, action_reason, text output and the binary plan file.
 * Each change becomes a canonical JSON record (keys sorted, no whitespace) hashed on its own; the
 * digest hashes the header line and the sorted `key<TAB>recordHash` lines, so memory stays small
 * and the order of changes in the file does not matter.
 *
 * Use `PlanDigest` while streaming (plan-json.ts does), `planDigest(plan)` on a parsed plan, or
 * `readPlanSummary(file).digest` / `planDigestOfFile(file)` from plan-json.ts on a file.
 */
import { createHash } from 'node:crypto';
import { isObject } from '../json-object.js';

export const DIGEST_SCHEME = 'dataops-plan-digest v1';

/** Markers that stand in for values nobody may see or nobody knows yet. Keys no HCL attribute can have. */
const SENSITIVE = Object.freeze({ '\u0000sensitive': true });
const UNKNOWN = Object.freeze({ '\u0000unknown': true });

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** True when a sensitivity/unknown mask marks anything at or below this point. */
function marksAnything(mask: unknown): boolean {
  if (mask === true) return true;
  if (Array.isArray(mask)) return mask.some(marksAnything);
  if (isObject(mask)) return Object.values(mask).some(marksAnything);
  return false;
}

/**
 * A value with its masks applied: a leaf marked sensitive becomes SENSITIVE, one marked unknown
 * UNKNOWN (sensitive wins: an unknown secret is still a secret). Unknown attributes are absent from
 * `after`, so keys and indexes come from both the value and the unknown mask.
 */
export function applyMasks(value: unknown, sensitive: unknown, unknown: unknown): Json {
  if (sensitive === true) return SENSITIVE as unknown as Json;
  if (unknown === true) return UNKNOWN as unknown as Json;
  if (Array.isArray(value) || (Array.isArray(unknown) && marksAnything(unknown))) {
    const values = Array.isArray(value) ? value : [];
    const unknowns = Array.isArray(unknown) ? unknown : [];
    const sensitives = Array.isArray(sensitive) ? sensitive : [];
    let length = values.length;
    for (let i = unknowns.length - 1; i >= length; i--) if (marksAnything(unknowns[i])) length = i + 1;
    const out: Json[] = [];
    for (let i = 0; i < length; i++) out.push(applyMasks(values[i], sensitives[i], unknowns[i]));
    return out;
  }
  if (isObject(value) || (isObject(unknown) && marksAnything(unknown))) {
    const values = isObject(value) ? value : {};
    const unknowns = isObject(unknown) ? unknown : {};
    const sensitives = isObject(sensitive) ? sensitive : {};
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(values)) out[key] = applyMasks(values[key], sensitives[key], unknowns[key]);
    for (const key of Object.keys(unknowns))
      if (!(key in values) && marksAnything(unknowns[key])) out[key] = applyMasks(undefined, sensitives[key], unknowns[key]);
    return out;
  }
  return value === undefined ? null : (value as Json);
}

/** True when every object in the value already has its keys in sorted order (Terraform's output does). */
function keysSorted(value: unknown): boolean {
  if (Array.isArray(value)) {
    for (const v of value) if (v !== null && typeof v === 'object' && !keysSorted(v)) return false;
    return true;
  }
  if (value === null || typeof value !== 'object') return true;
  let previous: string | undefined;
  for (const key in value) {
    if (previous !== undefined && !(previous < key)) return false;
    previous = key;
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || (v !== null && typeof v === 'object' && !keysSorted(v))) return false;
  }
  return true;
}

/** JSON with object keys sorted at every level and no whitespace: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  // Fast path: already in canonical order, so the native serializer gives the same text.
  if (keysSorted(value)) return JSON.stringify(value) ?? 'null';
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Canonical JSON of a value with its masks applied (see applyMasks), without copying unmasked parts. */
export function maskedJson(value: unknown, sensitive: unknown, unknown: unknown): string {
  if (!marksAnything(sensitive) && !marksAnything(unknown)) return canonicalJson(value === undefined ? null : value);
  return canonicalJson(applyMasks(value, sensitive, unknown));
}

/** The parts of a resource change (an element of resource_changes) the digest reads. */
export interface RawResourceChange {
  address?: string;
  previous_address?: string;
  deposed?: string;
  change?: {
    actions?: string[];
    before?: unknown;
    after?: unknown;
    after_unknown?: unknown;
    before_sensitive?: unknown;
    after_sensitive?: unknown;
    importing?: { id?: string; identity?: unknown; unknown?: boolean } | null;
  };
}

/** An element of output_changes. */
export interface RawOutputChange {
  actions?: string[];
  before?: unknown;
  after?: unknown;
  after_unknown?: unknown;
  before_sensitive?: unknown;
  after_sensitive?: unknown;
}

function isNoOp(actions: string[] | undefined): boolean {
  return !actions || actions.length === 0 || (actions.length === 1 && actions[0] === 'no-op');
}

/** A normalised change: its sort key and its canonical JSON record. */
export interface NormalizedChange {
  key: string;
  json: string;
}

/** Canonical JSON of a record whose field values are already canonical JSON text. */
function recordJson(fields: Record<string, string>): string {
  return `{${Object.keys(fields)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${fields[k]}`)
    .join(',')}}`;
}

/** The normalised record of a resource change, or undefined when it changes nothing. */
export function normalizeResourceChange(rc: RawResourceChange): NormalizedChange | undefined {
  const change = rc.change ?? {};
  const importing = change.importing ?? undefined;
  if (isNoOp(change.actions) && !rc.previous_address && !importing) return undefined;
  const fields: Record<string, string> = {
    kind: '"resource"',
    address: JSON.stringify(rc.address ?? ''),
    actions: canonicalJson(change.actions ?? []),
    before: maskedJson(change.before, change.before_sensitive, false),
    after: maskedJson(change.after, change.after_sensitive, change.after_unknown),
  };
  if (rc.previous_address) fields.previous_address = JSON.stringify(rc.previous_address);
  if (rc.deposed) fields.deposed = JSON.stringify(rc.deposed);
  if (importing) fields.importing = canonicalJson({ id: importing.id ?? null, identity: importing.identity ?? null, unknown: importing.unknown === true });
  return { key: `resource\u0000${rc.address ?? ''}\u0000${rc.deposed ?? ''}`, json: recordJson(fields) };
}

/** The normalised record of a root output change, or undefined for a no-op. */
export function normalizeOutputChange(name: string, oc: RawOutputChange, sensitiveFallback = false): NormalizedChange | undefined {
  if (isNoOp(oc.actions)) return undefined;
  const beforeSensitive = oc.before_sensitive === undefined ? sensitiveFallback : oc.before_sensitive;
  const afterSensitive = oc.after_sensitive === undefined ? sensitiveFallback : oc.after_sensitive;
  const fields: Record<string, string> = {
    kind: '"output"',
    name: JSON.stringify(name),
    actions: canonicalJson(oc.actions ?? []),
    before: maskedJson(oc.before, beforeSensitive, false),
    after: maskedJson(oc.after, afterSensitive, oc.after_unknown),
  };
  return { key: `output\u0000${name}`, json: recordJson(fields) };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Accumulates records while a plan streams by; `value()` gives the digest. */
export class PlanDigest {
  private readonly lines: string[] = [];

  private add(entry: NormalizedChange | undefined): void {
    if (entry) this.lines.push(`${JSON.stringify(entry.key)}\t${sha256(entry.json)}\n`);
  }

  addResourceChange(rc: RawResourceChange): void {
    this.add(normalizeResourceChange(rc));
  }

  addOutputChange(name: string, oc: RawOutputChange, sensitiveFallback = false): void {
    this.add(normalizeOutputChange(name, oc, sensitiveFallback));
  }

  value(): string {
    const hash = createHash('sha256').update(`${DIGEST_SCHEME}\n`);
    for (const line of [...this.lines].sort()) hash.update(line);
    return `sha256:${hash.digest('hex')}`;
  }
}

/** The digest of a plan already parsed from `terraform show -json` (same result as the streaming reader). */
export function planDigest(plan: {
  resource_changes?: RawResourceChange[];
  output_changes?: Record<string, RawOutputChange>;
  planned_values?: { outputs?: Record<string, { sensitive?: boolean }> };
}): string {
  const digest = new PlanDigest();
  for (const rc of plan.resource_changes ?? []) digest.addResourceChange(rc);
  const planned = plan.planned_values?.outputs ?? {};
  for (const [name, oc] of Object.entries(plan.output_changes ?? {})) digest.addOutputChange(name, oc, planned[name]?.sensitive === true);
  return digest.value();
}

/** Parses the digest from a `digest.txt` (first line `sha256:<hex>`), or undefined when it has none. */
export function parseDigest(text: string): string | undefined {
  const match = /^\s*(sha256:[0-9a-f]{64})\s*$/m.exec(text);
  return match?.[1];
}
