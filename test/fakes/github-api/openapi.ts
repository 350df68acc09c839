/**
 * GitHub's REST description (the slice in openapi.slim.json, made by scripts/slim-openapi.mjs) turned
 * into what the fake needs: a router from method + path to operation, and Ajv validators for path and
 * query parameters, request bodies and the fake's own responses. Loaded once per process.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its default export is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

type Json = Record<string, any>;

export interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Json;
}

export interface ResponseSpec {
  schema?: Json;
  /** The first documented example body, used as a template for answers. */
  example?: unknown;
  headers: string[];
}

export interface Operation {
  operationId: string;
  method: string;
  /** As in the description, e.g. `/repos/{owner}/{repo}/issues/{issue_number}/comments`. */
  path: string;
  docsUrl: string;
  parameters: ParameterSpec[];
  requestBody?: { required: boolean; schema: Json };
  responses: Record<string, ResponseSpec>;
  matcher: RegExp;
  pathParamNames: string[];
  /** Literal characters in the template: the most specific template wins when several match. */
  specificity: number;
}

export interface Spec {
  version: string;
  source: string;
  operations: Operation[];
  byId: Map<string, Operation>;
}

const SLIM_URL = new URL('./openapi.slim.json', import.meta.url);
const SCHEMA_ID = 'github-rest';

/**
 * The description says "max 100" for `per_page` only in prose (stripped from the slim file); GitHub
 * silently clamps larger values, which hides a caller's bug, so the fake holds callers to the documented limit.
 */
const PARAMETER_OVERLAYS: Record<string, Json> = {
  per_page: { minimum: 1, maximum: 100 },
  page: { minimum: 1 },
};

/** Params whose value may contain `/` (a ref like `heads/main`, a tag like `release/v1`): they take the rest of the path. */
const GREEDY_PARAMS = new Set(['ref', 'tag', 'basehead']);

let cached: { spec: Spec; ajv: Ajv } | undefined;

function resolveRef(doc: Json, node: Json): Json {
  let current = node;
  for (let depth = 0; current && typeof current.$ref === 'string'; depth++) {
    if (depth > 20) throw new Error(`$ref loop at ${current.$ref}`);
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce((obj: Json, key: string) => obj?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  if (!current) throw new Error(`dangling $ref ${node.$ref}`);
  return current;
}

/**
 * OpenAPI 3.0 schema -> JSON Schema for Ajv: `nullable` becomes a `null` type (or a `null` branch),
 * component refs point into one registered schema, and keywords Ajv does not know are dropped.
 */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const src = node as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(src)) {
    if (
      key === 'nullable' ||
      key === 'discriminator' ||
      key === 'deprecated' ||
      key === 'readOnly' ||
      key === 'writeOnly' ||
      key === 'example' ||
      key === 'xml'
    )
      continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace(/^#\/components\/schemas\//, `${SCHEMA_ID}#/$defs/`);
      continue;
    }
    if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value as Json).map(([name, schema]) => [name, toJsonSchema(schema)]));
      continue;
    }
    out[key] = toJsonSchema(value);
  }
  // GitHub answers "" for unset URLs (deployment statuses' target_url, log_url, environment_url) and
  // documents "" as their default next to `format: uri`: the description's own default must validate.
  if (out.default === '' && typeof out.format === 'string') {
    const { format, ...rest } = out;
    return toJsonSchema({ ...rest, anyOf: [{ format }, { maxLength: 0 }], ...(src.nullable ? { nullable: true } : {}) });
  }
  if (src.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    } else if (!Array.isArray(out.type)) {
      return { anyOf: [out, { type: 'null' }] };
    }
  }
  return out;
}

function templateMatcher(path: string): { matcher: RegExp; names: string[]; specificity: number } {
  const names: string[] = [];
  let specificity = 0;
  const placeholders = [...path.matchAll(/\{([^}]+)\}/g)];
  let pattern = '';
  let last = 0;
  placeholders.forEach((m, i) => {
    const literal = path.slice(last, m.index);
    specificity += literal.length;
    pattern += literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const name = m[1]!;
    names.push(name);
    const isLast = i === placeholders.length - 1 && m.index! + m[0].length === path.length;
    // `compare/{base}...{head}`: base stops at the first `...`; a trailing ref-like param takes the rest.
    pattern += isLast && GREEDY_PARAMS.has(name) ? '(.+)' : name === 'base' ? '(.+?)' : name === 'head' && isLast ? '(.+)' : '([^/]+)';
    last = m.index! + m[0].length;
  });
  const tail = path.slice(last);
  specificity += tail.length;
  pattern += tail.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { matcher: new RegExp(`^${pattern}/?$`), names, specificity };
}

