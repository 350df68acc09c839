/**
 * Where each tool's releases live, in the vendor's own layout, so a mirror of that layout (set by
 * `releases-url`) works unchanged. Download URLs are always built from the base URL and the file
 * name, never taken from absolute URLs inside an index, so a mirror is never bypassed.
 *
 * Terraform (HashiCorp's releases site):
 *   <base>/terraform/index.json                      versions → { builds[os, arch, filename], shasums, shasums_signature(s) }
 *   <base>/terraform/<v>/terraform_<v>_<os>_<arch>.zip
 *   <base>/terraform/<v>/terraform_<v>_SHA256SUMS
 *   <base>/terraform/<v>/terraform_<v>_SHA256SUMS.72D7468F.sig   (and the older plain .sig)
 *
 * OpenTofu (its version API and its GitHub release assets):
 *   <api>/tofu/api.json                              { versions: [{ id, files: [...] }] }, newest first
 *   <assets>/v<v>/tofu_<v>_<os>_<arch>.zip
 *   <assets>/v<v>/tofu_<v>_SHA256SUMS
 *   <assets>/v<v>/tofu_<v>_SHA256SUMS.gpgsig          (OpenPGP; `.sig` + `.pem` next to it are cosign)
 * With `releases-url` both live under one base: <base>/tofu/api.json and
 * <base>/opentofu/opentofu/releases/download/v<v>/<file> (the paths of the two public hosts).
 */
import { ActionError } from '../errors.js';
import type { Platform } from './platform.js';
import { parseVersion } from './version.js';
import { isObject } from '../json-object.js';

export type Tool = 'terraform' | 'opentofu';

export const DEFAULT_TERRAFORM_RELEASES = 'https://releases.hashicorp.com';
export const DEFAULT_OPENTOFU_API = 'https://get.opentofu.org';
export const DEFAULT_OPENTOFU_ASSETS = 'https://github.com';

export interface VersionIndex {
  /** Every published version (pre-releases included), as the index lists them. */
  versions: string[];
  /** Files the index says a version has (used to choose the signature file); absent when unknown. */
  files: Map<string, string[]>;
}

export interface ReleaseLayout {
  tool: Tool;
  /** Display name: Terraform / OpenTofu. */
  title: string;
  /** File-name prefix and executable name: terraform / tofu. */
  binary: string;
  indexUrl: string;
  fileUrl(version: string, file: string): string;
  archiveName(version: string, platform: Platform): string;
  sumsName(version: string): string;
  /** Detached OpenPGP signature files to try, best first (given the trusted key's short id). */
  signatureNames(version: string, keyIdShort: string, index?: VersionIndex): string[];
  parseIndex(body: string): VersionIndex;
}

const trimBase = (url: string) => url.replace(/\/+$/, '');

/** Versions go into URL paths: only well-formed ones are ever used. */
function safeVersion(version: string): string {
  if (!parseVersion(version) || !/^[0-9A-Za-z.+-]+$/.test(version))
    throw new ActionError(`Refusing to build a download URL for version ${JSON.stringify(version)}`);
  return encodeURIComponent(version);
}

function indexError(url: string, detail: string): ActionError {
  return new ActionError(`The release index at ${url} is not in the expected format: ${detail}`, {
    hint: 'Check that releases-url points at a mirror of the vendor layout (see the action README).',
  });
}

