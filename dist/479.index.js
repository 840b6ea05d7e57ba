export const id = 479;
export const ids = [479];
export const modules = {

/***/ 40:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ setPhase),
/* harmony export */   Bj: () => (/* binding */ cancelSignal),
/* harmony export */   KW: () => (/* binding */ cancelled),
/* harmony export */   Wz: () => (/* binding */ cancelMessage),
/* harmony export */   cc: () => (/* binding */ CancelledError),
/* harmony export */   gg: () => (/* binding */ handleCancelSignals),
/* harmony export */   pE: () => (/* binding */ markCancelReported)
/* harmony export */ });
/* unused harmony exports graceExitMessage, CHANGING_EXTRA_MS, cancel */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2488);
/* harmony import */ var _util_verbatim_log_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4004);
// Cancellation: the runner stops a cancelled job with SIGINT, then SIGTERM 7.5 s later,
// then SIGKILL. On the first signal every phase is told at once (one AbortSignal), child
// processes are killed with their process group (src/util/exec.ts), and the run ends
// with one error naming the phase it was in. A phase that cannot end by itself in time
// is cut short: the process exits after `graceMs` (5 s more for a patch or a rollback
// after a SIGINT) whatever is still pending.


/** Thrown by whatever a cancel interrupted; main reports it as `Cancelled during <phase>`. */
class CancelledError extends Error {
    name = 'CancelledError';
    phase;
    constructor(c) {
        super(cancelMessage(c));
        this.phase = c.phase;
    }
}
function cancelMessage(c) {
    return `Cancelled during ${c.phase} (${c.signal}).`;
}
/**
 * The phases that change the cluster, and what one cut short by the grace period may
 * leave there.
 */
const CUT_SHORT = new Map([
    [
        'patch',
        'dock2pod exited while its patch or apply was on its way: it may still reach the cluster, and nothing will roll it back.',
    ],
    [
        'rollback',
        'dock2pod exited before its rollback was answered: check the image the workloads run.',
    ],
]);
/** The error when the grace period ends the run, in `phaseAtExit` (not always the signal's). */
function graceExitMessage(c, phaseAtExit) {
    const left = CUT_SHORT.get(phaseAtExit);
    return left ? `${cancelMessage(c)} ${left}` : cancelMessage(c);
}
const controller = new AbortController();
let phase = 'start';
let cancellation;
let reported = false;
const installed = [];
/** Aborted on SIGINT/SIGTERM: pass it to fetch, watches, anything that waits. */
const cancelSignal = () => controller.signal;
/** The cancellation, once a signal came. */
const cancelled = () => cancellation;
/** Name the phase now running; a cancel reports it. */
function setPhase(name) {
    phase = name;
}
/** main has printed the cancel's error: the grace timer must not print another. */
function markCancelReported() {
    reported = true;
}
/**
 * Listen for SIGINT and SIGTERM (main only; post must finish its clean-up). The first
 * signal cancels; later ones are ignored, the grace timer already bounds the exit.
 */
function handleCancelSignals(opts = {}) {
    if (installed.length > 0)
        return;
    const graceMs = opts.graceMs ?? 1500;
    for (const signal of ['SIGINT', 'SIGTERM']) {
        const listener = () => cancel(signal, graceMs);
        process.on(signal, listener);
        installed.push({ signal, listener });
    }
}
/**
 * How much longer than `graceMs` a SIGINT lets a phase that is changing the cluster (a
 * patch or apply on its way, a rollback) finish: cut short, it leaves the workloads on
 * the new image with nothing to roll them back. The runner sends SIGINT first and
 * SIGTERM 7.5 s later, so 1.5 + 5 s fit. After a SIGTERM a SIGKILL may follow within
 * 2.5 s, so a SIGTERM gets `graceMs` alone.
 */
const CHANGING_EXTRA_MS = 5000;
/**
 * Cancel as a signal would. With `graceMs` (the signal listeners), the process exits
 * that long after (see CHANGING_EXTRA_MS), whatever is still running; without (tests),
 * it does not.
 */
function cancel(signal, graceMs) {
    if (cancellation)
        return;
    cancellation = { signal, phase };
    const c = cancellation;
    (0,_util_verbatim_log_js__WEBPACK_IMPORTED_MODULE_0__/* .infoVerbatim */ .Bz)(`Received ${signal} during ${c.phase}: stopping.`);
    controller.abort(new CancelledError(c));
    if (graceMs === undefined)
        return;
    // Whatever is still running when the grace period ends is cut short; the report is
    // printed here unless main already printed it.
    const expire = (ms, extendable) => {
        setTimeout(() => {
            if (extendable && signal === 'SIGINT' && CUT_SHORT.has(phase))
                return expire(CHANGING_EXTRA_MS, false);
            if (!reported)
                _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .setFailed */ .C1(graceExitMessage(c, phase));
            process.exit(_actions_core__WEBPACK_IMPORTED_MODULE_1__/* .ExitCode */ .yU.Failure);
        }, ms).unref();
    };
    expire(graceMs, true);
}
//# sourceMappingURL=cancel.js.map

/***/ }),

/***/ 7059:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   VB: () => (/* binding */ workspacePathKind),
/* harmony export */   oS: () => (/* binding */ workspaceRoot),
/* harmony export */   pI: () => (/* binding */ runFacts)
/* harmony export */ });
/* unused harmony export readEventPayload */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
// Facts of the workflow run (event, ref, commit, pull request) and the workspace as the
// inputs see it. Read from the runner's variables and the event payload directly:
// @actions/github's context lives in its main module beside Octokit, and loading that
// costs more of the action's start-up than the whole check needs.


function readEventPayload(path = process.env.GITHUB_EVENT_PATH) {
    if (!path || !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path))
        return {};
    try {
        return JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
    }
    catch {
        return {};
    }
}
function runFacts(env = process.env) {
    const payload = readEventPayload(env.GITHUB_EVENT_PATH);
    const pr = payload.pull_request;
    const server = env.GITHUB_SERVER_URL || 'https://github.com';
    const repository = env.GITHUB_REPOSITORY || undefined;
    return {
        eventName: env.GITHUB_EVENT_NAME ?? '',
        ref: env.GITHUB_REF ?? '',
        sha: env.GITHUB_SHA ?? '',
        ...(pr?.head?.sha ? { prHeadSha: pr.head.sha } : {}),
        ...(pr?.number && pr.base?.sha && pr.head?.sha
            ? { pullRequest: { number: pr.number, baseSha: pr.base.sha, headSha: pr.head.sha } }
            : {}),
        ...(repository ? { repository, sourceUrl: `${server}/${repository}` } : {}),
        ...(repository && env.GITHUB_RUN_ID
            ? { runUrl: `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` }
            : {}),
        pathKind: (path) => workspacePathKind(path, workspaceRoot(env), process.cwd()),
    };
}
/** The workspace: GITHUB_WORKSPACE, else the working directory (a local run). */
function workspaceRoot(env = process.env) {
    return env.GITHUB_WORKSPACE || process.cwd();
}
/** Whether `path` is `root` or below it. */
function inside(root, path) {
    const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(root, path);
    return rel === '' || (!rel.startsWith('..') && !(0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(rel));
}
/**
 * What `path` (relative to `cwd`, as the docker CLI reads it) is, once every symlink is
 * resolved: 'outside' when it, or what a link in it points at, is not under `workspace`;
 * else 'file', 'dir', or undefined when it does not exist.
 */
function workspacePathKind(path, workspace, cwd) {
    let root;
    try {
        root = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(workspace);
    }
    catch {
        root = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workspace);
    }
    const lexical = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(cwd, path);
    if (!inside((0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workspace), lexical) && !inside(root, lexical))
        return 'outside';
    let real;
    try {
        real = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(lexical);
    }
    catch {
        // Missing, unreadable, or a link to nowhere: nothing docker could read either.
        return undefined;
    }
    if (!inside(root, real))
        return 'outside';
    return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(real).isDirectory() ? 'dir' : 'file';
}
//# sourceMappingURL=facts.js.map

/***/ }),

/***/ 8175:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ko: () => (/* binding */ readInputs),
/* harmony export */   TL: () => (/* binding */ parseInputs),
/* harmony export */   dz: () => (/* binding */ InputError)
/* harmony export */ });
/* unused harmony exports INPUT_NAMES, DEFAULTS, splitList, splitKeyValueList, parseBoolean, deriveTag, parseWorkloadLine */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2488);
/* harmony import */ var _image_reference_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7755);
/* harmony import */ var _util_bounds_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5152);
/* harmony import */ var _util_duration_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1081);
/* harmony import */ var _kube_workload_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1115);
// Every input is read here, once, into a typed settings object. Parsing is pure
// (`parseInputs` takes the raw strings and the workflow facts it needs), so a table
// of inputs → settings or error covers it; `readInputs` is the only place that calls
// core.getInput. A bad input fails here, before anything is built, pushed or patched.





