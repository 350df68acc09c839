export const id = 678;
export const ids = [678,871];
export const modules = {

/***/ 73515:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Lm: () => (/* binding */ parseSha256Sums),
  kD: () => (/* binding */ releaseLayout)
});

// UNUSED EXPORTS: DEFAULT_OPENTOFU_API, DEFAULT_OPENTOFU_ASSETS, DEFAULT_TERRAFORM_RELEASES, opentofuLayout, terraformLayout

// EXTERNAL MODULE: ./shared/src/errors.ts
var errors = __webpack_require__(33904);
// EXTERNAL MODULE: ./shared/src/setup-terraform/version.ts
var setup_terraform_version = __webpack_require__(41888);
;// CONCATENATED MODULE: ./shared/src/json-object.ts
/** A JSON object: not null and not an array, which `typeof x === 'object'` alone lets through. */
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./shared/src/setup-terraform/releases.ts
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



const DEFAULT_TERRAFORM_RELEASES = 'https://releases.hashicorp.com';
const DEFAULT_OPENTOFU_API = 'https://get.opentofu.org';
const DEFAULT_OPENTOFU_ASSETS = 'https://github.com';
const trimBase = (url) => url.replace(/\/+$/, '');
/** Versions go into URL paths: only well-formed ones are ever used. */
function safeVersion(version) {
    if (!(0,setup_terraform_version/* parseVersion */.ot)(version) || !/^[0-9A-Za-z.+-]+$/.test(version))
        throw new errors/* ActionError */.lZ(`Refusing to build a download URL for version ${JSON.stringify(version)}`);
    return encodeURIComponent(version);
}
function indexError(url, detail) {
    return new errors/* ActionError */.lZ(`The release index at ${url} is not in the expected format: ${detail}`, {
        hint: 'Check that releases-url points at a mirror of the vendor layout (see the action README).',
    });
}
function terraformLayout(releasesUrl = '') {
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
                if (ordered.length)
                    return ordered;
            }
            return [preferred, `${sums}.sig`];
        },
        parseIndex(body) {
            let json;
            try {
                json = JSON.parse(body);
            }
            catch {
                throw indexError(indexUrl, 'it is not JSON');
            }
            // Valid JSON need not be an object (null, [], "text"): reading a field of it would crash.
            if (!isObject(json))
                throw indexError(indexUrl, 'it is not a JSON object');
            const versions = json.versions;
            if (!isObject(versions))
                throw indexError(indexUrl, 'no "versions" object');
            const files = new Map();
            for (const [key, value] of Object.entries(versions)) {
                // An entry of the wrong type lists no files (its version is still the key).
                const entry = isObject(value) ? value : {};
                const version = typeof entry.version === 'string' ? entry.version : key;
                const names = [];
                if (typeof entry.shasums === 'string')
                    names.push(entry.shasums);
                if (typeof entry.shasums_signature === 'string')
                    names.push(entry.shasums_signature);
                if (Array.isArray(entry.shasums_signatures))
                    names.push(...entry.shasums_signatures.filter((s) => typeof s === 'string'));
                if (Array.isArray(entry.builds)) {
                    for (const b of entry.builds)
                        if (isObject(b) && typeof b.filename === 'string')
                            names.push(b.filename);
                }
                files.set(version, names);
            }
            return { versions: [...files.keys()], files };
        },
    };
}
function opentofuLayout(releasesUrl = '') {
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
            let json;
            try {
                json = JSON.parse(body);
            }
            catch {
                throw indexError(indexUrl, 'it is not JSON');
            }
            // Valid JSON need not be an object (null, [], "text"): reading a field of it would crash.
            if (!isObject(json))
                throw indexError(indexUrl, 'it is not a JSON object');
            const list = json.versions;
            if (!Array.isArray(list))
                throw indexError(indexUrl, 'no "versions" array');
            const files = new Map();
            for (const entry of list) {
                if (!isObject(entry) || typeof entry.id !== 'string')
                    continue;
                files.set(entry.id.replace(/^v/, ''), Array.isArray(entry.files) ? entry.files.filter((f) => typeof f === 'string') : []);
            }
            return { versions: [...files.keys()], files };
        },
    };
}
function releaseLayout(tool, releasesUrl = '') {
    return tool === 'opentofu' ? opentofuLayout(releasesUrl) : terraformLayout(releasesUrl);
}
/** Parses a SHA256SUMS file: `<64 hex>  <file name>` per line (the `*` binary marker allowed). */
function parseSha256Sums(text) {
    const sums = new Map();
    for (const line of text.split('\n')) {
        const m = /^([0-9a-fA-F]{64})\s+\*?(\S.*?)\s*$/.exec(line.replace(/\r$/, ''));
        if (m)
            sums.set(m[2], m[1].toLowerCase());
    }
    return sums;
}