export function terraformLayout(releasesUrl = ''): ReleaseLayout {
  const base = trimBase(releasesUrl || DEFAULT_TERRAFORM_RELEASES);
  const indexUrl = `${base}/terraform/index.json`;
  return {
    tool: 'terraform',
    title: 'Terraform',
    binary: 'terraform',
    indexUrl,
    fileUrl: (version, file) => `${base}/terraform/${safeVersion(version)}/${encodeURIComponent(file)}`,
    archiveName: (version, p) => `terraform_${version}_${p.os}_${p.arch}.zip`,
    sumsName: (version) => `terraform_${version}_SHA256SUMS`,
    signatureNames(version, keyIdShort, index) {
      const sums = `terraform_${version}_SHA256SUMS`;
      const preferred = `${sums}.${keyIdShort.toUpperCase()}.sig`;
      const listed = index?.files.get(version);
      if (listed) {
        // Prefer the signature named for the trusted key when the index lists it, else the plain one.
        const sigs = [...new Set(listed.filter((f) => f.startsWith(`${sums}.`) && f.endsWith('.sig')))];
        const ordered = [...sigs.filter((f) => f === preferred), ...sigs.filter((f) => f === `${sums}.sig`)];
        if (ordered.length) return ordered;
      }
      return [preferred, `${sums}.sig`];
    },
    parseIndex(body) {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        throw indexError(indexUrl, 'it is not JSON');
      }
      // Valid JSON need not be an object (null, [], "text"): reading a field of it would crash.
      if (!isObject(json)) throw indexError(indexUrl, 'it is not a JSON object');
      const versions = json.versions;
      if (!isObject(versions)) throw indexError(indexUrl, 'no "versions" object');
      const files = new Map<string, string[]>();
      for (const [key, value] of Object.entries(versions)) {
        // An entry of the wrong type lists no files (its version is still the key).
        const entry = isObject(value) ? value : {};
        const version = typeof entry.version === 'string' ? entry.version : key;
        const names: string[] = [];
        if (typeof entry.shasums === 'string') names.push(entry.shasums);
        if (typeof entry.shasums_signature === 'string') names.push(entry.shasums_signature);
        if (Array.isArray(entry.shasums_signatures)) names.push(...entry.shasums_signatures.filter((s): s is string => typeof s === 'string'));
        if (Array.isArray(entry.builds)) {
          for (const b of entry.builds as unknown[]) if (isObject(b) && typeof b.filename === 'string') names.push(b.filename);
        }
        files.set(version, names);
      }
      return { versions: [...files.keys()], files };
    },
  };
}

export function opentofuLayout(releasesUrl = ''): ReleaseLayout {
  const apiBase = trimBase(releasesUrl || DEFAULT_OPENTOFU_API);
  const assetBase = `${trimBase(releasesUrl || DEFAULT_OPENTOFU_ASSETS)}/opentofu/opentofu/releases/download`;
  const indexUrl = `${apiBase}/tofu/api.json`;
  return {
    tool: 'opentofu',
    title: 'OpenTofu',
    binary: 'tofu',
    indexUrl,
    fileUrl: (version, file) => `${assetBase}/v${safeVersion(version)}/${encodeURIComponent(file)}`,
    archiveName: (version, p) => `tofu_${version}_${p.os}_${p.arch}.zip`,
    sumsName: (version) => `tofu_${version}_SHA256SUMS`,
    // OpenTofu's OpenPGP signature is `.gpgsig`; its `.sig` is a cosign signature, not OpenPGP.
    signatureNames: (version) => [`tofu_${version}_SHA256SUMS.gpgsig`],
    parseIndex(body) {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        throw indexError(indexUrl, 'it is not JSON');
      }
      // Valid JSON need not be an object (null, [], "text"): reading a field of it would crash.
      if (!isObject(json)) throw indexError(indexUrl, 'it is not a JSON object');
      const list = json.versions;
      if (!Array.isArray(list)) throw indexError(indexUrl, 'no "versions" array');
      const files = new Map<string, string[]>();
      for (const entry of list as unknown[]) {
        if (!isObject(entry) || typeof entry.id !== 'string') continue;
        files.set(entry.id.replace(/^v/, ''), Array.isArray(entry.files) ? entry.files.filter((f): f is string => typeof f === 'string') : []);
      }
      return { versions: [...files.keys()], files };
    },
  };
}

export function releaseLayout(tool: Tool, releasesUrl = ''): ReleaseLayout {
  return tool === 'opentofu' ? opentofuLayout(releasesUrl) : terraformLayout(releasesUrl);
}

/** Parses a SHA256SUMS file: `<64 hex>  <file name>` per line (the `*` binary marker allowed). */
export function parseSha256Sums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-fA-F]{64})\s+\*?(\S.*?)\s*$/.exec(line.replace(/\r$/, ''));
    if (m) sums.set(m[2], m[1].toLowerCase());
  }
  return sums;
}