class InputError extends Error {
    input;
    constructor(input, message) {
        super(`Input '${input}': ${message}`);
        this.input = input;
        this.name = 'InputError';
    }
}
/** Every input of action.yml, by its name there, in its order (__tests__/inputs.test.ts checks the copy). */
const INPUT_NAMES = [
    'mode',
    'dockerfile',
    'context',
    'registry',
    'image',
    'tag',
    'tags',
    'build-args',
    'labels',
    'target',
    'platforms',
    'cache-from',
    'cache-to',
    'secrets',
    'no-cache',
    'pull',
    'provenance',
    'sbom',
    'push',
    'username',
    'password',
    'image-ref',
    'deployment',
    'manifests',
    'force-conflicts',
    'namespace',
    'container',
    'kubeconfig',
    'kube-context',
    'timeout',
    'grace',
    'ready-grace',
    'soak',
    'rollback',
    'scope',
    'deny-tags',
    'allow-images',
    'built-images',
    'base-image-policy',
    'github-token',
];
/** The non-empty defaults of action.yml (checked by the same test; github-token's expression is the runner's to expand). */
const DEFAULTS = {
    mode: 'deploy',
    dockerfile: 'Dockerfile',
    context: '.',
    'no-cache': 'false',
    pull: 'false',
    push: 'true',
    timeout: '10m',
    grace: '0s',
    'ready-grace': '2m',
    soak: '0s',
    'force-conflicts': 'false',
    rollback: 'true',
    'base-image-policy': 'warn',
    'built-images': 'notice',
};
/** Inputs that only the check uses: an error in deploy mode. */
const CHECK_ONLY = ['scope', 'allow-images', 'built-images'];
/** Inputs that both modes read. */
const BOTH_MODES = ['mode', 'deny-tags', 'github-token'];
/** Inputs that only the build and deploy phases use: an error in check mode. */
const DEPLOY_ONLY = INPUT_NAMES.filter((n) => !CHECK_ONLY.includes(n) && !BOTH_MODES.includes(n));
/** The cluster's inputs, `namespace` to `rollback` in action.yml: an error when nothing is deployed. */
const CLUSTER_INPUTS = INPUT_NAMES.slice(INPUT_NAMES.indexOf('namespace'), INPUT_NAMES.indexOf('rollback') + 1);
/** Split a list input on newlines (and commas where the input allows them); trims, drops blanks. */
function splitList(value, opts = {}) {
    return value
        .split(opts.commas ? /[\n,]/ : /\n/)
        .map((s) => s.trim())
        .filter((s) => s !== '' && !s.startsWith('#'));
}
/**
 * Split a `KEY=VALUE` list input, one entry per line, each line verbatim. A line that
 * starts with `"` is a quoted entry, as docker/build-push-action's CSV lists read it: it
 * runs to the closing quote, may span lines, and `""` inside stands for one `"`; so a
 * value can hold a newline. Throws on an unterminated quote.
 */