/***/ }),

/***/ 10678:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  savePluginCache: () => (/* binding */ savePluginCache),
  setupTerraform: () => (/* binding */ setupTerraform)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./shared/src/errors.ts
var errors = __webpack_require__(33904);
// EXTERNAL MODULE: ./shared/src/setup-terraform/cli-config.ts
var cli_config = __webpack_require__(54957);
;// CONCATENATED MODULE: ./shared/src/setup-terraform/platform.ts
/** The runner's platform in the vendors' release naming (linux/darwin/windows x amd64/arm64). */

const OS = { Linux: 'linux', macOS: 'darwin', Windows: 'windows' };
const ARCH = { X64: 'amd64', ARM64: 'arm64' };
const NODE_OS = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };
const NODE_ARCH = { x64: 'X64', arm64: 'ARM64' };
/** From RUNNER_OS / RUNNER_ARCH (falling back to this process's platform outside a runner). */
function runnerPlatform(env = process.env) {
    const runnerOs = env.RUNNER_OS || NODE_OS[process.platform] || process.platform;
    const runnerArch = env.RUNNER_ARCH || NODE_ARCH[process.arch] || process.arch;
    const os = OS[runnerOs];
    const arch = ARCH[runnerArch];
    if (!os || !arch) {
        throw new errors/* ActionError */.lZ(`Unsupported runner platform ${runnerOs}/${runnerArch}`, {
            hint: 'Terraform and OpenTofu are installed for Linux, macOS and Windows on X64 or ARM64 runners.',
        });
    }
    return { os, arch, cacheArch: arch === 'amd64' ? 'x64' : 'arm64', exe: os === 'windows' ? '.exe' : '' };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./shared/src/setup-terraform/plugin-cache.ts
/**
 * The provider plugin cache: TF_PLUGIN_CACHE_DIR for every later `terraform init` in the job, kept
 * across runs with @actions/cache under a key made of the hash of every `.terraform.lock.hcl` in
 * the workspace, so a change of any pinned provider makes a new cache (older ones still restore
 * as a starting point).
 */




const SKIP_DIRS = new Set(['.git', '.terraform', 'node_modules']);
/** Lock files under root, as sorted workspace-relative paths with forward slashes. */
function findLockFiles(root) {
    const found = [];
    const walk = (dir, depth) => {
        if (depth > 20)
            return;
        let entries;
        try {
            entries = (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true });
        }
        catch {
            return;
        }
        for (const e of entries) {
            if (e.isDirectory() && !SKIP_DIRS.has(e.name))
                walk(external_node_path_.join(dir, e.name), depth + 1);
            else if (e.isFile() && e.name === '.terraform.lock.hcl')
                found.push(external_node_path_.relative(root, external_node_path_.join(dir, e.name)).split(external_node_path_.sep).join('/'));
        }
    };
    walk(root, 0);
    return found.sort();
}
/** SHA-256 over each lock file's path and content (line endings normalised, so Windows matches). */
function hashLockFiles(root, files) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const file of files) {
        hash.update(`${file}\0`);
        hash.update((0,external_node_fs_.readFileSync)(external_node_path_.join(root, file), 'utf8').replace(/\r\n/g, '\n'));
        hash.update('\0');
    }
    return hash.digest('hex');
}
function planPluginCache(tool, platform, workspace, env = process.env) {
    const lockFiles = findLockFiles(workspace);
    const prefix = `setup-terraform-plugins-${tool}-${platform.os}-${platform.arch}-`;
    const hash = lockFiles.length ? hashLockFiles(workspace, lockFiles) : 'no-lock-files';
    const home = env.HOME || env.USERPROFILE || external_node_os_.homedir();
    return { dir: external_node_path_.join(home, '.terraform.d', 'plugin-cache'), key: `${prefix}${hash}`, restoreKeys: [prefix], lockFiles };
}