function load(): { spec: Spec; ajv: Ajv } {
  if (cached) return cached;
  const doc = JSON.parse(readFileSync(SLIM_URL, 'utf8')) as Json;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: SCHEMA_ID, $defs: toJsonSchema(doc.components?.schemas ?? {}) as Json });

  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    const shared = ((item as Json).parameters ?? []) as Json[];
    for (const [method, raw] of Object.entries(item as Json)) {
      if (method === 'parameters') continue;
      const op = raw as Json;
      const parameters: ParameterSpec[] = [...shared, ...(op.parameters ?? [])].map((p: Json) => {
        const param = resolveRef(doc, p);
        const overlay = param.in === 'query' ? PARAMETER_OVERLAYS[param.name] : undefined;
        return { name: param.name, in: param.in, required: !!param.required, schema: { ...(param.schema ?? {}), ...overlay } };
      });
      const body = op.requestBody ? resolveRef(doc, op.requestBody) : undefined;
      const responses: Record<string, ResponseSpec> = {};
      for (const [status, r] of Object.entries((op.responses ?? {}) as Json)) {
        const response = resolveRef(doc, r as Json);
        const media = response.content?.['application/json'];
        const exampleRef = media?.examples ? (Object.values(media.examples)[0] as Json) : undefined;
        responses[status] = {
          schema: media?.schema,
          example: exampleRef ? resolveRef(doc, exampleRef).value : undefined,
          headers: Object.keys(response.headers ?? {}),
        };
      }
      const { matcher, names, specificity } = templateMatcher(path);
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        docsUrl: op.externalDocs?.url ?? 'https://docs.github.com/rest',
        parameters,
        requestBody: body?.content?.['application/json'] ? { required: !!body.required, schema: body.content['application/json'].schema } : undefined,
        responses,
        matcher,
        pathParamNames: names,
        specificity,
      });
    }
  }
  operations.sort((a, b) => b.specificity - a.specificity);
  const info = doc.info as Json;
  cached = { spec: { version: info.version, source: info['x-source'], operations, byId: new Map(operations.map((o) => [o.operationId, o])) }, ajv };
  return cached;
}

export function loadSpec(): Spec {
  return load().spec;
}

export type RouteMatch =
  | { kind: 'operation'; operation: Operation; pathParams: Record<string, string> }
  /** The path exists but not with this method: GitHub answers 404 too. */
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'unknown' };

export function matchRoute(method: string, pathname: string): RouteMatch {
  const allowed: string[] = [];
  for (const operation of loadSpec().operations) {
    const m = operation.matcher.exec(pathname);
    if (!m) continue;
    if (operation.method !== method) {
      allowed.push(`${operation.method} ${operation.path}`);
      continue;
    }
    const pathParams: Record<string, string> = {};
    operation.pathParamNames.forEach((name, i) => {
      // Octokit percent-encodes `/` inside a param (`heads%2Fmain`); GitHub accepts both forms.
      pathParams[name] = safeDecode(m[i + 1]!);
    });
    return { kind: 'operation', operation, pathParams };
  }
  return allowed.length ? { kind: 'method-not-allowed', allowed } : { kind: 'unknown' };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const validators = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: Json): ValidateFunction {
  let fn = validators.get(schema);
  if (!fn) {
    fn = load().ajv.compile(toJsonSchema(schema) as Json);
    validators.set(schema, fn);
  }
  return fn;
}