function splitKeyValueList(name, value) {
    const out = [];
    const lines = value.split('\n');
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i].trim();
        if (line === '' || line.startsWith('#'))
            continue;
        if (!line.startsWith('"')) {
            out.push(line);
            continue;
        }
        let text = lines[i].trimStart().slice(1);
        let entry = '';
        for (;;) {
            const m = /^((?:[^"]|"")*)"(?!")/.exec(text);
            if (m) {
                if (text.slice(m[0].length).trim() !== '')
                    throw new InputError(name, `text after the closing quote of "${entry + m[1]}".`);
                entry += m[1].replace(/""/g, '"');
                break;
            }
            entry += text.replace(/""/g, '"') + '\n';
            if (++i >= lines.length)
                throw new InputError(name, 'a quoted entry has no closing quote.');
            text = lines[i];
        }
        out.push(entry);
    }
    return out;
}
/** YAML 1.2 core booleans, as core.getBooleanInput accepts them. */
function parseBoolean(name, value) {
    if (['true', 'True', 'TRUE'].includes(value))
        return true;
    if (['false', 'False', 'FALSE'].includes(value))
        return false;
    throw new InputError(name, `"${value}" is not a boolean; use true or false.`);
}
// Kubernetes names: DNS-1123 label (namespaces, containers) and subdomain (deployments).
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
function checkDnsLabel(input, what, value) {
    if (value.length > 63 || !DNS_LABEL.test(value)) {
        throw new InputError(input, `${what} "${value}" is not a valid Kubernetes name (lowercase a-z, 0-9 and '-', at most 63, starting and ending with a letter or digit).`);
    }
}
function checkKeyValues(input, lines) {
    for (const line of lines) {
        const eq = line.indexOf('=');
        if (eq <= 0)
            throw new InputError(input, `"${line}" is not KEY=VALUE.`);
    }
}
function checkDuration(input, value, maxMs) {
    let ms;
    try {
        ms = (0,_util_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .parseDuration */ .E)(value);
    }
    catch (err) {
        throw new InputError(input, `${err.message}`);
    }
    if (ms > maxMs)
        throw new InputError(input, `"${value}" is longer than the ${maxMs / 3_600_000} h a job may run.`);
    return ms;
}
/** A semantic-version tag ref gives its tag; anything else the commit. */
function deriveTag(facts) {
    const m = /^refs\/tags\/(v?\d+\.\d+\.\d+(?:[-.][0-9A-Za-z.-]+)?)$/.exec(facts.ref);
    if (m && (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .isValidTag */ .r_)(m[1]))
        return m[1];
    const sha = facts.eventName.startsWith('pull_request') && facts.prHeadSha ? facts.prHeadSha : facts.sha;
    if (!/^[0-9a-f]{7,}$/i.test(sha ?? '')) {
        throw new InputError('tag', 'is empty and cannot be derived: the workflow gives no commit SHA (GITHUB_SHA). Set a version, e.g. tag: v1.2.3.');
    }
    return `sha-${sha.slice(0, 7).toLowerCase()}`;
}
function checkTag(input, tag, denyTags) {
    if (tag === 'latest')
        throw new InputError(input, `"latest" is not allowed; use a version or the commit SHA.`);
    if (!(0,_image_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .isValidTag */ .r_)(tag)) {
        throw new InputError(input, `"${tag}" is not a valid tag (up to 128 of A-Z a-z 0-9 _ . -, not starting with . or -).`);
    }
    if (denyTags.includes(tag))
        throw new InputError(input, `"${tag}" is refused by deny-tags; use a version or the commit SHA.`);
}
function parseRef(input, text) {
    try {
        return (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .parseImageReference */ .o_)(text);
    }
    catch (err) {
        if (err instanceof _image_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .ImageReferenceError */ .rI)
            throw new InputError(input, `"${text}" ${err.message}.`);
        throw err;
    }
}
/** Turn the raw inputs into settings, or throw one InputError naming the input. */
function parseInputs(raw, facts) {
    const given = (name) => raw[name] !== '' && raw[name] !== (DEFAULTS[name] ?? '');
    const mode = raw.mode;
    if (mode !== 'deploy' && mode !== 'check') {
        throw new InputError('mode', `"${mode}" is not a mode; use deploy or check.`);
    }
    const denyTags = splitList(raw['deny-tags'], { commas: true });
    for (const t of denyTags) {
        if (!(0,_image_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .isValidTag */ .r_)(t))
            throw new InputError('deny-tags', `"${t}" is not a valid tag.`);
    }
    const baseImagePolicy = raw['base-image-policy'];
    if (baseImagePolicy !== 'warn' && baseImagePolicy !== 'error') {
        throw new InputError('base-image-policy', `"${baseImagePolicy}" is not a policy; use warn or error.`);
    }
    const githubToken = raw['github-token'];
    if (mode === 'check') {
        const stray = DEPLOY_ONLY.find(given);
        if (stray)
            throw new InputError(stray, `is set, but mode is check: the check builds and deploys nothing. Remove it, or use mode: deploy.`);
        const scope = raw.scope || (facts.eventName.startsWith('pull_request') ? 'changed' : 'all');
        if (scope !== 'changed' && scope !== 'all')
            throw new InputError('scope', `"${scope}" is not a scope; use changed or all.`);
        const builtImages = raw['built-images'] || 'notice';
        if (builtImages !== 'notice' && builtImages !== 'error')
            throw new InputError('built-images', `"${builtImages}" is not a level; use notice or error.`);
        return {
            mode,
            check: {
                scope,
                denyTags,
                allowImages: splitList(raw['allow-images'], { commas: true }),
                builtImages,
                githubToken,
            },
            denyTags,
            baseImagePolicy,
            githubToken,
        };
    }
    const strayCheck = CHECK_ONLY.find(given);
    if (strayCheck)
        throw new InputError(strayCheck, `is set, but mode is deploy: it belongs to mode: check.`);
    // Deploy-only: a reference to roll out, nothing to build.
    let imageRef;
    let imageRefLogin;
    let build;
    const push = parseBoolean('push', raw.push);
    if (raw['image-ref'] !== '') {
        for (const other of [
            'dockerfile',
            'image',
            'tag',
            'tags',
            'build-args',
            'target',
            'context',
        ]) {
            if (given(other))
                throw new InputError(other, `is set together with image-ref: image-ref deploys an image without building one. Remove one of them.`);
        }
        imageRef = parseRef('image-ref', raw['image-ref']);
        if (!imageRef.tag && !imageRef.digest) {
            throw new InputError('image-ref', `"${raw['image-ref']}" has neither a tag nor a digest; an untagged reference means :latest. Give a version or a digest.`);
        }
        if (imageRef.tag && !imageRef.digest)
            checkTag('image-ref', imageRef.tag, denyTags);
        imageRefLogin = parseLogin(raw, imageRef.registry);
    }
    else {
        build = parseBuild(raw, facts, denyTags, push, given);
    }
    let deploy;
    const deployments = splitList(raw.deployment).map(parseWorkloadLine);
    const manifests = splitList(raw.manifests);
    for (const m of manifests) {
        // Globs are expanded (and each match checked) when read; a plain path is checked now.
        if (/[*?[{]/.test(m))
            continue;
        const kind = facts.pathKind(m);
        if (kind === 'outside')
            throw new InputError('manifests', `"${(0,_util_bounds_js__WEBPACK_IMPORTED_MODULE_1__/* .cut */ .Jj)(m, 200)}" is outside the workspace (GITHUB_WORKSPACE), or a symlink to something outside it; give a path inside the repository.`);
        if (kind === undefined)
            throw new InputError('manifests', `"${(0,_util_bounds_js__WEBPACK_IMPORTED_MODULE_1__/* .cut */ .Jj)(m, 200)}" is not a file or folder in the workspace.`);
    }
    const forceConflicts = parseBoolean('force-conflicts', raw['force-conflicts']);
    if (forceConflicts && manifests.length === 0)
        throw new InputError('force-conflicts', `is true, but manifests is empty: it only applies to manifests. Remove it, or give manifests.`);
    if (deployments.length > 0 || manifests.length > 0) {
        if (!push && build)
            throw new InputError('push', `is false, but ${deployments.length ? 'deployment' : 'manifests'} is set: a cluster can only pull an image that was pushed.`);
        const namespace = raw.namespace;
        if (namespace)
            checkDnsLabel('namespace', 'namespace', namespace);
        const container = raw.container;
        if (container && container !== '*')
            checkDnsLabel('container', 'container', container);
        const timeoutMs = checkDuration('timeout', raw.timeout, 6 * 3_600_000);
        if (timeoutMs <= 0)
            throw new InputError('timeout', `"${raw.timeout}" must be longer than 0s.`);
        deploy = {
            deployments,
            manifests,
            forceConflicts,
            namespace,
            container,
            kubeconfig: raw.kubeconfig,
            kubeContext: raw['kube-context'],
            timeoutMs,
            graceMs: checkDuration('grace', raw.grace, 6 * 3_600_000),
            readyGraceMs: checkDuration('ready-grace', raw['ready-grace'], 6 * 3_600_000),
            soakMs: checkDuration('soak', raw.soak, 6 * 3_600_000),
            rollback: parseBoolean('rollback', raw.rollback),
        };
    }
    else {
        if (imageRef)
            throw new InputError('image-ref', `is set but deployment is empty, and so is manifests: there is nothing to deploy it to.`);
        for (const name of CLUSTER_INPUTS) {
            if (given(name))
                throw new InputError(name, `is set, but deployment is empty, and so is manifests: nothing is deployed. Name a deployment, or remove it.`);
        }
    }
    return {
        mode,
        ...(build ? { build } : {}),
        ...(imageRef ? { imageRef } : {}),
        ...(imageRefLogin ? { imageRefLogin } : {}),
        ...(deploy ? { deploy } : {}),
        denyTags,
        baseImagePolicy,
        githubToken,
    };
}
/**
 * One line of `deployment`: `name`, `namespace/name`, `kind/name` or
 * `namespace/kind/name`. A first part of two that is a workload kind (`sts`, `daemonset`,
 * …) names the kind, else the namespace.
 */
function parseWorkloadLine(line) {
    const form = `"${line}" is not name, namespace/name, kind/name or namespace/kind/name (kind: deployment, statefulset or sts, daemonset or ds).`;
    const parts = line.split('/');
    if (parts.length > 3 || parts.some((p) => p === ''))
        throw new InputError('deployment', form);
    let ns;
    let kind = 'Deployment';
    const name = parts[parts.length - 1];
    if (parts.length === 3) {
        ns = parts[0];
        const k = (0,_kube_workload_js__WEBPACK_IMPORTED_MODULE_3__/* .workloadKindOf */ .zM)(parts[1]);
        if (!k)
            throw new InputError('deployment', `${form} "${parts[1]}" is not a workload kind.`);
        kind = k;
    }
    else if (parts.length === 2) {
        const k = (0,_kube_workload_js__WEBPACK_IMPORTED_MODULE_3__/* .workloadKindOf */ .zM)(parts[0]);
        if (k)
            kind = k;
        else
            ns = parts[0];
    }
    if (ns !== undefined)
        checkDnsLabel('deployment', 'namespace', ns);
    if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
        throw new InputError('deployment', `"${name}" is not a valid ${kind} name (lowercase a-z, 0-9, '-' and '.').`);
    }
    return { ...(ns !== undefined ? { namespace: ns } : {}), kind, name };
}
/** `username` and `password`: both or neither, for the registry of the image. */
function parseLogin(raw, registry) {
    if (raw.username === '' && raw.password === '')
        return undefined;
    if (raw.username === '')
        throw new InputError('username', 'is empty but password is set; give both or neither.');
    if (raw.password === '')
        throw new InputError('password', 'is empty but username is set; give both or neither.');
    return { registry, username: raw.username, password: raw.password };
}
function parseBuild(raw, facts, denyTags, push, given) {
    const registry = raw.registry;
    if (registry) {
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(registry)) {
            throw new InputError('registry', `"${registry}" has a scheme; give the host alone, e.g. ${registry.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/')[0]}.`);
        }
        if (registry.includes('/'))
            throw new InputError('registry', `"${registry}" has a path; give the host (and port) alone, and the path in image.`);
        if (!(0,_image_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .isValidRegistryHost */ .wv)(registry))
            throw new InputError('registry', `"${registry}" is not a host with an optional port.`);
    }
    let tags;
    let tagDerived = false;
    if (raw.tags !== '') {
        for (const other of ['registry', 'image', 'tag']) {
            if (given(other))
                throw new InputError('tags', `is given together with ${other}: use either full references in tags, or registry/image/tag.`);
        }
        tags = splitList(raw.tags).map((line) => {
            const ref = parseRef('tags', line);
            if (ref.digest)
                throw new InputError('tags', `"${line}" has a digest; a pushed tag cannot name one.`);
            if (ref.tag === undefined)
                throw new InputError('tags', `"${line}" has no tag, which means :latest; give a version.`);
            checkTag('tags', ref.tag, denyTags);
            return ref;
        });
    }
    else {
        const image = raw.image;
        if (image === '')
            throw new InputError('image', `is required to build: give the repository path, e.g. acme/app (or full references in tags, or image-ref to deploy without building).`);
        if (/[:@]/.test(image))
            throw new InputError('image', `"${image}" has a tag or digest; give the repository path alone and the version in tag.`);
        const problem = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .repositoryProblem */ .Ki)(image);
        if (problem)
            throw new InputError('image', `"${image}" ${problem}.`);
        if (!registry && image.split('/')[0].includes('.')) {
            throw new InputError('image', `"${image}" starts with a host; give the host in registry and the path in image.`);
        }
        let names = splitList(raw.tag, { commas: true });
        if (names.length === 0) {
            if (raw.tag.trim() !== '')
                throw new InputError('tag', 'has no tag in it.');
            names = [deriveTag(facts)];
            tagDerived = true;
        }
        for (const t of names)
            checkTag('tag', t, denyTags);
        tags = [...new Set(names)].map((tag) => ({ registry, repository: image, tag }));
    }
    const dockerfile = raw.dockerfile;
    const context = raw.context;
    const remoteContext = /^(https?:\/\/|git@|git:\/\/)/.test(context);
    // Nothing outside the workspace is read: not through `..`, an absolute path or a
    // symlink. The error quotes the input, never a byte of what it points at.
    const outside = (input, value) => new InputError(input, `"${(0,_util_bounds_js__WEBPACK_IMPORTED_MODULE_1__/* .cut */ .Jj)(value, 200)}" is outside the workspace (GITHUB_WORKSPACE), or a symlink to something outside it; give a path inside the repository.`);
    if (!remoteContext) {
        const kind = facts.pathKind(context);
        if (kind === 'outside')
            throw outside('context', context);
        if (kind !== 'dir')
            throw new InputError('context', `"${(0,_util_bounds_js__WEBPACK_IMPORTED_MODULE_1__/* .cut */ .Jj)(context, 200)}" is not a directory in the workspace.`);
    }
    // A relative Dockerfile is looked up as the docker CLI does: from the working directory.
    // With a remote context it names a file of that repository, but the base-image check
    // and a build error read it here when it exists: the same bounds apply.
    const dockerfileKind = facts.pathKind(dockerfile);
    if (dockerfileKind === 'outside')
        throw outside('dockerfile', dockerfile);
    if (!remoteContext && dockerfileKind !== 'file') {
        throw new InputError('dockerfile', `"${(0,_util_bounds_js__WEBPACK_IMPORTED_MODULE_1__/* .cut */ .Jj)(dockerfile, 200)}" is not a file in the workspace.`);
    }
    const buildArgs = splitKeyValueList('build-args', raw['build-args']);
    checkKeyValues('build-args', buildArgs);
    const labels = splitKeyValueList('labels', raw.labels);
    checkKeyValues('labels', labels);
    const secrets = splitKeyValueList('secrets', raw.secrets);
    checkKeyValues('secrets', secrets);
    for (const s of secrets) {
        // The id goes into `--secret id=…,env=…`: a comma or '=' in it would add fields.
        const id = s.slice(0, s.indexOf('='));
        if (!/^[A-Za-z0-9_.-]+$/.test(id))
            throw new InputError('secrets', `the id "${id.slice(0, 64)}" may hold only A-Z a-z 0-9 _ . - (the value after '=' is free).`);
    }
    const platforms = splitList(raw.platforms, { commas: true });
    for (const p of platforms) {
        if (!/^[a-z0-9_]+\/[a-z0-9_]+(\/[a-z0-9_.]+)?$/.test(p))
            throw new InputError('platforms', `"${p}" is not os/arch[/variant], e.g. linux/amd64.`);
    }
    if (raw.target !== '' && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(raw.target)) {
        throw new InputError('target', `"${raw.target}" is not a stage name.`);
    }
    const login = parseLogin(raw, tags[0].registry);
    const first = tags[0];
    return {
        dockerfile,
        context,
        tags,
        imageName: `${first.registry ? `${first.registry}/` : ''}${first.repository}`,
        tagDerived,
        buildArgs,
        labels,
        target: raw.target,
        platforms,
        cacheFrom: splitList(raw['cache-from']),
        cacheTo: splitList(raw['cache-to']),
        secrets,
        noCache: parseBoolean('no-cache', raw['no-cache']),
        pull: parseBoolean('pull', raw.pull),
        provenance: raw.provenance,
        sbom: raw.sbom,
        push,
        ...(login ? { login } : {}),
    };
}
/**
 * Read every input through @actions/core. Secrets are masked first, so no error message
 * built from them can print them.
 */
function readInputs() {
    for (const secret of ['password', 'github-token', 'kubeconfig']) {
        const v = _actions_core__WEBPACK_IMPORTED_MODULE_4__/* .getInput */ .V4(secret);
        if (v)
            _actions_core__WEBPACK_IMPORTED_MODULE_4__/* .setSecret */ .Pq(v);
    }
    const raw = {};
    for (const name of INPUT_NAMES)
        raw[name] = _actions_core__WEBPACK_IMPORTED_MODULE_4__/* .getInput */ .V4(name, { trimWhitespace: name !== 'password' });
    // Each secret's value is masked by setSecret above; a secret build value too.
    for (const line of splitKeyValueList('secrets', raw.secrets)) {
        const v = line.slice(line.indexOf('=') + 1);
        if (v)
            _actions_core__WEBPACK_IMPORTED_MODULE_4__/* .setSecret */ .Pq(v);
    }
    return raw;
}
//# sourceMappingURL=inputs.js.map

/***/ }),