// EXTERNAL MODULE: ./shared/src/setup-terraform/releases.ts + 1 modules
var releases = __webpack_require__(73515);
// EXTERNAL MODULE: ./shared/src/setup-terraform/tool-cache.ts
var tool_cache = __webpack_require__(3671);
// EXTERNAL MODULE: ./shared/src/setup-terraform/version.ts
var setup_terraform_version = __webpack_require__(41888);
;// CONCATENATED MODULE: ./shared/src/setup-terraform/version-sources.ts
/**
 * Where the wanted version comes from when the input is empty, in order:
 *   1. `.terraform-version` (Terraform) or `.opentofu-version` (OpenTofu), as tfenv/tofuenv write it
 *   2. `.tool-versions` (asdf/mise): the `terraform` or `opentofu` line
 *   3. `required_version` in the root module's `*.tf` / `*.tf.json` (and `*.tofu` for OpenTofu);
 *      constraints from several files all apply, as Terraform combines them.
 * Version files are looked for in the working directory, then each parent up to the workspace.
 */




/** Directories from `start` up to and including `stop` (or just `start` when it is not inside). */
function dirsUpTo(start, stop) {
    const dirs = [start];
    const rel = external_node_path_.relative(stop, start);
    if (rel === '' || rel.startsWith('..') || external_node_path_.isAbsolute(rel))
        return dirs;
    let dir = start;
    while (dir !== stop) {
        dir = external_node_path_.dirname(dir);
        dirs.push(dir);
    }
    return dirs;
}
function rel(workspace, file) {
    return external_node_path_.relative(workspace, file).split(external_node_path_.sep).join('/') || external_node_path_.basename(file);
}
function checkSpec(spec, where) {
    if (spec === 'latest')
        return spec;
    try {
        (0,setup_terraform_version/* parseConstraint */.FJ)(spec);
    }
    catch (err) {
        if (err instanceof setup_terraform_version/* ConstraintSyntaxError */.Ht) {
            throw new errors/* ActionError */.lZ(`${where} has ${err.message.replace(/^invalid version constraint/, 'an invalid version constraint')}`, {
                hint: 'Accepted: an exact version (1.9.8), latest, or a constraint such as ~> 1.9 or >= 1.5, < 2.0.',
            });
        }
        throw err;
    }
    return spec;
}
/** `.terraform-version` / `.opentofu-version`: the first non-comment line. */
function readVersionFile(file, workspace) {
    const lines = (0,external_node_fs_.readFileSync)(file, 'utf8').split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i].replace(/#.*$/, '').trim();
        if (line === '')
            continue;
        const where = `${rel(workspace, file)} line ${i + 1}`;
        if (/^latest:/.test(line) || line === 'min-required' || line === 'latest-allowed') {
            throw new errors/* ActionError */.lZ(`${where} uses ${JSON.stringify(line)}, a tfenv-only keyword`, {
                hint: 'Write an exact version, latest, or a constraint such as ~> 1.9 instead.',
            });
        }
        return { spec: checkSpec(line, where), source: rel(workspace, file) };
    }
    return undefined;
}
/** `.tool-versions`: `terraform 1.9.8` (asdf may list fallbacks after the first; the first wins). */
function readToolVersions(file, tool, workspace) {
    const names = tool === 'opentofu' ? ['opentofu', 'tofu'] : ['terraform'];
    const lines = (0,external_node_fs_.readFileSync)(file, 'utf8').split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
        const words = lines[i].replace(/#.*$/, '').trim().split(/\s+/);
        if (words.length >= 2 && names.includes(words[0])) {
            return { spec: checkSpec(words[1], `${rel(workspace, file)} line ${i + 1}`), source: rel(workspace, file) };
        }
    }
    return undefined;
}
/** Removes HCL comments (`#`, `//`, `/* *\/`) while leaving string contents alone. */
function stripHclComments(text) {
    let out = '';
    let i = 0;
    while (i < text.length) {
        const c = text[i];
        if (c === '"') {
            let j = i + 1;
            while (j < text.length && text[j] !== '"' && text[j] !== '\n')
                j += text[j] === '\\' ? 2 : 1;
            out += text.slice(i, j + 1);
            i = j + 1;
        }
        else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
            while (i < text.length && text[i] !== '\n')
                i++;
        }
        else if (c === '/' && text[i + 1] === '*') {
            const end = text.indexOf('*/', i + 2);
            const block = text.slice(i, end < 0 ? text.length : end + 2);
            out += block.replace(/[^\n]/g, ' '); // keep line numbers
            i = end < 0 ? text.length : end + 2;
        }
        else {
            out += c;
            i++;
        }
    }
    return out;
}
/** `required_version` values inside top-level `terraform { … }` blocks of one HCL file. */
function requiredVersionsInHcl(text) {
    const src = stripHclComments(text);
    const found = [];
    const blockRe = /(^|\n)[ \t]*terraform[ \t]*\{/g;
    let m;
    while ((m = blockRe.exec(src)) !== null) {
        let depth = 1;
        let i = m.index + m[0].length;
        const start = i;
        while (i < src.length && depth > 0) {
            const c = src[i];
            if (c === '"') {
                i++;
                while (i < src.length && src[i] !== '"')
                    i += src[i] === '\\' ? 2 : 1;
            }
            else if (c === '{')
                depth++;
            else if (c === '}')
                depth--;
            i++;
        }
        const body = src.slice(start, i - 1);
        // Only attributes of the block itself (depth 0 inside it), not of nested blocks.
        let d = 0;
        let lineStart = 0;
        for (let k = 0; k <= body.length; k++) {
            if (k === body.length || body[k] === '\n') {
                const line = body.slice(lineStart, k);
                const attr = /^\s*required_version\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(line);
                if (attr && d === 0)
                    found.push({ value: attr[1], line: src.slice(0, start + lineStart).split('\n').length });
                for (const ch of line.replace(/"(?:[^"\\]|\\.)*"/g, ''))
                    d += ch === '{' ? 1 : ch === '}' ? -1 : 0;
                lineStart = k + 1;
            }
        }
        blockRe.lastIndex = i;
    }
    return found;
}
function requiredVersionsInJson(text, file) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        throw new errors/* ActionError */.lZ(`${file} is not valid JSON`);
    }
    const blocks = json?.terraform;
    const list = Array.isArray(blocks) ? blocks : blocks ? [blocks] : [];
    return list.map((b) => b?.required_version).filter((v) => typeof v === 'string');
}
/** Every `required_version` in the root module, combined (all must hold). */
function readRequiredVersion(dir, tool, workspace) {
    if (!(0,external_node_fs_.existsSync)(dir))
        return undefined;
    const names = (0,external_node_fs_.readdirSync)(dir).sort();
    const hcl = names.filter((n) => n.endsWith('.tf') || (tool === 'opentofu' && n.endsWith('.tofu')));
    // OpenTofu reads x.tofu instead of x.tf when both exist.
    const chosen = tool === 'opentofu' ? hcl.filter((n) => !(n.endsWith('.tf') && names.includes(n.replace(/\.tf$/, '.tofu')))) : hcl;
    const json = names.filter((n) => n.endsWith('.tf.json') || (tool === 'opentofu' && n.endsWith('.tofu.json')));
    const parts = [];
    const files = [];
    for (const name of chosen) {
        const file = external_node_path_.join(dir, name);
        for (const { value, line } of requiredVersionsInHcl((0,external_node_fs_.readFileSync)(file, 'utf8'))) {
            parts.push(checkSpec(value, `${rel(workspace, file)} line ${line} (required_version)`));
            files.push(rel(workspace, file));
        }
    }
    for (const name of json) {
        const file = external_node_path_.join(dir, name);
        for (const value of requiredVersionsInJson((0,external_node_fs_.readFileSync)(file, 'utf8'), rel(workspace, file))) {
            parts.push(checkSpec(value, `${rel(workspace, file)} (required_version)`));
            files.push(rel(workspace, file));
        }
    }
    if (parts.length === 0)
        return undefined;
    return { spec: parts.join(', '), source: `required_version in ${[...new Set(files)].join(', ')}` };
}
/** The version request from the input, or from the files above; `latest` when nothing says. */
function findVersionRequest(input, tool, workingDirectory, workspace, inputName) {
    if (input !== '')
        return { spec: checkSpec(input, `Input '${inputName}'`), source: 'input' };
    const versionFile = tool === 'opentofu' ? '.opentofu-version' : '.terraform-version';
    const dirs = dirsUpTo(workingDirectory, workspace);
    for (const dir of dirs) {
        const file = external_node_path_.join(dir, versionFile);
        if ((0,external_node_fs_.existsSync)(file)) {
            const found = readVersionFile(file, workspace);
            if (found)
                return found;
        }
    }
    for (const dir of dirs) {
        const file = external_node_path_.join(dir, '.tool-versions');
        if ((0,external_node_fs_.existsSync)(file)) {
            const found = readToolVersions(file, tool, workspace);
            if (found)
                return found;
        }
    }
    return readRequiredVersion(workingDirectory, tool, workspace) ?? { spec: 'latest', source: 'default (latest)' };
}

