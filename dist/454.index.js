export const id = 454;
export const ids = [454,940];
export const modules = {

/***/ 6454:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ApplyError: () => (/* binding */ ApplyError),
  applyManifests: () => (/* binding */ applyManifests),
  objectId: () => (/* binding */ objectId),
  prepareManifests: () => (/* binding */ prepareManifests)
});

// EXTERNAL MODULE: ./build/image/reference.js
var reference = __webpack_require__(7755);
// EXTERNAL MODULE: ./build/kube/errors.js
var errors = __webpack_require__(5889);
// EXTERNAL MODULE: ./build/kube/workload.js
var workload = __webpack_require__(1115);
// EXTERNAL MODULE: ./build/report/annotated-error.js
var annotated_error = __webpack_require__(4948);
// EXTERNAL MODULE: ./build/util/bounds.js
var bounds = __webpack_require__(5152);
// EXTERNAL MODULE: ./build/kube/describe-error.js
var describe_error = __webpack_require__(700);
;// CONCATENATED MODULE: ./build/manifests/conflict.js



/** The managers a 409 from server-side apply names, each once, in order. */
function conflictManagers(err) {
    const out = [];
    for (const c of err.status?.details?.causes ?? []) {
        const m = /conflict with "([^"]*)"/.exec(c.message ?? '');
        if (m && !out.includes(m[1]))
            out.push(m[1]);
    }
    if (out.length === 0) {
        for (const m of (err.status?.message ?? err.message).matchAll(/conflict with "([^"]*)"/g))
            if (!out.includes(m[1]))
                out.push(m[1]);
    }
    return out;
}
function describeApplyError(err, t, server) {
    const id = `${t.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name}`;
    if (err instanceof errors/* KubeError */.a3 && err.code === 409) {
        const managers = conflictManagers(err);
        const fields = (err.status?.details?.causes ?? [])
            .map((c) => c.field)
            .filter((f) => Boolean(f));
        if (managers.length)
            return (0,bounds/* cut */.Jj)(`${id}: field conflict: ${fields.length ? fields.join(', ') : 'a field'} ${fields.length > 1 ? 'are' : 'is'} owned by field manager ${managers.map((m) => `"${m}"`).join(', ')}. Nothing was forced. Set force-conflicts: true to take ${fields.length > 1 ? 'these fields' : 'it'} for dock2pod, or remove ${fields.length > 1 ? 'them' : 'it'} from the manifest.`, 2 * bounds/* LIMITS */.b1.quotedLine);
    }
    if (err instanceof errors/* KubeError */.a3 && (err.code === 400 || err.code === 422))
        return `The API server refused ${id}: ${err.status?.message ?? err.message}`;
    return (0,describe_error/* describeKubeError */.j3)(err, { verb: 'patch', resource: t.resource, namespace: t.namespace ?? '', name: t.name }, server);
}
//# sourceMappingURL=conflict.js.map
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/facts.js
var facts = __webpack_require__(7059);
// EXTERNAL MODULE: ./build/inputs.js
var inputs = __webpack_require__(8175);
// EXTERNAL MODULE: ./build/util/exec.js
var exec = __webpack_require__(5940);
// EXTERNAL MODULE: ./build/util/text.js
var util_text = __webpack_require__(3506);
;// CONCATENATED MODULE: ./build/manifests/load.js
// The `manifests` lines → manifest text: files, globs, and folders (a folder with a
// kustomization is rendered by `kubectl kustomize`, else its YAML files are read).
// Nothing outside the workspace is read, and every size is bounded (util/bounds.ts).