/***/ 1115:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RX: () => (/* binding */ hasLabel),
/* harmony export */   _5: () => (/* binding */ newPodLabel),
/* harmony export */   aA: () => (/* binding */ CONTROLLER_REVISION_HASH),
/* harmony export */   bA: () => (/* binding */ RESOURCE_OF),
/* harmony export */   i6: () => (/* binding */ WORKLOAD_KINDS),
/* harmony export */   kS: () => (/* binding */ selectorMatcher),
/* harmony export */   lg: () => (/* binding */ unrollable),
/* harmony export */   nj: () => (/* binding */ sharedSelector),
/* harmony export */   xU: () => (/* binding */ podsWithLabel),
/* harmony export */   zM: () => (/* binding */ workloadKindOf)
/* harmony export */ });
/* unused harmony exports DAEMONSET_GENERATION_ANNOTATION, DAEMONSET_GENERATION_LABEL */
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];
const RESOURCE_OF = {
    Deployment: 'deployments',
    StatefulSet: 'statefulsets',
    DaemonSet: 'daemonsets',
};
/** The words `kubectl` accepts for each kind (singular, plural, short name). */
const KIND_WORDS = {
    deployment: 'Deployment',
    deployments: 'Deployment',
    deploy: 'Deployment',
    statefulset: 'StatefulSet',
    statefulsets: 'StatefulSet',
    sts: 'StatefulSet',
    daemonset: 'DaemonSet',
    daemonsets: 'DaemonSet',
    ds: 'DaemonSet',
};
/** The kind a word of the `deployment` input names, or undefined (then it is a namespace). */
function workloadKindOf(word) {
    return Object.hasOwn(KIND_WORDS, word) ? KIND_WORDS[word] : undefined;
}
/** The label the StatefulSet and DaemonSet controllers put on every Pod they create. */
const CONTROLLER_REVISION_HASH = 'controller-revision-hash';
/** The DaemonSet's template generation, on the DaemonSet as an annotation, on its Pods as a label. */
const DAEMONSET_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';
const DAEMONSET_GENERATION_LABEL = 'pod-template-generation';
/**
 * The label (`key=value`) the Pods of the workload's current template carry, once the
 * controller has observed it; the Deployment's is its new ReplicaSet's hash, found by
 * the caller.
 * - StatefulSet: `controller-revision-hash` is the ControllerRevision's name, which
 *   `status.updateRevision` names (the StatefulSet controller's own test of a Pod).
 * - DaemonSet: the controller's IsPodUpdated accepts a Pod whose `pod-template-generation`
 *   equals the DaemonSet's `deprecated.daemonset.template.generation` annotation, which the
 *   API server raises with every template change; no ControllerRevision needs reading.
 */
function newPodLabel(kind, w) {
    if (kind === 'StatefulSet') {
        const rev = w.status?.updateRevision;
        return rev ? `${CONTROLLER_REVISION_HASH}=${rev}` : undefined;
    }
    if (kind === 'DaemonSet') {
        const gen = w.metadata.annotations?.[DAEMONSET_GENERATION_ANNOTATION];
        return gen ? `${DAEMONSET_GENERATION_LABEL}=${gen}` : undefined;
    }
    return undefined;
}
/**
 * A test of whether an object's labels match a label selector, as the API server's
 * `labelSelector` does (`matchLabels` and `matchExpressions` all hold; an empty selector
 * matches everything; `NotIn` holds where the key is absent). For watches shared by
 * several waits, each wait picks out what its own selector would have listed.
 */
function selectorMatcher(sel) {
    const pairs = Object.entries(sel?.matchLabels ?? {});
    const exprs = sel?.matchExpressions ?? [];
    return (labels = {}) => pairs.every(([k, v]) => labels[k] === v) &&
        exprs.every((e) => {
            const has = Object.hasOwn(labels, e.key);
            const listed = has && (e.values ?? []).includes(labels[e.key]);
            if (e.operator === 'In')
                return listed;
            if (e.operator === 'NotIn')
                return !listed;
            if (e.operator === 'Exists')
                return has;
            if (e.operator === 'DoesNotExist')
                return !has;
            return false;
        });
}
/**
 * One `labelSelector` that every given selector's objects pass: `key in (v1,v2,…)` on a
 * `matchLabels` key all of them require (the first such key, by name), or '' (the whole
 * namespace) when they share none. A superset: each wait still applies its own selector.
 */