// EXTERNAL MODULE: ./shared/src/setup-terraform/wrapper.ts
var wrapper = __webpack_require__(871);
;// CONCATENATED MODULE: ./shared/src/setup-terraform/setup.ts
/**
 * setup-terraform's core: resolve the wanted version, find it in the runner's tool cache or
 * install it verified, then put it on PATH (behind the wrapper when asked), write CLI
 * credentials and prepare the provider plugin cache.
 *
 * The warm path (an exact version already in the tool cache) touches no network and loads none
 * of the download, OpenPGP or zip code: those modules are imported only on a miss.
 */












async function fetchIndex(layout, metrics) {
    const { fetchText } = await __webpack_require__.e(/* import() */ 983).then(__webpack_require__.bind(__webpack_require__, 28983));
    const body = await fetchText(layout.indexUrl, { onRetry: () => metrics.count('retries') });
    return layout.parseIndex(body);
}
/** The exact version to install, and the index when it had to be read. */
async function resolveVersion(settings, layout, metrics) {
    const request = findVersionRequest(settings.version, settings.tool, settings.workingDirectory, settings.workspace, settings.versionInputName);
    const constraint = request.spec === 'latest' ? (0,setup_terraform_version/* parseConstraint */.FJ)('>= 0.0.0') : (0,setup_terraform_version/* parseConstraint */.FJ)(request.spec);
    const pinned = (0,setup_terraform_version/* pinnedVersion */.V2)(constraint);
    if (pinned) {
        core/* info */.pq(`${layout.title} ${pinned} (from ${request.source})`);
        return { version: pinned, source: request.source };
    }
    const index = await fetchIndex(layout, metrics);
    const version = (0,setup_terraform_version/* newestSatisfying */.W4)(index.versions, constraint, { includePrereleases: settings.includePrereleases });
    if (!version) {
        const newest = (0,setup_terraform_version/* sortVersionsDescending */.co)(index.versions)
            .filter((v) => settings.includePrereleases || !v.includes('-'))
            .slice(0, 5);
        throw new errors/* ActionError */.lZ(`No ${layout.title} release satisfies ${JSON.stringify(request.spec)} (from ${request.source})${settings.includePrereleases ? '' : ' among releases (pre-releases excluded)'}`, {
            hint: `Newest published versions: ${newest.join(', ') || 'none'} (index: ${layout.indexUrl})`,
        });
    }
    core/* info */.pq(`${layout.title} ${version}: the newest release satisfying ${JSON.stringify(request.spec)} (from ${request.source})`);
    return { version, source: request.source, index };
}
async function restorePlugins(plan, metrics) {
    return metrics.phase('cache', async () => {
        const { restoreCacheSafely } = await Promise.all(/* import() */[__webpack_require__.e(49), __webpack_require__.e(749)]).then(__webpack_require__.bind(__webpack_require__, 63749));
        core/* info */.pq(`Provider plugin cache: ${plan.dir}, key ${plan.key} (${plan.lockFiles.length} lock file(s): ${plan.lockFiles.join(', ') || 'none'})`);
        const matched = await restoreCacheSafely([plan.dir], plan.key, plan.restoreKeys);
        core/* info */.pq(matched ? `Restored provider plugins from ${matched}` : 'No cached provider plugins yet');
        return matched;
    });
}
async function setupTerraform(settings, metrics) {
    const platform = runnerPlatform();
    const layout = (0,releases/* releaseLayout */.kD)(settings.tool, settings.releasesUrl);
    if (settings.releasesUrl)
        core/* info */.pq(`Releases from the mirror ${settings.releasesUrl} (index ${layout.indexUrl})`);
    const { version, source, index } = await metrics.phase('resolve', () => resolveVersion(settings, layout, metrics));
    let cached = (0,tool_cache/* findCached */.aY)(layout.binary, version, platform);
    let cacheHit = cached !== undefined;
    if (cached) {
        metrics.count('tool_cache_hit');
        core/* info */.pq(`${layout.title} ${version} is in the tool cache: ${cached.dir}`);
    }
    else {
        const { installRelease, trustedKeys } = await Promise.all(/* import() */[__webpack_require__.e(663), __webpack_require__.e(155)]).then(__webpack_require__.bind(__webpack_require__, 10155));
        // The key loads (with the OpenPGP code) while the files download.
        const keys = trustedKeys(layout, settings.gpgPublicKey, settings.gpgPublicKeyInputName);
        keys.catch(() => undefined); // awaited by installRelease; never an unhandled rejection meanwhile
        const result = await installRelease({ layout, version, platform, index, useCache: settings.cache, metrics }, keys);
        cached = result.tool;
        cacheHit = result.fromCache;
        core/* info */.pq(`Installed ${layout.title} ${version} into the tool cache: ${cached.dir}`);
    }
    const pathDirs = [cached.dir];
    if (settings.wrapper) {
        // Beside the install, per version, so two versions in one job never share a shim.
        const wrapperDir = external_node_path_.join((0,tool_cache/* toolCacheRoot */.Hw)(), layout.binary, version, `${platform.cacheArch}-wrapper`);
        const files = await (0,wrapper/* installWrapper */.by)(wrapperDir, layout.binary, cached.binary, platform.os === 'windows');
        core/* info */.pq(`Wrapper: ${files.join(', ')} (later ${layout.binary} calls set the step outputs stdout, stderr, exitcode)`);
        pathDirs.unshift(wrapperDir);
    }
    if (settings.credentials) {
        const file = await (0,cli_config/* writeCliCredentials */.sH)((0,cli_config/* cliConfigPath */.yk)(settings.tool, platform), settings.credentials.hostname, settings.credentials.token);
        core/* info */.pq(`Wrote credentials for ${settings.credentials.hostname} to ${file}`);
    }
    const env = {};
    let pluginCache;
    if (settings.pluginCache) {
        const plan = planPluginCache(settings.tool, platform, settings.workspace);
        (0,external_node_fs_.mkdirSync)(plan.dir, { recursive: true });
        env.TF_PLUGIN_CACHE_DIR = plan.dir;
        pluginCache = { ...plan, matchedKey: await restorePlugins(plan, metrics) };
    }
    return { version, binary: cached.binary, pathDirs, cacheHit, source, env, pluginCache };
}
/** Post step: saves the provider plugin cache unless it was restored under exactly this key. */
async function savePluginCache(dir, key, matchedKey) {
    if (matchedKey === key) {
        core/* info */.pq(`Provider plugins were restored from ${key}; nothing to save`);
        return;
    }
    const { readdirSync, existsSync } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 73024, 23));
    if (!existsSync(dir) || readdirSync(dir).length === 0) {
        core/* info */.pq('The provider plugin cache is empty; nothing to save');
        return;
    }
    const { saveCacheSafely } = await Promise.all(/* import() */[__webpack_require__.e(49), __webpack_require__.e(749)]).then(__webpack_require__.bind(__webpack_require__, 63749));
    if (await saveCacheSafely([dir], key))
        core/* info */.pq(`Saved provider plugins as ${key}`);
}