const YAML_FILE = /\.(ya?ml|json)$/i;
const KUSTOMIZATION = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const GLOB = /[*?[{]/;
const quote = (s) => `"${(0,bounds/* cut */.Jj)(s, 200)}"`;
/** `where`: the workspace and the directory relative paths start from (tests pass their own). */
async function loadManifests(lines, where = { root: (0,facts/* workspaceRoot */.oS)(), cwd: process.cwd() }) {
    const { root, cwd } = where;
    const files = [];
    const rendered = [];
    let total = 0;
    const seen = new Set();
    const kindOf = (p) => (0,facts/* workspacePathKind */.VB)(p, root, cwd);
    const name = (p) => (0,external_node_path_.relative)(root, (0,external_node_path_.resolve)(cwd, p)) || '.';
    const account = (bytes, what) => {
        total += bytes;
        if (total > bounds/* LIMITS */.b1.manifestTotalBytes)
            throw new inputs/* InputError */.dz('manifests', `${quote(what)} takes the manifests past ${bounds/* LIMITS */.b1.manifestTotalBytes / 1024 / 1024} MiB together; deploy fewer at once.`);
    };
    const readOne = (path) => {
        const file = name(path);
        if (seen.has(file))
            return;
        seen.add(file);
        if (seen.size > bounds/* LIMITS */.b1.manifestFiles)
            throw new inputs/* InputError */.dz('manifests', `names more than ${bounds/* LIMITS */.b1.manifestFiles} files.`);
        const size = (0,external_node_fs_.statSync)((0,external_node_path_.resolve)(cwd, path)).size;
        if (size > bounds/* LIMITS */.b1.manifestFileBytes)
            throw new inputs/* InputError */.dz('manifests', `${quote(file)} is larger than ${bounds/* LIMITS */.b1.manifestFileBytes / 1024 / 1024} MiB.`);
        account(size, file);
        files.push({ file, text: (0,util_text/* withoutBom */.v)((0,external_node_fs_.readFileSync)((0,external_node_path_.resolve)(cwd, path), 'utf8')) });
    };
    for (const line of lines) {
        if (GLOB.test(line)) {
            const matches = (0,external_node_fs_.globSync)(line, { cwd })
                .filter((m) => YAML_FILE.test(m))
                .sort();
            const inside = matches.filter((m) => kindOf(m) === 'file');
            if (matches.some((m) => kindOf(m) === 'outside'))
                throw new inputs/* InputError */.dz('manifests', `${quote(line)} matches files outside the workspace (GITHUB_WORKSPACE); give paths inside the repository.`);
            if (inside.length === 0)
                throw new inputs/* InputError */.dz('manifests', `${quote(line)} matches no .yaml, .yml or .json file.`);
            for (const m of inside)
                readOne(m);
            continue;
        }
        const kind = kindOf(line);
        if (kind === 'outside')
            throw new inputs/* InputError */.dz('manifests', `${quote(line)} is outside the workspace (GITHUB_WORKSPACE), or a symlink to something outside it; give a path inside the repository.`);
        if (kind === undefined)
            throw new inputs/* InputError */.dz('manifests', `${quote(line)} is not a file or folder in the workspace.`);
        if (kind === 'file') {
            readOne(line);
            continue;
        }
        const entries = (0,external_node_fs_.readdirSync)((0,external_node_path_.resolve)(cwd, line));
        const kustomization = KUSTOMIZATION.find((k) => entries.includes(k));
        if (kustomization) {
            rendered.push({
                file: name((0,external_node_path_.join)(line, kustomization)),
                text: await kustomize((0,external_node_path_.resolve)(cwd, line), line, account),
            });
            continue;
        }
        const yaml = entries.filter((e) => YAML_FILE.test(e)).sort();
        const inFolder = yaml.map((e) => (0,external_node_path_.join)(line, e)).filter((p) => kindOf(p) === 'file');
        if (inFolder.length === 0)
            throw new inputs/* InputError */.dz('manifests', `the folder ${quote(line)} has no kustomization.yaml and no .yaml, .yml or .json file.`);
        for (const p of inFolder)
            readOne(p);
    }
    return { files, rendered };
}
/** `kubectl kustomize DIR`, as `kubectl apply -k` renders it; kubectl from PATH. */
async function kustomize(path, dir, account) {
    const r = await (0,exec.execArgs)('kubectl', ['kustomize', path], {
        maxOutputBytes: bounds/* LIMITS */.b1.manifestFileBytes * 4,
    });
    if (r.exitCode === 127)
        throw new inputs/* InputError */.dz('manifests', `${quote(dir)} has a kustomization, which needs kubectl on PATH to render (GitHub's hosted runners have it); install kubectl in an earlier step (azure/setup-kubectl), or list the YAML files instead.`);
    if (r.exitCode !== 0)
        throw new inputs/* InputError */.dz('manifests', `kubectl kustomize ${quote(dir)} failed: ${(0,bounds/* cut */.Jj)(r.stderr.trim().split('\n').slice(-3).join(' '), bounds/* LIMITS */.b1.quotedLine)}`);
    account(Buffer.byteLength(r.stdout), dir);
    if (Buffer.byteLength(r.stdout) >= bounds/* LIMITS */.b1.manifestFileBytes * 4)
        throw new inputs/* InputError */.dz('manifests', `kubectl kustomize ${quote(dir)} renders more than 4 MiB.`);
    return r.stdout;
}
//# sourceMappingURL=load.js.map
;// CONCATENATED MODULE: ./build/manifests/order.js
const RANK = {
    Namespace: 0,
    CustomResourceDefinition: 0,
    ConfigMap: 1,
    Secret: 1,
    ServiceAccount: 1,
    Role: 1,
    ClusterRole: 1,
    RoleBinding: 1,
    ClusterRoleBinding: 1,
    Service: 2,
    Deployment: 4,
    StatefulSet: 4,
    DaemonSet: 4,
    ReplicaSet: 4,
    Job: 4,
    CronJob: 4,
    Pod: 4,
};
/** Anything else (Ingress, a custom resource, …) goes between Services and workloads. */
const OTHER = 3;
/** Namespaces and CRDs, config, Services, the rest, workloads; as written within each. */
function applyOrder(objects) {
    return (objects
        // Own keys only: a kind named `constructor` is one of the rest.
        .map((o, i) => ({ o, i, rank: Object.hasOwn(RANK, o.obj.kind) ? RANK[o.obj.kind] : OTHER }))
        .sort((a, b) => a.rank - b.rank || a.i - b.i)
        .map((x) => x.o));
}
//# sourceMappingURL=order.js.map
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./build/manifests/parse.js
// Manifest text → Kubernetes objects, each with the file and line it came from, so an
// error (ours, or the API server's on a dry run) lands on the user's line. Pure.


/** A manifest the action cannot use, on its file and line. */
class ManifestError extends Error {
    name = 'ManifestError';
    file;
    line;
    constructor(message, file, line) {
        super(message);
        this.file = file;
        this.line = line;
    }
}
const isRecord = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
function check(value, file, line) {
    const where = `${file}${line ? `:${line}` : ''}`;
    if (!isRecord(value))
        throw new ManifestError(`${where}: a manifest must be a mapping (an object).`, file, line);
    const { apiVersion, kind, metadata } = value;
    if (typeof apiVersion !== 'string' || !apiVersion)
        throw new ManifestError(`${where}: the object has no apiVersion.`, file, line);
    if (typeof kind !== 'string' || !kind)
        throw new ManifestError(`${where}: the object has no kind.`, file, line);
    if (!isRecord(metadata) || typeof metadata.name !== 'string' || !metadata.name)
        throw new ManifestError(`${where}: ${(0,bounds/* cut */.Jj)(kind, 100)} has no metadata.name (generateName cannot be applied server-side).`, file, line);
    if (metadata.namespace !== undefined && typeof metadata.namespace !== 'string')
        throw new ManifestError(`${where}: metadata.namespace is not a string.`, file, line);
    return value;
}
/**
 * Every object of every document, in order; `kind: List` is opened. `rendered` sources
 * (kustomize's output) carry no line: its lines are not the user's.
 */
function parseManifests(sources, rendered = false) {
    const out = [];
    for (const { file, text } of sources) {
        const lines = new dist/* LineCounter */.HN();
        const docs = (0,dist/* parseAllDocuments */.hR)(text, { lineCounter: lines, prettyErrors: false });
        for (const doc of Array.isArray(docs) ? docs : [docs]) {
            const err = doc.errors[0];
            if (err) {
                const line = rendered ? undefined : lines.linePos(err.pos[0]).line;
                throw new ManifestError(`${file}${line ? `:${line}` : ''}: not valid YAML: ${(0,bounds/* cut */.Jj)(err.message.split('\n')[0] ?? '', bounds/* LIMITS */.b1.quotedLine)}`, file, line);
            }
            const start = doc.contents?.range?.[0];
            const line = rendered || start === undefined ? undefined : lines.linePos(start).line;
            const value = doc.toJS({ maxAliasCount: 100 });
            if (value === null || value === undefined)
                continue; // an empty document
            // `kind: List` (what `kubectl get -o yaml` writes) has no name of its own.
            if (isRecord(value) && value.kind === 'List' && Array.isArray(value.items)) {
                for (const item of value.items)
                    out.push({ file, ...(line ? { line } : {}), obj: check(item, file, line) });
                continue;
            }
            out.push({ file, ...(line ? { line } : {}), obj: check(value, file, line) });
        }
    }
    return out;
}
//# sourceMappingURL=parse.js.map
// EXTERNAL MODULE: ./build/kube/containers.js
var containers = __webpack_require__(7570);
;// CONCATENATED MODULE: ./build/manifests/rewrite.js

const CONTAINER_LISTS = new Set(['containers', 'initContainers']);
/**
 * A copy of `obj` with `ref` in each container of `repo`, wherever a pod spec sits
 * (a Pod, a workload's template, a CronJob's job template); the paths changed.
 */
function pinImages(obj, repo, ref) {
    const copy = structuredClone(obj);
    const changed = [];
    const walk = (node, path) => {
        if (Array.isArray(node)) {
            node.forEach((x, i) => walk(x, `${path}[${i}]`));
            return;
        }
        if (typeof node !== 'object' || node === null)
            return;
        for (const [key, value] of Object.entries(node)) {
            if (CONTAINER_LISTS.has(key) && Array.isArray(value)) {
                for (const c of value) {
                    if (typeof c?.image === 'string' && (0,containers/* runsRepository */.XI)(c.image, repo)) {
                        c.image = ref;
                        changed.push(`${path}.${key}[${String(c.name ?? '?')}]`);
                    }
                }
                continue;
            }
            walk(value, `${path}.${key}`);
        }
    };
    walk(copy, '');
    return { obj: copy, changed };
}
//# sourceMappingURL=rewrite.js.map
;// CONCATENATED MODULE: ./build/manifests/index.js
// `manifests`: before the build, read, place and dry-run every object (so a bad manifest,
// a conflict or a missing permission fails before an image is pushed, on its file and
// line); after the build, apply them server-side in order with the pushed image pinned.
// The wait and the rollback of the workloads among them are kube/index.ts's.










/**
 * Server-side apply that takes back fields only dock2pod itself holds: its image patches
 * and rollbacks (`deployment`, or a rollback of an applied workload) write as manager
 * `dock2pod` with operation Update, which the API server counts as another manager
 * (seen on kube-apiserver 1.34: the apply after a rollback conflicts with "dock2pod").
 * A conflict with anyone else stands.
 */
async function applyTakingOwn(api, path, obj, opts) {
    try {
        return await api.applyObject(path, obj, opts);
    }
    catch (err) {
        const managers = (0,errors/* isKubeError */.Cv)(err, 409) ? conflictManagers(err) : [];
        if (!opts.force && managers.length > 0 && managers.every((m) => m === 'dock2pod'))
            return api.applyObject(path, obj, { ...opts, force: true });
        throw err;
    }
}
/** `Kind namespace/name`, or `Kind name` when cluster-scoped. */
const objectId = (o) => `${o.obj.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.obj.metadata.name}`;
function annotated(message, o) {
    return new annotated_error/* AnnotatedError */.X(message, {
        title: 'manifests',
        file: o.file,
        ...(o.line ? { startLine: o.line } : {}),
    });
}
/** Read, place and dry-run every object. Throws InputError or AnnotatedError. */
async function prepareManifests(lines, force, api, defaultNamespace, image) {
    const loaded = await loadManifests(lines);
    let parsed;
    try {
        parsed = [...parseManifests(loaded.files), ...parseManifests(loaded.rendered, true)];
    }
    catch (err) {
        if (err instanceof ManifestError)
            throw annotated(err.message, err);
        throw err;
    }
    if (parsed.length === 0)
        throw annotated('The manifests hold no object to apply.', { file: lines[0] ?? '' });
    if (parsed.length > bounds/* LIMITS */.b1.manifestObjects)
        throw annotated(`The manifests hold more than ${bounds/* LIMITS */.b1.manifestObjects} objects.`, parsed[0]);
    const objects = [];
    for (const m of parsed) {
        const { apiVersion, kind } = m.obj;
        const where = `${m.file}${m.line ? `:${m.line}` : ''}`;
        const r = await api.resourceFor(apiVersion, kind);
        if (!r)
            throw annotated(`${where}: the cluster serves no ${(0,bounds/* cut */.Jj)(kind, 100)} in ${(0,bounds/* cut */.Jj)(apiVersion, 100)} (a typo, or a custom resource whose definition is not installed yet).`, m);
        const obj = structuredClone(m.obj);
        const namespace = r.namespaced ? (obj.metadata.namespace ?? defaultNamespace) : undefined;
        if (namespace)
            obj.metadata.namespace = namespace;
        const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
        const path = `${base}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${r.resource}/${encodeURIComponent(obj.metadata.name)}`;
        objects.push({ ...m, obj, ...(namespace ? { namespace } : {}), resource: r.resource, path });
    }
    const ordered = applyOrder(objects);
    const seen = new Set();
    for (const o of ordered) {
        if (seen.has(o.path))
            throw annotated(`${objectId(o)} is given twice in the manifests.`, o);
        seen.add(o.path);
    }
    // Namespaces the set itself creates: a dry run of what goes into them cannot find them
    // yet (nothing is created by a dry run), as with `kubectl apply --dry-run=server`.
    const newNamespaces = new Set(ordered
        .filter((o) => o.obj.kind === 'Namespace' && o.obj.apiVersion === 'v1')
        .map((o) => o.obj.metadata.name));
    const probe = (0,reference/* formatReference */.FH)(image);
    for (const o of ordered) {
        try {
            await applyTakingOwn(api, o.path, pinImages(o.obj, image, probe).obj, {
                dryRun: true,
                force,
            });
        }
        catch (err) {
            if ((0,errors/* isKubeError */.Cv)(err, 404) &&
                o.namespace &&
                newNamespaces.has(o.namespace) &&
                err.status?.details?.kind === 'namespaces')
                continue;
            const where = `${o.file}${o.line ? `:${o.line}` : ''}`;
            throw annotated(`${where}: ${describeApplyError(err, { kind: o.obj.kind, resource: o.resource, ...(o.namespace ? { namespace: o.namespace } : {}), name: o.obj.metadata.name }, api.server)} (server-side dry run; nothing was built, pushed or applied)`, o);
        }
    }
    return { objects: ordered, repo: image, force };
}
/** The apply failed part-way: what was applied stays, and is listed. */
class ApplyError extends Error {
    name = 'ApplyError';
    result;
    annotation;
    constructor(annotation, result) {
        super(annotation.message);
        this.annotation = annotation;
        this.result = result;
    }
}
const isWorkload = (o) => o.obj.apiVersion === 'apps/v1' && workload/* WORKLOAD_KINDS */.i6.includes(o.obj.kind);
/** Apply every object in order, the pushed image pinned; stops at the first refusal. */
async function applyManifests(plan, api, imageRef, log) {
    const result = { lines: [], created: [], workloads: [] };
    for (const o of plan.objects) {
        const { obj: pinned, changed } = pinImages(o.obj, plan.repo, imageRef);
        try {
            let before;
            try {
                before = await api.getObject(o.path);
            }
            catch (err) {
                if (!(0,errors/* isKubeError */.Cv)(err, 404))
                    throw err;
            }
            const after = await applyTakingOwn(api, o.path, pinned, { force: plan.force });
            const meta = (x) => x.metadata;
            const state = !before
                ? 'created'
                : meta(before)?.resourceVersion === meta(after)?.resourceVersion
                    ? 'unchanged'
                    : 'configured';
            const line = `${objectId(o)} ${state}`;
            result.lines.push(line);
            if (state === 'created')
                result.created.push(objectId(o));
            log(line);
            if (isWorkload(o)) {
                const containers = [
                    ...new Set(changed
                        .map((p) => /\.containers\[([^\]]*)\]$/.exec(p)?.[1])
                        .filter((c) => Boolean(c))),
                ];
                result.workloads.push({
                    kind: o.obj.kind,
                    namespace: o.namespace ?? '',
                    name: o.obj.metadata.name,
                    containers,
                    ...(before ? { before: before } : {}),
                    after: after,
                });
            }
        }
        catch (err) {
            const where = `${o.file}${o.line ? `:${o.line}` : ''}`;
            throw new ApplyError(annotated(`${where}: ${describeApplyError(err, { kind: o.obj.kind, resource: o.resource, ...(o.namespace ? { namespace: o.namespace } : {}), name: o.obj.metadata.name }, api.server)}`, o), result);
        }
    }
    return result;
}
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 5940:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   execArgs: () => (/* binding */ execArgs),
/* harmony export */   g: () => (/* binding */ childEnv)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var _cancel_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(40);
// The one place the action starts a process. An argument array, never a shell: no input
// is ever parsed by one. Each child leads its own process group, so a cancel stops it
// and whatever it started (the buildx plugin, a credential helper) in one kill.


/**
 * Variables no child ever sees: the action's inputs (the runner hands `password`,
 * `github-token` and `kubeconfig` over as INPUT_*), post's state, and the runner's own
 * tokens. A child that prints its environment (a Dockerfile linked to /proc/self/environ,
 * a credential helper's error) has none of them to print.
 */
const WITHHELD = /^(INPUT_|STATE_)|^(GITHUB_TOKEN|ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN_REQUEST_TOKEN|ACTIONS_ID_TOKEN_REQUEST_URL)$/i;
/** The environment for a child: this process's without WITHHELD, plus `extra` by name. */
function childEnv(extra = {}, base = process.env) {
    const env = {};
    for (const [k, v] of Object.entries(base))
        if (v !== undefined && !WITHHELD.test(k))
            env[k] = v;
    return Object.assign(env, extra);
}
/** What a build's whole log needs at its end (the failing step, the digest), and more. */
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;
/** The last `max` bytes of a stream: a child that prints gigabytes costs `max`. */
class Tail {
    parts = [];
    size = 0;
    max;
    constructor(max) {
        this.max = max;
    }
    push(d) {
        this.parts.push(d);
        this.size += d.length;
        while (this.size - this.parts[0].length >= this.max)
            this.size -= this.parts.shift().length;
    }
    text() {
        const all = Buffer.concat(this.parts);
        return all.subarray(Math.max(0, all.length - this.max)).toString('utf8');
    }
}
/**
 * Run `file` (looked up on PATH) with `args`. Resolves with the exit code and output,
 * whatever the code (127 when it cannot be started); rejects with CancelledError when
 * the run is cancelled while it runs.
 */
function execArgs(file, args, opts = {}) {
    const signal = (0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .cancelSignal */ .Bj)();
    if (signal.aborted)
        return Promise.reject(new _cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .CancelledError */ .cc((0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .cancelled */ .KW)()));
    return new Promise((resolve, reject) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(file, args, {
            env: opts.env ?? childEnv(),
            ...(opts.cwd ? { cwd: opts.cwd } : {}),
            stdio: ['pipe', 'pipe', 'pipe'],
            shell: false,
            // Its own process group (setsid): a cancel kills the group, grandchildren too.
            detached: true,
        });
        const out = new Tail(opts.maxOutputBytes ?? MAX_OUTPUT_BYTES);
        const err = new Tail(opts.maxOutputBytes ?? MAX_OUTPUT_BYTES);
        let startError;
        let killTimer;
        const killGroup = (sig) => {
            try {
                if (child.pid !== undefined)
                    process.kill(-child.pid, sig);
            }
            catch {
                // Already gone.
            }
        };
        const onAbort = () => {
            killGroup('SIGTERM');
            killTimer = setTimeout(() => killGroup('SIGKILL'), opts.killAfterMs ?? 1000);
            killTimer.unref();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        child.stdout.on('data', (d) => {
            out.push(d);
            opts.onStdout?.(d);
        });
        child.stderr.on('data', (d) => {
            err.push(d);
            opts.onStderr?.(d);
        });
        child.on('error', (e) => (startError = e));
        // A child that exits without reading stdin closes the pipe: not our failure.
        child.stdin.on('error', () => { });
        child.stdin.end(opts.input ?? Buffer.alloc(0));
        child.on('close', (code, sig) => {
            signal.removeEventListener('abort', onAbort);
            if (killTimer)
                clearTimeout(killTimer);
            // Anything the child left in its group goes with it.
            if (signal.aborted) {
                killGroup('SIGKILL');
                reject(new _cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .CancelledError */ .cc((0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .cancelled */ .KW)()));
                return;
            }
            // Could not start at all (ENOENT, EACCES): close comes with a negative errno.
            if (startError) {
                resolve({ exitCode: 127, stdout: '', stderr: `cannot run ${file}: ${startError.message}` });
                return;
            }
            resolve({
                exitCode: code ?? 128 + signalNumber(sig),
                stdout: out.text(),
                stderr: err.text(),
            });
        });
    });
}
function signalNumber(sig) {
    return sig === 'SIGKILL' ? 9 : sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1;
}
//# sourceMappingURL=exec.js.map

/***/ }),

/***/ 3506:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ readTextFile),
/* harmony export */   v: () => (/* binding */ withoutBom)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
// Text files of the workspace, read as an editor shows them.

/**
 * The text without the byte order mark some editors write first (U+FEFF). Editors do not
 * show it, so a column counted with it is one too far on line 1: every parser's
 * positions are taken from the text after it.
 */
function withoutBom(text) {
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
/**
 * A UTF-8 text file without its byte order mark, or `'too-big'` when it is larger than
 * `maxBytes` (then it is not read). Throws when it cannot be read.
 */
function readTextFile(path, maxBytes) {
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path).size > maxBytes)
        return 'too-big';
    return withoutBom((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
}
//# sourceMappingURL=text.js.map

/***/ })

};