function sharedSelector(selectors) {
    const keys = selectors.map((s) => new Set(Object.keys(s?.matchLabels ?? {})));
    const key = [...(keys[0] ?? [])].sort().find((k) => keys.every((ks) => ks.has(k)));
    if (key === undefined)
        return '';
    const values = [...new Set(selectors.map((s) => s.matchLabels[key]))].sort();
    return `${key} in (${values.join(',')})`;
}
/** A test of whether a Pod carries `label` (`key=value`). */
function hasLabel(label) {
    const eq = label.indexOf('=');
    const key = label.slice(0, eq);
    const value = label.slice(eq + 1);
    return (p) => p.metadata.labels?.[key] === value;
}
/** The Pods that carry `label` (`key=value`), are controlled by `w` and not going away. */
function podsWithLabel(w, label, pods) {
    const labelled = hasLabel(label);
    return pods.filter((p) => {
        if (p.metadata.deletionTimestamp || !labelled(p))
            return false;
        const owner = p.metadata.ownerReferences?.find((r) => r.controller);
        return !owner?.uid || !w.metadata.uid || owner.uid === w.metadata.uid;
    });
}
/**
 * Why a rollout of this workload could never happen, as the sentence of an input error;
 * undefined when it can. Checked before anything is built.
 */
function unrollable(kind, w) {
    const id = `${kind} ${w.metadata.namespace ?? ''}/${w.metadata.name ?? ''}`;
    if (kind === 'Deployment' && w.spec?.paused) {
        const ns = w.metadata.namespace ?? 'default';
        return `${id} is paused (spec.paused): a new image would not roll out. Resume it first (kubectl rollout resume deployment/${w.metadata.name ?? ''} --namespace ${ns}), or leave it out of deployment.`;
    }
    if (kind !== 'Deployment' && w.spec?.updateStrategy?.type === 'OnDelete')
        return `${id} has updateStrategy OnDelete: its Pods only change when someone deletes them, so a new image would not roll out. Use the RollingUpdate strategy, or remove it from the input.`;
    return undefined;
}
//# sourceMappingURL=workload.js.map

/***/ }),

/***/ 9479:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2488);
/* harmony import */ var _cancel_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(40);
/* harmony import */ var _facts_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7059);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8175);
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8801);
/* harmony import */ var _report_annotated_error_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4948);
/* harmony import */ var _report_publish_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(17);
// Wiring only: inputs → mode → phases → report. Every phase lives in its own module
// and is loaded only when the run needs it (the Kubernetes client is heavy; a check
// run never loads it).







async function run() {
    const started = performance.now();
    (0,_state_js__WEBPACK_IMPORTED_MODULE_3__/* .markMainStarted */ .UM)();
    (0,_cancel_js__WEBPACK_IMPORTED_MODULE_0__/* .handleCancelSignals */ .gg)();
    try {
        const facts = (0,_facts_js__WEBPACK_IMPORTED_MODULE_1__/* .runFacts */ .pI)();
        const settings = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .parseInputs */ .TL)((0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .readInputs */ .Ko)(), facts);
        if (settings.mode === 'check')
            await runCheckMode(settings, facts);
        else
            await runDeployMode(settings, facts);
    }
    catch (err) {
        fail(err);
    }
    finally {
        (0,_report_publish_js__WEBPACK_IMPORTED_MODULE_5__/* .publishDuration */ .Ir)((performance.now() - started) / 1000);
    }
}
async function runCheckMode(settings, facts) {
    const { runCheck } = await Promise.all(/* import() */[__webpack_require__.e(839), __webpack_require__.e(815), __webpack_require__.e(995), __webpack_require__.e(660)]).then(__webpack_require__.bind(__webpack_require__, 3660));
    await runCheck(settings.check, facts);
}
async function runDeployMode(settings, facts) {
    // Everything that can be refused is refused before anything is built or pushed.
    // First the Dockerfile about to be built, under the check's policy: a mutable base is
    // a warning on its line, or (base-image-policy: error) a failure.
    if (settings.build) {
        const { checkBaseImages } = await Promise.all(/* import() */[__webpack_require__.e(839), __webpack_require__.e(995), __webpack_require__.e(630)]).then(__webpack_require__.bind(__webpack_require__, 630));
        await checkBaseImages(settings.build.dockerfile, {
            mode: settings.baseImagePolicy,
            denyTags: settings.denyTags,
            buildArgs: settings.build.buildArgs,
        });
    }
    // Then the cluster: every deployment and container must exist.
    const kube = settings.deploy ? await __webpack_require__.e(/* import() */ 920).then(__webpack_require__.bind(__webpack_require__, 5920)) : undefined;
    const plan = kube
        ? await kube.prepareDeploy(settings.deploy, settings.build?.tags[0] ?? settings.imageRef)
        : undefined;
    const build = await Promise.all(/* import() */[__webpack_require__.e(839), __webpack_require__.e(529), __webpack_require__.e(927)]).then(__webpack_require__.bind(__webpack_require__, 7927));
    const image = settings.build
        ? await build.buildAndPush(settings.build, facts)
        : await build.resolveImageRef(settings.imageRef, settings.imageRefLogin);
    if (kube && plan)
        await kube.rollOut(plan, image, facts);
}
/** Any thrown value becomes one error line and exit code 1. */
function fail(err) {
    // A cancel ends whatever ran with some error; the one to report is the cancel's.
    const cancel = (0,_cancel_js__WEBPACK_IMPORTED_MODULE_0__/* .cancelled */ .KW)();
    if (cancel) {
        (0,_cancel_js__WEBPACK_IMPORTED_MODULE_0__/* .markCancelReported */ .pE)();
        _actions_core__WEBPACK_IMPORTED_MODULE_6__/* .setFailed */ .C1((0,_cancel_js__WEBPACK_IMPORTED_MODULE_0__/* .cancelMessage */ .Wz)(cancel));
        return;
    }
    if (err instanceof _inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz) {
        _actions_core__WEBPACK_IMPORTED_MODULE_6__/* .setFailed */ .C1(err.message);
        return;
    }
    if (err instanceof _report_annotated_error_js__WEBPACK_IMPORTED_MODULE_4__/* .AnnotatedError */ .X) {
        // Its one error annotation points at the user's file and line.
        _actions_core__WEBPACK_IMPORTED_MODULE_6__/* .error */ .z3(err.message, err.annotation);
        process.exitCode = _actions_core__WEBPACK_IMPORTED_MODULE_6__/* .ExitCode */ .yU.Failure;
        return;
    }
    const message = err instanceof Error ? err.message : typeof err === 'string' ? err : JSON.stringify(err);
    _actions_core__WEBPACK_IMPORTED_MODULE_6__/* .setFailed */ .C1(message || 'dock2pod failed without a message');
    if (err instanceof Error && err.stack && _actions_core__WEBPACK_IMPORTED_MODULE_6__/* .isDebug */ ._o())
        _actions_core__WEBPACK_IMPORTED_MODULE_6__/* .debug */ .Yz(err.stack);
}
//# sourceMappingURL=main.js.map

/***/ }),

/***/ 4948:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ AnnotatedError)
/* harmony export */ });
class AnnotatedError extends Error {
    name = 'AnnotatedError';
    annotation;
    constructor(message, annotation) {
        super(message);
        this.annotation = annotation;
    }
}
//# sourceMappingURL=annotated-error.js.map

/***/ }),

/***/ 17:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  OO: () => (/* binding */ publishBuild),
  kr: () => (/* binding */ publishCheck),
  DU: () => (/* binding */ publishDeploy),
  Ir: () => (/* binding */ publishDuration),
  N0: () => (/* binding */ publishImage)
});

// EXTERNAL MODULE: ./build/node_modules/@actions/core/lib/core.js + 5 modules
var core = __webpack_require__(2488);
;// CONCATENATED MODULE: ./build/report/build-summary.js
// The job-summary section of a build: rendered here as pure Markdown, written by
// publish.ts.
/** 1536 → `1.5 KiB`. */
function formatBytes(n) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = n;
    let u = 0;
    while (v >= 1024 && u < units.length - 1) {
        v /= 1024;
        u++;
    }
    return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`;
}
// Markdown table cells: a '|' or a newline would break the row.
const cell = (s) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s) => `\`${cell(s).replace(/`/g, "'")}\``;
function renderBuildSummary(r) {
    const rows = [
        ['Image', code(r.image)],
        ['Tags', r.tags.map(code).join('<br>')],
        ['Digest', r.digest ? code(r.digest) : r.pushed ? '' : '_not pushed_'],
        ['Size', r.sizeBytes !== undefined ? formatBytes(r.sizeBytes) : '_unknown_'],
        [
            'Build time',
            `${r.buildSeconds.toFixed(1)} s (${r.builder}${r.pushedOnSecondAttempt ? '; pushed on the second attempt' : ''})`,
        ],
    ];
    return [
        `### Image ${r.pushed ? 'built and pushed' : 'built'}`,
        '',
        '| | |',
        '|---|---|',
        ...rows.map(([k, v]) => `| ${k} | ${v} |`),
        '',
    ].join('\n');
}
//# sourceMappingURL=build-summary.js.map
// EXTERNAL MODULE: ./build/util/bounds.js
var bounds = __webpack_require__(5152);
;// CONCATENATED MODULE: ./build/report/check-summary.js