/***/ }),

/***/ 3671:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hw: () => (/* binding */ toolCacheRoot),
/* harmony export */   ZD: () => (/* binding */ installAtomically),
/* harmony export */   aY: () => (/* binding */ findCached)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(33904);
/**
 * The runner's tool cache, in @actions/tool-cache's layout (<root>/<tool>/<version>/<arch> plus an
 * `<arch>.complete` marker) so other tools find our installs, but installed atomically: the
 * content is built in a temporary folder beside the target and renamed into place only after it
 * is complete and verified. An interrupted install never looks like a cached one.
 */






function toolCacheRoot(env = process.env) {
    return env.RUNNER_TOOL_CACHE || node_path__WEBPACK_IMPORTED_MODULE_4__.join(env.RUNNER_TEMP || node_os__WEBPACK_IMPORTED_MODULE_3__.tmpdir(), 'tool-cache');
}
function locations(name, version, platform, root) {
    const versionDir = node_path__WEBPACK_IMPORTED_MODULE_4__.join(root, name, version);
    const dir = node_path__WEBPACK_IMPORTED_MODULE_4__.join(versionDir, platform.cacheArch);
    return { versionDir, dir, marker: `${dir}.complete`, binary: node_path__WEBPACK_IMPORTED_MODULE_4__.join(dir, `${name}${platform.exe}`) };
}
/** A completed install of this exact version, found without touching the network. */
function findCached(name, version, platform, root = toolCacheRoot()) {
    const loc = locations(name, version, platform, root);
    return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(loc.marker) && (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(loc.binary) ? { dir: loc.dir, binary: loc.binary } : undefined;
}
/**
 * Runs `populate` on an empty temporary folder, checks the executable is there, then moves the
 * folder into the tool cache. On any failure the temporary folder is removed and nothing is cached.
 */
async function installAtomically(name, version, platform, populate, root = toolCacheRoot()) {
    const loc = locations(name, version, platform, root);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(loc.versionDir, { recursive: true });
    const tmp = node_path__WEBPACK_IMPORTED_MODULE_4__.join(loc.versionDir, `.${platform.cacheArch}.partial-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(tmp);
    try {
        await populate(tmp);
        const exe = node_path__WEBPACK_IMPORTED_MODULE_4__.join(tmp, `${name}${platform.exe}`);
        const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(exe).catch(() => undefined);
        if (!info?.isFile())
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .lZ(`The archive did not contain ${name}${platform.exe}`);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.chmod)(exe, 0o755);
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(loc.marker) && (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(loc.binary)) {
            // Another job on this machine finished the same install first: keep theirs.
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(tmp, { recursive: true, force: true });
            return { dir: loc.dir, binary: loc.binary };
        }
        // A folder without its marker is a leftover of an interrupted install.
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(loc.dir, { recursive: true, force: true });
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(tmp, loc.dir);
        }
        catch (err) {
            // Another job on this machine moved its copy in between: keep theirs once it is complete.
            if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(loc.dir))
                throw err;
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(tmp, { recursive: true, force: true });
            return { dir: loc.dir, binary: loc.binary };
        }
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)(loc.marker, '');
        return { dir: loc.dir, binary: loc.binary };
    }
    catch (err) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(tmp, { recursive: true, force: true });
        throw err;
    }
}


/***/ }),

/***/ 871:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   by: () => (/* binding */ installWrapper),
/* harmony export */   runWrapped: () => (/* binding */ runWrapped)
/* harmony export */ });
/* unused harmony exports OUTPUT_LIMIT, posixShim, windowsShim */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _wrapper_flag_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(70778);
/**
 * The optional output-capturing wrapper (`wrapper: true`). A shim named `terraform` (or `tofu`) in
 * a folder put on PATH before the real binary runs this same bundle under the same Node, with
 * WRAPPER_FLAG and the real binary's path, so no second bundle and no Node on PATH are needed.
 * POSIX gets a `sh` script; Windows gets a `.cmd` (cmd, PowerShell) and the `sh` script (Git Bash).
 *
 * The wrapped run streams stdout and stderr through byte for byte as they come (nothing is added
 * to stdout, so `$(terraform output -raw x)` still works), keeps at most OUTPUT_LIMIT bytes of
 * each for the step outputs `stdout`, `stderr`, `exitcode`, and exits with the child's exact code
 * (2 from `plan -detailed-exitcode` stays 2).
 *
 * This module imports only Node built-ins (and the flag): every wrapped call loads it, so it must
 * start fast.
 */







/** GitHub's limit for one step output is 1 MB; keep each captured stream within it. */
const OUTPUT_LIMIT = 1_000_000;
const shQuote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
/** cmd.exe: double quotes, and % doubled so it is not expanded. */
const cmdQuote = (s) => `"${s.replace(/%/g, '%%')}"`;
function posixShim(node, bundle, real) {
    return `#!/bin/sh\n# Generated by setup-terraform (wrapper: true): captures output for step outputs.\nexec ${shQuote(node)} ${shQuote(bundle)} ${_wrapper_flag_js__WEBPACK_IMPORTED_MODULE_5__/* .WRAPPER_FLAG */ .f} ${shQuote(real)} "$@"\n`;
}
function windowsShim(node, bundle, real) {
    return `@echo off\r\nrem Generated by setup-terraform (wrapper: true): captures output for step outputs.\r\n${cmdQuote(node)} ${cmdQuote(bundle)} ${_wrapper_flag_js__WEBPACK_IMPORTED_MODULE_5__/* .WRAPPER_FLAG */ .f} ${cmdQuote(real)} %*\r\nexit /b %ERRORLEVEL%\r\n`;
}
async function writeAtomically(file, content, mode) {
    const tmp = `${file}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomUUID)()}.tmp`;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.writeFile)(tmp, content, { mode, flag: 'wx' });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.chmod)(tmp, mode);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.rename)(tmp, file);
}
/** Writes the shims into dir; returns the files written. */
async function installWrapper(dir, name, real, windows, node = process.execPath, bundle = process.argv[1]) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.mkdir)(dir, { recursive: true });
    const files = [node_path__WEBPACK_IMPORTED_MODULE_4__.join(dir, name)];
    await writeAtomically(files[0], posixShim(node, bundle, real), 0o755);
    if (windows) {
        files.push(node_path__WEBPACK_IMPORTED_MODULE_4__.join(dir, `${name}.cmd`));
        await writeAtomically(files[1], windowsShim(node, bundle, real), 0o755);
    }
    return files;
}
/** Keeps the first `limit` bytes of a stream while counting all of it. */
class Capture {
    limit;
    chunks = [];
    kept = 0;
    total = 0;
    constructor(limit) {
        this.limit = limit;
    }
    add(chunk) {
        this.total += chunk.length;
        if (this.kept < this.limit) {
            const part = chunk.subarray(0, this.limit - this.kept);
            this.chunks.push(part);
            this.kept += part.length;
        }
    }
    text() {
        let text = Buffer.concat(this.chunks).toString('utf8');
        if (this.total > this.kept)
            text += `\n[setup-terraform: output truncated to the first ${this.kept} of ${this.total} bytes (GitHub's output size limit)]`;
        return text;
    }
}
/** Appends outputs in the runner's heredoc format; a random delimiter cannot occur in the value. */
function writeOutputs(values, env = process.env) {
    const file = env.GITHUB_OUTPUT;
    if (!file)
        return; // outside a runner: never print `::set-output` into the wrapped stdout
    let text = '';
    for (const [name, value] of Object.entries(values)) {
        const delimiter = `ghadelimiter_${(0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomUUID)()}`;
        text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    }
    (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.appendFileSync)(file, text);
}
function write(stream, chunk, child) {
    // Backpressure: pause the child's pipes while our own output drains.
    if (!stream.write(chunk)) {
        child.stdout.pause();
        child.stderr.pause();
        stream.once('drain', () => {
            child.stdout.resume();
            child.stderr.resume();
        });
    }
}
/** Runs the real binary with args; resolves to the exit code this process should exit with. */
function runWrapped(real, args, limit = OUTPUT_LIMIT) {
    return new Promise((resolve) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(real, args, { stdio: ['inherit', 'pipe', 'pipe'], windowsHide: true });
        const out = new Capture(limit);
        const err = new Capture(limit);
        child.stdout.on('data', (chunk) => {
            out.add(chunk);
            write(process.stdout, chunk, child);
        });
        child.stderr.on('data', (chunk) => {
            err.add(chunk);
            write(process.stderr, chunk, child);
        });
        const forward = (signal) => () => child.kill(signal);
        const onInt = forward('SIGINT');
        const onTerm = forward('SIGTERM');
        process.on('SIGINT', onInt);
        process.on('SIGTERM', onTerm);
        child.on('error', (e) => {
            process.stderr.write(`setup-terraform wrapper: cannot run ${real}: ${e.message}\n`);
            writeOutputs({ stdout: '', stderr: e.message, exitcode: '127' });
            resolve(127);
        });
        child.on('close', (code, signal) => {
            process.off('SIGINT', onInt);
            process.off('SIGTERM', onTerm);
            // A child killed by a signal exits as a shell would report it: 128 + the signal number.
            const signals = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
            const exitCode = code ?? 128 + (signal ? (signals[signal] ?? 0) : 0);
            writeOutputs({ stdout: out.text(), stderr: err.text(), exitcode: String(exitCode) });
            resolve(exitCode);
        });
    });
}


/***/ })

};