/** Ajv errors in GitHub's wording where it has one ("For 'properties/body', 5 is not a string."). */
export function describeErrors(errors: ErrorObject[] | null | undefined, data: unknown, where: string): string[] {
  if (!errors?.length) return [];
  // A oneOf/anyOf failure also lists each branch's errors: noisy, but it shows what would have been accepted.
  const out = new Set<string>();
  for (const e of errors) {
    const pointer = e.instancePath || '';
    const field = pointer.slice(1).replace(/\//g, '.');
    // "for 'labels.0', " names the offending field; a problem with the whole value needs no prefix.
    const subject = pointer ? `for '${field}', ` : '';
    const value = JSON.stringify(valueAt(data, pointer));
    const params = e.params as { missingProperty?: string; type?: string | string[]; additionalProperty?: string; allowedValues?: unknown[] };
    if (e.keyword === 'required') out.add(`${where}: "${params.missingProperty}" wasn't supplied${pointer ? ` (in '${field}')` : ''}.`);
    else if (e.keyword === 'type') out.add(`${where}: ${subject}${value} is not ${article(params.type ?? 'valid')}.`);
    else if (e.keyword === 'additionalProperties') out.add(`${where}: ${subject}"${params.additionalProperty}" is not a permitted key.`);
    else if (e.keyword === 'enum') out.add(`${where}: ${subject}${value} is not one of ${JSON.stringify(params.allowedValues)}.`);
    else out.add(`${where}: ${subject}${value} ${e.message ?? 'is invalid'}.`);
  }
  return [...out];
}

function article(type: string | string[]): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`)).join(' or ');
}

function valueAt(data: unknown, pointer: string): unknown {
  if (!pointer) return data;
  return pointer
    .slice(1)
    .split('/')
    .reduce<unknown>((obj, key) => (obj && typeof obj === 'object' ? (obj as Json)[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), data);
}

export function validateSchema(schema: Json, data: unknown, where: string): string[] {
  const fn = validatorFor(schema);
  return fn(data) ? [] : describeErrors(fn.errors, data, where);
}

/**
 * Path and query values arrive as strings; turn them into the declared type first so `per_page=500`
 * is checked as the integer 500, and a non-numeric `issue_number` is a type error.
 */
export function coerceParam(schema: Json, raw: string): unknown {
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  if (type === 'integer' || type === 'number') {
    return /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
  }
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (type === 'array') return raw.split(',');
  return raw;
}

export interface ParamCheck {
  values: Record<string, unknown>;
  violations: string[];
}

export function validateParameters(operation: Operation, pathParams: Record<string, string>, query: URLSearchParams): ParamCheck {
  const values: Record<string, unknown> = {};
  const violations: string[] = [];
  for (const param of operation.parameters) {
    if (param.in !== 'path' && param.in !== 'query') continue;
    const raw = param.in === 'path' ? pathParams[param.name] : (query.get(param.name) ?? undefined);
    if (raw === undefined) {
      if (param.required) violations.push(`${param.in} parameter "${param.name}" wasn't supplied.`);
      else if (param.schema.default !== undefined) values[param.name] = param.schema.default;
      continue;
    }
    if (param.in === 'query' && query.getAll(param.name).length > 1) violations.push(`query parameter "${param.name}" is given more than once.`);
    const value = coerceParam(param.schema, raw);
    violations.push(...validateSchema(param.schema, value, `${param.in} parameter "${param.name}"`));
    values[param.name] = value;
  }
  // GitHub ignores unknown query parameters, which hides typos (`perPage`, `environmant`): the fake refuses them.
  const known = new Set(operation.parameters.filter((p) => p.in === 'query').map((p) => p.name));
  for (const name of new Set(query.keys())) {
    if (!known.has(name)) violations.push(`query parameter "${name}" is not accepted by ${operation.operationId}.`);
  }
  return { values, violations };
}

export function validateRequestBody(operation: Operation, body: unknown, present: boolean): string[] {
  if (!operation.requestBody) return [];
  if (!present) return operation.requestBody.required ? ['request body is required but was not sent.'] : [];
  return validateSchema(operation.requestBody.schema, body, 'request body');
}

/** Checks an answer of the fake against the description: a mismatch is a bug in the fake, not in the caller. */
export function validateResponse(operation: Operation, status: number, body: unknown): string[] {
  const response = operation.responses[String(status)];
  if (!response) {
    // Errors GitHub can give on any endpoint (401, 403, 404, 422, 5xx) are not always documented per operation.
    if (status >= 400) return [];
    return [`${operation.operationId} does not document status ${status}`];
  }
  if (!response.schema) return body === undefined || body === null || body === '' ? [] : [`${operation.operationId} ${status} documents no body`];
  return validateSchema(response.schema, body, `response ${status}`);
}