/** Plural of each kind and skip reason: `2 Kubernetes manifests`, `568 Helm templates`. */
const PLURAL = {
    Dockerfile: 'Dockerfiles',
    workflow: 'workflows',
    'action metadata': 'action metadata files',
    kustomization: 'kustomizations',
    'kustomize Component': 'kustomize Components',
    'Kubernetes manifest': 'Kubernetes manifests',
    'compose file': 'compose files',
    'Helm values': 'Helm values files',
    'Helm template': 'Helm templates',
    'Helm Chart.yaml': 'Helm Chart.yaml files',
    'Skaffold config': 'Skaffold configs',
    'YAML file with no image field the check reads': 'YAML files with no image field the check reads',
};
function counted(counts) {
    return Object.entries(counts)
        .map(([k, n]) => `${n} ${n === 1 ? k : (PLURAL[k] ?? k)}`)
        .join(', ');
}
/** `Checked 7 files (all files): 2 Kubernetes manifests, …. Skipped 568: 568 Helm templates.` */
function renderFileCounts(meta) {
    const n = meta.checkedTotal;
    let out = `Checked ${n} file${n === 1 ? '' : 's'} (${meta.source})`;
    out += n > 0 ? `: ${counted(meta.checked)}.` : '.';
    if (meta.skippedTotal > 0)
        out += ` Skipped ${meta.skippedTotal}: ${counted(meta.skipped)}.`;
    return out;
}
const WHY = {
    untagged: 'no tag (means :latest)',
    latest: ':latest is mutable',
    'denied-tag': 'tag refused by deny-tags',
    unresolved: 'cannot be resolved from the file',
    invalid: 'not an image reference',
};
const ICON = { error: '❌', warning: '⚠️', notice: 'ℹ️' };
/** A table cell: no line breaks, `|` escaped, code spans without backticks inside. */
function check_summary_cell(text) {
    return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}
function check_summary_code(text) {
    return `\`${check_summary_cell(text).replace(/`/g, "'")}\``;
}
function renderCheckSummary(findings, meta) {
    const errors = findings.filter((f) => f.severity === 'error');
    const warnings = findings.filter((f) => f.severity === 'warning');
    const notices = findings.filter((f) => f.severity === 'notice');
    const lines = ['## dock2pod check: mutable image references', ''];
    lines.push(`${renderFileCounts(meta)} ` +
        (errors.length === 0
            ? 'No `:latest` or untagged image.'
            : `**${errors.length} image reference${errors.length === 1 ? '' : 's'} to pin**.`) +
        (warnings.length > 0
            ? ` ${warnings.length} reference${warnings.length === 1 ? '' : 's'} could not be checked.`
            : '') +
        (notices.length > 0
            ? ` ${notices.length} image${notices.length === 1 ? '' : 's'} built by the repository itself (notices; \`built-images: error\` fails on them).`
            : ''));
    if (findings.length === 0)
        return `${lines.join('\n')}\n`;
    lines.push('', '| | file | line | image | why | suggested fix |', '|---|---|---|---|---|---|');
    for (const f of findings) {
        const fix = f.digest
            ? `pin the digest: ${check_summary_code(`${f.image.split('@')[0]}@${f.digest}`)}`
            : check_summary_cell(f.fix);
        lines.push(`| ${ICON[f.severity]} | ${check_summary_code(f.file)} | ${f.line} | ${check_summary_code(f.written ?? f.image)} | ${check_summary_cell(WHY[f.reason])}${f.severity === 'notice' ? ' (built here)' : ''} | ${fix} |`);
    }
    lines.push('', 'Silence one reference with a `# dock2pod-ignore` comment at the end of its line or on the line above; exempt images with `allow-images`.');
    // Under GitHub's 1 MiB per step: the table stops, the annotations list every finding.
    return (0,bounds/* cutLines */.EQ)(`${lines.join('\n')}\n`, bounds/* LIMITS */.b1.summaryBytes, `\n_${findings.length} findings in all; the rest of the table is cut to keep the job summary under its size limit. The annotations list each one._\n`);
}
/**
 * The `report` output: the findings as a JSON array, as many as fit in LIMITS.outputBytes
 * (the `findings` output counts them all).
 */
function renderReportJson(findings) {
    return (0,bounds/* boundedJsonArray */.ZS)(findings, bounds/* LIMITS */.b1.outputBytes);
}
//# sourceMappingURL=check-summary.js.map
;// CONCATENATED MODULE: ./build/report/deploy.js

/**
 * What a result may quote of the cluster, cut to LIMITS: the image the Deployment ran
 * before, the kubelet's and the events' words, the log lines. Every rendering below
 * starts from this.
 */
function boundResult(r) {
    const line = (s) => (0,bounds/* cut */.Jj)(s, bounds/* LIMITS */.b1.quotedLine);
    const diagnosis = (d) => ({
        ...d,
        message: line(d.message),
        ...(d.event !== undefined ? { event: line(d.event) } : {}),
        ...(d.image !== undefined ? { image: (0,bounds/* cut */.Jj)(d.image, bounds/* LIMITS */.b1.imageRef) } : {}),
        ...(d.logs ? { logs: d.logs.slice(-bounds/* LIMITS */.b1.podLogLines).map(line) } : {}),
        ...(d.changes ? { changes: d.changes.map(line) } : {}),
        ...(d.hint !== undefined ? { hint: (0,bounds/* cut */.Jj)(d.hint, 2 * bounds/* LIMITS */.b1.quotedLine + bounds/* LIMITS */.b1.imageRef) } : {}),
    });
    return {
        ...r,
        previousImage: (0,bounds/* cut */.Jj)(r.previousImage, bounds/* LIMITS */.b1.imageRef),
        diagnosis: r.diagnosis ? diagnosis(r.diagnosis) : null,
        ...(r.rollback
            ? {
                rollback: {
                    ...r.rollback,
                    message: line(r.rollback.message),
                    ...(r.rollback.diagnosis ? { diagnosis: diagnosis(r.rollback.diagnosis) } : {}),
                },
            }
            : {}),
    };
}
/** The `deployments` output: one object per Deployment, as shared/INTERFACE.md lists. */
function renderDeploymentsOutput(results) {
    return (0,bounds/* boundedJsonArray */.ZS)(results.map(boundResult).map((r) => ({
        namespace: r.namespace,
        name: r.name,
        container: r.container,
        previousImage: r.previousImage,
        image: r.image,
        revision: r.revision,
        readyReplicas: r.readyReplicas,
        seconds: Math.round(r.seconds * 10) / 10,
        status: r.status,
        diagnosis: r.diagnosis ? { ...r.diagnosis, summary: diagnosisHeadline(r.diagnosis) } : null,
        ...(r.rollback ? { rollback: { state: r.rollback.state, message: r.rollback.message } } : {}),
    })), bounds/* LIMITS */.b1.outputBytes);
}
const PULL_FAILURE_WORDS = {
    'not-found': 'image not found',
    unauthorized: 'registry refused the node',
    unreachable: 'registry unreachable from the node',
};
/** `ImagePullBackOff, image not found (pod web-abc, container web)` */
function diagnosisHeadline(d) {
    const where = [d.pod ? `pod ${d.pod}` : '', d.container ? `container ${d.container}` : '']
        .filter(Boolean)
        .join(', ');
    const kind = d.pullFailure && d.pullFailure !== 'other' ? `, ${PULL_FAILURE_WORDS[d.pullFailure]}` : '';
    return `${d.reason}${kind}${where ? ` (${where})` : ''}`;
}
/** The diagnosis as lines of text: reason, where, the kubelet's words, exit code, logs, fix. */
function renderDiagnosis(d) {
    const lines = [diagnosisHeadline(d)];
    if (d.message)
        lines.push(d.message);
    if (d.event && d.event !== d.message)
        lines.push(`Event: ${d.event}`);
    if (d.changes?.length) {
        lines.push('Changed since dock2pod wrote it:');
        for (const c of d.changes)
            lines.push(`  ${c}`);
    }
    if (d.exitCode !== undefined)
        lines.push(`Exit code ${d.exitCode}${d.restartCount ? ` (restarted ${d.restartCount === 1 ? 'once' : `${d.restartCount} times`})` : ''}`);
    if (d.logs?.length) {
        lines.push(`Last ${d.logs.length} log lines:`);
        for (const l of d.logs)
            lines.push(`  ${l}`);
    }
    if (d.hint)
        lines.push(`Fix: ${d.hint}`);
    return lines;
}
function rollbackLine(r) {
    const rb = r.rollback;
    if (!rb)
        return undefined;
    switch (rb.state) {
        case 'ready':
            return `Rolled back to ${r.previousImage}${rb.revision ? ` (revision ${rb.revision})` : ''}: ready.`;
        case 'sent':
            return `Rollback to ${r.previousImage} sent; not waited for.`;
        case 'failed':
            return `Rolled back to ${r.previousImage}, but that is not healthy either: ${rb.message}`;
        default:
            return `Not rolled back: ${rb.message}`;
    }
}
/** The message of a Deployment's error annotation (its title is `deployment/<name>`). */
function renderAnnotation(result) {
    const r = boundResult(result);
    const lines = [
        `${r.kind ?? 'Deployment'} ${r.namespace}/${r.name} failed to roll out ${r.image}.`,
    ];
    if (r.diagnosis)
        lines.push(...renderDiagnosis(r.diagnosis));
    if (r.note)
        lines.push(r.note);
    const rb = rollbackLine(r);
    if (rb)
        lines.push(rb);
    return (0,bounds/* cut */.Jj)(lines.join('\n'), bounds/* LIMITS */.b1.annotation);
}
function annotationTitle(r) {
    return `${(r.kind ?? 'Deployment').toLowerCase()}/${r.name}`;
}
// Markdown table cells: a '|' or a newline would break the row.
const deploy_cell = (s) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const deploy_code = (s) => (s ? `\`${deploy_cell(s).replace(/`/g, "'")}\`` : '_none_');
const STATUS_TEXT = {
    ready: '✅ ready',
    unchanged: '⏸️ unchanged',
    failed: '❌ failed',
    'rolled-back': '↩️ rolled back',
};
/** `StatefulSet ` or `DaemonSet ` before a name in the summary; nothing for a Deployment. */
const kindPrefix = (r) => (r.kind && r.kind !== 'Deployment' ? `${r.kind} ` : '');
function renderDeploySummary(all) {
    const results = all.map(boundResult);
    const out = [
        '### Deploy',
        '',
        '| Deployment | Image | Revision | Ready | Time to ready | Status |',
        '|---|---|---|---|---|---|',
    ];
    for (const r of results) {
        const image = r.previousImage === r.image ? deploy_code(r.image) : `${deploy_code(r.previousImage)} → ${deploy_code(r.image)}`;
        const time = r.status === 'ready' ? `${r.seconds.toFixed(1)} s` : '–';
        out.push(`| ${deploy_code(`${kindPrefix(r)}${r.namespace}/${r.name}`)} | ${image} | ${deploy_cell(r.revision || '–')} | ${r.readyReplicas}/${r.desiredReplicas} | ${time} | ${STATUS_TEXT[r.status]} |`);
    }
    for (const r of results) {
        if (r.status !== 'failed' && r.status !== 'rolled-back')
            continue;
        out.push('', `#### ${deploy_cell(`${kindPrefix(r)}${r.namespace}/${r.name}`)}`, '');
        const body = [
            ...(r.diagnosis ? renderDiagnosis(r.diagnosis) : []),
            ...(r.note ? [r.note] : []),
            ...(rollbackLine(r) ? [rollbackLine(r)] : []),
        ];
        out.push('```text', ...body.map((l) => l.replace(/```/g, "'''")), '```');
    }
    // Under GitHub's 1 MiB per step, with room for the build's section.
    return (0,bounds/* cutLines */.EQ)(out.join('\n') + '\n', bounds/* LIMITS */.b1.summaryBytes, '\n_The rest is cut to keep the job summary under its size limit; see the annotations._\n');
}
/** The `failure-reason` output: the reason word of the first diagnosed failure, else ''. */
function failureReason(results) {
    for (const r of results)
        if ((r.status === 'failed' || r.status === 'rolled-back') && r.diagnosis)
            return r.diagnosis.reason;
    return '';
}
/** The `rolled-back` output: a rollback was sent and came back healthy. */
function rolledBack(results) {
    return results.some((r) => r.rollback?.state === 'ready');
}
//# sourceMappingURL=deploy.js.map
// EXTERNAL MODULE: external "os"
var external_os_ = __webpack_require__(857);
// EXTERNAL MODULE: external "fs"
var external_fs_ = __webpack_require__(9896);
;// CONCATENATED MODULE: ./build/node_modules/@actions/core/lib/summary.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = external_fs_.promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const SUMMARY_DOCS_URL = 'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return __awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, external_fs_.constants.R_OK | external_fs_.constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return __awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return __awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(external_os_.EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
/**
 * @deprecated use `core.summary`
 */
const markdownSummary = (/* unused pure expression or super */ null && (_summary));
const summary = _summary;
//# sourceMappingURL=summary.js.map
;// CONCATENATED MODULE: ./build/report/job-summary.js
// The one writer of the job summary, for every mode. The summary reports what happened;
// it is not the job's work, so a write that fails is a warning and never fails a run
// whose build, deploy or check went through.

async function writeJobSummary(markdown) {
    // Outside a runner there is no summary file; the log has said it all.
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    try {
        await summary.addRaw(markdown).write();
    }
    catch (err) {
        summary.emptyBuffer();
        core/* warning */.$e(`Could not write the job summary: ${err instanceof Error ? err.message : String(err)}`);
    }
}
//# sourceMappingURL=job-summary.js.map
;// CONCATENATED MODULE: ./build/report/publish.js
// The one place a run's results reach the workflow: step outputs, the annotations that
// report results (a failed Deployment, a check finding) and the job summary, for every
// mode. The renderers beside it are pure (build-summary.ts, deploy.ts, check-summary.ts);
// this module only writes what they render, once per run and mode.
//
// One rule for errors: the outputs are the step's contract with the next step, so a
// failed write fails the step (core.setOutput throws); the summary is a report, so a
// failed write is a warning (job-summary.ts). Warnings about the run itself (a file not
// checked, a retry) are said where they happen, not here.





async function publishBuild(o, summary) {
    publishImage(o);
    core/* setOutput */.uH('metadata', o.metadata);
    await writeJobSummary(renderBuildSummary(summary));
}
/** The image outputs alone: a deploy of `image-ref` (nothing built) resolved it to these. */
function publishImage(o) {
    core/* setOutput */.uH('image', o.image);
    core/* setOutput */.uH('tags', o.tags.join('\n'));
    core/* setOutput */.uH('digest', o.digest);
    core/* setOutput */.uH('image-ref', o.imageRef);
}
/**
 * The deploy's outputs (the first workload's `revision`, `ready-replicas`,
 * `previous-image`; every workload in `deployments`; `failure-reason`, `rolled-back`),
 * one annotation per workload that failed or was rolled back, and the summary table.
 */
async function publishDeploy(results) {
    const first = results[0];
    if (first) {
        core/* setOutput */.uH('revision', first.revision);
        core/* setOutput */.uH('ready-replicas', String(first.readyReplicas));
        core/* setOutput */.uH('previous-image', first.previousImage);
    }
    core/* setOutput */.uH('deployments', renderDeploymentsOutput(results));
    core/* setOutput */.uH('failure-reason', failureReason(results));
    core/* setOutput */.uH('rolled-back', String(rolledBack(results)));
    for (const r of results) {
        if (r.status !== 'failed' && r.status !== 'rolled-back')
            continue;
        const message = renderAnnotation(r);
        // A Deployment rolled back only because another failed is a warning, not a failure.
        if (!r.diagnosis && r.note)
            core/* warning */.$e(message, { title: annotationTitle(r) });
        else
            core/* error */.z3(message, { title: annotationTitle(r) });
    }
    await writeJobSummary(renderDeploySummary(results));
}
const FINDING_TITLES = {
    error: 'dock2pod: mutable image reference',
    warning: 'dock2pod: image not checked',
    notice: 'dock2pod: image built here',
};
/** The check's findings on their lines, the outputs `findings` and `report`, the summary. */
async function publishCheck(findings, meta) {
    for (const f of findings) {
        const props = {
            file: f.file,
            startLine: f.line,
            ...(f.endLine !== f.line
                ? { endLine: f.endLine }
                : { startColumn: f.column, endColumn: f.endColumn }),
            title: FINDING_TITLES[f.severity],
        };
        const message = `${f.message}. Fix: ${f.fix}.`;
        if (f.severity === 'error')
            core/* error */.z3(message, props);
        else if (f.severity === 'warning')
            core/* warning */.$e(message, props);
        else
            core/* notice */.lm(message, props);
    }
    core/* setOutput */.uH('findings', String(findings.filter((f) => f.severity === 'error').length));
    core/* setOutput */.uH('report', renderReportJson(findings));
    await writeJobSummary(renderCheckSummary(findings, meta));
}
/** The `duration` output, in every mode and on every ending. */
function publishDuration(seconds) {
    core/* setOutput */.uH('duration', seconds.toFixed(1));
}
//# sourceMappingURL=publish.js.map

/***/ }),

/***/ 5152:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EQ: () => (/* binding */ cutLines),
/* harmony export */   Jj: () => (/* binding */ cut),
/* harmony export */   ZS: () => (/* binding */ boundedJsonArray),
/* harmony export */   b1: () => (/* binding */ LIMITS)
/* harmony export */ });
// Every size the action quotes is bounded: text we did not write (a Pod's log line, an
// event, an image reference, a file name) is cut before it reaches a log line, an
// annotation, the job summary or an output. The limits sit here, in one place, with the
// functions that cut.
const LIMITS = {
    /** One line quoted from a Pod's log, an event, the kubelet or an API error, in chars. */
    quotedLine: 500,
    /** An image reference quoted: a valid one (name ≤ 255, tag ≤ 128, digest) is shorter. */
    imageRef: 512,
    /** Log lines of a crashed container quoted, and the bytes of log asked of the API. */
    podLogLines: 20,
    podLogBytes: 64 * 1024,
    /** An annotation's message, in chars. */
    annotation: 16 * 1024,
    /** Each write to the job summary, in bytes: GitHub drops a step's summary over 1 MiB. */
    summaryBytes: 256 * 1024,
    /** Each output, in bytes: GitHub refuses an output over 1 MB. */
    outputBytes: 256 * 1024,
    /** A manifest read from a registry: the OCI distribution spec's 4 MiB. */
    manifestBytes: 4 * 1024 * 1024,
    /** One manifest file read (or one folder kustomize renders), and all of them together. */
    manifestFileBytes: 1024 * 1024,
    manifestTotalBytes: 8 * 1024 * 1024,
    /** Files a `manifests` glob or folder may name, and objects in all of them. */
    manifestFiles: 500,
    manifestObjects: 1000,
    /** A Dockerfile deploy mode reads, to judge its base images or to point at the step that
     *  failed: the check's bound on one file. */
    dockerfileBytes: 1024 * 1024,
    /** buildx's metadata file (the digest, and provenance when asked for). */
    buildMetadataBytes: 4 * 1024 * 1024,
    /** A token service's answer. */
    tokenBytes: 1024 * 1024,
};
/** A value quoted in a message: at most `max` characters, and says so when cut. */
function cut(value, max) {
    if (value.length <= max)
        return value;
    // Never split a surrogate pair: half a character prints as garbage.
    let end = max;
    const c = value.charCodeAt(end - 1);
    if (c >= 0xd800 && c <= 0xdbff)
        end--;
    return `${value.slice(0, end)}… (cut, ${value.length} characters)`;
}
/**
 * Text of at most `maxBytes` UTF-8 bytes, cut at a line break when it must be cut, with
 * `note` (which must fit in the rest) as the last line.
 */
function cutLines(text, maxBytes, note) {
    if (Buffer.byteLength(text) <= maxBytes)
        return text;
    const room = maxBytes - Buffer.byteLength(note) - 1;
    let used = 0;
    const kept = [];
    for (const line of text.split('\n')) {
        const n = Buffer.byteLength(line) + 1;
        if (used + n > room)
            break;
        kept.push(line);
        used += n;
    }
    return `${kept.join('\n')}\n${note}`;
}
/**
 * A JSON array of at most `maxBytes`: the longest prefix of `items` that fits. Valid JSON
 * either way, which a cut string would not be.
 */
function boundedJsonArray(items, maxBytes) {
    const all = JSON.stringify(items);
    if (Buffer.byteLength(all) <= maxBytes)
        return all;
    const parts = [];
    let used = 2;
    for (const item of items) {
        const json = JSON.stringify(item);
        const n = Buffer.byteLength(json) + (parts.length ? 1 : 0);
        if (used + n > maxBytes)
            break;
        parts.push(json);
        used += n;
    }
    return `[${parts.join(',')}]`;
}
//# sourceMappingURL=bounds.js.map

/***/ }),

/***/ 1081:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ parseDuration),
/* harmony export */   a: () => (/* binding */ formatDuration)
/* harmony export */ });
// Durations of the inputs: `90s`, `10m`, `1h`, `500ms`, combinations like `1m30s`;
// a bare number is seconds.
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
function parseDuration(text) {
    const value = text.trim();
    if (/^\d+(\.\d+)?$/.test(value))
        return Math.round(Number(value) * 1000);
    if (value.startsWith('-'))
        throw new Error(`"${text}" is negative; give a duration such as 90s, 10m or 1h.`);
    const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
    let total = 0;
    let pos = 0;
    while (pos < value.length) {
        re.lastIndex = pos;
        const m = re.exec(value);
        if (!m)
            throw new Error(`"${text}" is not a duration; use e.g. 90s, 10m or 1h (a bare number is seconds).`);
        total += Number(m[1]) * UNIT_MS[m[2]];
        pos = re.lastIndex;
    }
    if (value === '')
        throw new Error('is empty; give a duration such as 90s, 10m or 1h.');
    return Math.round(total);
}
/**
 * `0s`, `450ms`, `2.5s`, `1m30s`, `10m`: for logs and summaries, in the style of the
 * duration inputs, so `timeout 10m, grace 0s` reads as the workflow wrote it.
 */
function formatDuration(ms) {
    if (ms === 0)
        return '0s';
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    const s = ms / 1000;
    if (s < 60)
        return `${s < 10 ? Number(s.toFixed(1)) : Math.round(s)}s`;
    const m = Math.floor(s / 60);
    const rest = Math.round(s - m * 60);
    return rest ? `${m}m${rest}s` : `${m}m`;
}
//# sourceMappingURL=duration.js.map

/***/ }),

/***/ 4004:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bz: () => (/* binding */ infoVerbatim),
/* harmony export */   n6: () => (/* binding */ VerbatimStream)
/* harmony export */ });
/* unused harmony export hasWorkflowCommand */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
// Text the action did not write itself — docker's output, a registry's error, a value
// from an input or a Dockerfile — must never be read by the runner as a workflow
// command. The runner reads `::cmd::` at the start of a line (after white space) and the
// legacy `##[cmd]` anywhere in a line, and splits lines at \r as well as \n. Such text
// is printed unchanged between `::stop-commands::<token>` and `::<token>::`, the
// runner's own way to print untrusted text; text without a command in it prints as is.
//
// "After white space" is .NET's: the runner trims a line with String.TrimStart(), which
// removes every Char.IsWhiteSpace character, NEL (U+0085) included; JavaScript's `\s`
// misses NEL. LEADING below is a superset of both, plus the zero-width format characters
// some Unicode versions counted as spaces: a false "has a command" costs two log lines,
// a missed one hands the log to whoever wrote the text.

const LEADING = /^[\s\u0085\u180e\u200b-\u200d\u2060\ufeff]*::/;
/** Would the runner read a command in `text`? */
function hasWorkflowCommand(text) {
    return text.split(/\r\n|\r|\n/).some((l) => LEADING.test(l) || l.includes('##['));
}
const newToken = () => `d2p-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(12).toString('hex')}`;
/** Print `text` (one or more lines) so the runner shows it and runs none of it. */
function infoVerbatim(text, write = (s) => process.stdout.write(s)) {
    if (!hasWorkflowCommand(text)) {
        write(`${text}\n`);
        return;
    }
    const token = newToken();
    write(`::stop-commands::${token}\n${text}\n::${token}::\n`);
}
/** Characters of one unfinished line held before it is printed in pieces. */
const MAX_PENDING = 64 * 1024;
/**
 * A stream of untrusted output (a child's stdout and stderr), printed as it arrives,
 * line by line. Commands stop before the first line that holds one and resume at
 * `end()`, so a clean log has no extra lines.
 */
class VerbatimStream {
    pending = '';
    token;
    write;
    constructor(write = (s) => process.stdout.write(s)) {
        this.write = write;
    }
    push(chunk) {
        this.pending += chunk.toString();
        // Up to the last line break; \r alone ends a line for the runner too.
        const cut = Math.max(this.pending.lastIndexOf('\n'), this.pending.lastIndexOf('\r'));
        if (cut >= 0) {
            this.emit(this.pending.slice(0, cut + 1));
            this.pending = this.pending.slice(cut + 1);
        }
        // One line longer than we hold (a RUN printing 50 MiB without a break) goes out in
        // pieces; a piece cannot tell whether the line began with white space and `::`, so
        // commands stop first, whatever it holds.
        if (this.pending.length > MAX_PENDING) {
            this.stop();
            this.write(this.pending);
            this.pending = '';
        }
    }
    /** Flush the last partial line and let the runner read commands again. */
    end() {
        if (this.pending)
            this.emit(`${this.pending}\n`);
        this.pending = '';
        if (this.token)
            this.write(`::${this.token}::\n`);
        this.token = undefined;
    }
    emit(lines) {
        if (hasWorkflowCommand(lines))
            this.stop();
        this.write(lines);
    }
    /** Stop commands until end(), once. */
    stop() {
        if (this.token)
            return;
        this.token = newToken();
        this.write(`::stop-commands::${this.token}\n`);
    }
}
//# sourceMappingURL=verbatim-log.js.map

/***/ })

};
