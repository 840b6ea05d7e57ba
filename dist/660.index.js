export const id = 660;
export const ids = [660];
export const modules = {

/***/ 3660:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runCheck: () => (/* binding */ runCheck)
});

// UNUSED EXPORTS: selectFiles

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/node_modules/@actions/core/lib/core.js + 5 modules
var core = __webpack_require__(2488);
// EXTERNAL MODULE: ./build/report/publish.js + 5 modules
var publish = __webpack_require__(17);
// EXTERNAL MODULE: ./build/check/variables.js
var variables = __webpack_require__(5098);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./build/check/yaml-nodes.js
// Small helpers over the `yaml` library's node tree, shared by the YAML scanners:
// follow aliases and merge keys (`<<: *defaults`) the way the consumers of these files
// do, read a scalar as written (`tag: 1.10` is "1.10", not 1.1), and turn a node's
// source range into 1-based line and column.

function parseYamlStream(text) {
    const lineCounter = new dist/* LineCounter */.HN();
    const parsed = (0,dist/* parseAllDocuments */.hR)(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
    const docs = Array.isArray(parsed) ? parsed : [];
    const errors = [];
    for (const doc of docs) {
        const err = doc.errors[0];
        if (err) {
            const pos = lineCounter.linePos(err.pos[0]);
            errors.push({ line: pos.line, column: pos.col, message: err.message.split('\n')[0] });
        }
    }
    return { docs, lineCounter, errors };
}
// What each alias of a document stands for, found in one walk: yaml's Alias.resolve walks
// the whole document for every call, and a file of a few thousand aliases then costs
// minutes. An alias names the last anchor of that name before it, in document order.
const anchorsOf = new WeakMap();
function aliasTargets(doc) {
    let targets = anchorsOf.get(doc);
    if (targets)
        return targets;
    targets = new Map();
    const anchors = new Map();
    (0,dist/* visit */.YR)(doc, {
        Node: (_key, node) => {
            if ((0,dist/* isAlias */.Vj)(node))
                targets.set(node, anchors.get(node.source));
            else if (node.anchor)
                anchors.set(node.anchor, node);
        },
    });
    anchorsOf.set(doc, targets);
    return targets;
}
/** The node an alias stands for (its anchor's node); any other node itself. */
function deref(node, doc) {
    let n = node;
    for (let i = 0; i < 32 && (0,dist/* isAlias */.Vj)(n); i++)
        n = aliasTargets(doc).get(n);
    return (0,dist/* isAlias */.Vj)(n) ? undefined : n;
}
function asMap(node, doc) {
    const n = deref(node, doc);
    return (0,dist/* isMap */.jh)(n) ? n : undefined;
}
function asSeq(node, doc) {
    const n = deref(node, doc);
    return (0,dist/* isSeq */.oP)(n) ? n : undefined;
}
/** The key of a pair as text, or undefined when it is not a scalar. */
function keyText(key) {
    return (0,dist/* isScalar */.jn)(key) && key.value !== null && key.value !== undefined
        ? String(key.value)
        : undefined;
}
/** Merged entries one document may expand to, in all: far above any real file. */
const MAX_MERGED_ENTRIES = 100_000;
/** A document whose merge keys expand past MAX_MERGED_ENTRIES: not read further. */
class MergeLimitError extends Error {
    name = 'MergeLimitError';
    constructor() {
        super(`its merge keys (<<) expand to more than ${MAX_MERGED_ENTRIES} entries; the document was not checked`);
    }
}
// Each map's expansion, once: merge sources used again (`<<: [*a, *a]`, nested levels of
// them) are not expanded again, so a small file cannot multiply the work at every level.
// The count bounds what is left (many maps merged many times, alias cycles): every
// expansion step and merged entry counts. (yaml's own maxAliasCount bounds only toJS(),
// which the scanners do not use: they need each node's place in the file.)
const expanded = new WeakMap();
const work = new WeakMap();
function spend(doc, n) {
    const total = (work.get(doc) ?? 0) + n;
    if (total > MAX_MERGED_ENTRIES)
        throw new MergeLimitError();
    work.set(doc, total);
}
/**
 * The entries of a mapping, merge keys expanded: keys written in the map win over
 * merged ones, and an earlier merged map wins over a later one (YAML's merge rules).
 * Throws MergeLimitError past MAX_MERGED_ENTRIES merged entries in the document.
 */
function entries(node, doc) {
    return expand(node, doc, new Set()).entries;
}
function expand(node, doc, open) {
    const map = asMap(node, doc);
    if (!map)
        return { entries: [], complete: true };
    const done = expanded.get(map);
    if (done)
        return { entries: done, complete: true };
    // A map that merges itself, through any number of aliases: nothing more to add.
    if (open.has(map))
        return { entries: [], complete: false };
    // Deeper than any real file nests, and short of the stack's end.
    if (open.size > 256)
        throw new MergeLimitError();
    spend(doc, 1);
    open.add(map);
    let complete = true;
    const own = [];
    const merged = [];
    for (const pair of map.items) {
        const key = keyText(pair.key);
        if (key === undefined)
            continue;
        if (key === '<<' && !((0,dist/* isScalar */.jn)(pair.key) && pair.key.type !== 'PLAIN')) {
            const v = deref(pair.value, doc);
            const sources = (0,dist/* isSeq */.oP)(v) ? v.items : [v];
            for (const s of sources) {
                const more = expand(s, doc, open);
                spend(doc, more.entries.length);
                complete &&= more.complete;
                merged.push(...more.entries);
            }
            continue;
        }
        own.push({ key, keyNode: pair.key, value: deref(pair.value, doc) });
    }
    open.delete(map);
    const seen = new Set(own.map((e) => e.key));
    for (const e of merged) {
        if (!seen.has(e.key)) {
            seen.add(e.key);
            own.push(e);
        }
    }
    // Only a whole expansion is kept: one cut by a cycle depends on where it was entered.
    if (complete)
        expanded.set(map, own);
    return { entries: own, complete };
}
function getEntry(node, doc, key) {
    return entries(node, doc).find((e) => e.key === key);
}
function get(node, doc, key) {
    return getEntry(node, doc, key)?.value;
}
/** A scalar as the file spells it; undefined for maps, sequences and null. */
function scalarText(node) {
    if (!(0,dist/* isScalar */.jn)(node))
        return undefined;
    const s = node;
    if (s.value === null || s.value === undefined)
        return undefined;
    if (s.type === 'PLAIN' && typeof s.source === 'string')
        return s.source;
    return String(s.value);
}
/** Whether a scalar is written but empty (`tag:`, `tag: ""`, `tag: ~`). */
function isEmptyScalar(node) {
    if (node === undefined || node === null)
        return true;
    if (!(0,dist/* isScalar */.jn)(node))
        return false;
    return node.value === null || node.value === undefined || String(node.value) === '';
}
/** The span of a node's value: inside the quotes for a quoted scalar. */
function span(node, lc) {
    let [start, end] = node.range ?? [0, 0];
    if ((0,dist/* isScalar */.jn)(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) {
        start += 1;
        end = Math.max(start, end - 1);
    }
    const s = lc.linePos(start);
    const e = lc.linePos(end);
    return { line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
}
/** The line (1-based) a node starts on. */
function lineOf(node, lc) {
    return lc.linePos(node.range?.[0] ?? 0).line;
}
//# sourceMappingURL=yaml-nodes.js.map
;// CONCATENATED MODULE: ./build/check/compose.js


/** File names compose reads by default, and their usual variants (`docker-compose.prod.yml`). */
function isComposeName(path) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    return /^(docker-)?compose([.-][\w.-]*)?\.ya?ml$/i.test(base);
}
/** The names compose reads by default in a folder, and the override it merges into them,
 *  each in compose's order of preference. */
const COMPOSE_DEFAULT_NAMES = [
    'compose.yaml',
    'compose.yml',
    'docker-compose.yaml',
    'docker-compose.yml',
];
const COMPOSE_OVERRIDE_NAMES = [
    'compose.override.yaml',
    'compose.override.yml',
    'docker-compose.override.yaml',
    'docker-compose.override.yml',
];
/** The names of the file compose merges with this one by default: a default file's
 *  override, an override's default file. Empty for other names (merged only with -f). */
function composePartnerNames(path) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (COMPOSE_DEFAULT_NAMES.includes(base))
        return COMPOSE_OVERRIDE_NAMES;
    if (COMPOSE_OVERRIDE_NAMES.includes(base))
        return COMPOSE_DEFAULT_NAMES;
    return [];
}
/** The services of a compose file's text that have `build:`. */
function composeBuiltServices(text) {
    const built = new Set();
    for (const doc of parseYamlStream(text).docs) {
        if (doc.errors.length > 0)
            continue;
        for (const s of entries(get(doc.contents, doc, 'services'), doc))
            if (getEntry(s.value, doc, 'build'))
                built.add(s.key);
    }
    return built;
}
/** Whether a document looks like a compose file: a `services` map of maps with image or build. */
function looksLikeCompose(doc) {
    const services = entries(get(doc.contents, doc, 'services'), doc);
    return (services.length > 0 &&
        services.every((s) => entries(s.value, doc).length > 0) &&
        services.some((s) => getEntry(s.value, doc, 'image') || getEntry(s.value, doc, 'build')));
}
function parseDotEnv(text) {
    const vars = new Map();
    for (const line of text.split(/\r?\n/)) {
        const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
        if (!m)
            continue;
        const [, name, raw] = m;
        let value;
        const quote = raw[0];
        if (quote === "'" || quote === '"') {
            const end = raw.indexOf(quote, 1);
            // An unclosed quote: not a value compose would read the same way.
            if (end < 0)
                continue;
            value = raw.slice(1, end);
            if (quote === "'") {
                vars.set(name, value);
                continue;
            }
        }
        else
            value = raw.replace(/\s+#.*$/, '').trim();
        const sub = (0,variables/* substituteVariables */.OJ)(value, (n) => vars.get(n), { dollarDollar: true });
        if (!(0,variables/* isUnresolved */.U4)(sub))
            vars.set(name, sub.value);
    }
    return vars;
}
function scanComposeDocument(doc, lc, env, partner) {
    const uses = [];
    for (const service of entries(get(doc.contents, doc, 'services'), doc)) {
        const image = getEntry(service.value, doc, 'image');
        const node = image?.value;
        const written = scalarText(node)?.trim();
        if (!node || !written)
            continue;
        const place = `services.${service.key}.image`;
        const fromEnv = new Set();
        const lookup = (name) => {
            const value = env?.vars.get(name);
            if (value !== undefined)
                fromEnv.add(name);
            return value;
        };
        const sub = (0,variables/* substituteVariables */.OJ)(written, lookup, { dollarDollar: true });
        const pos = span(node, lc);
        const ignoreAbove = [lineOf(service.keyNode, lc)];
        const built = getEntry(service.value, doc, 'build')
            ? { built: `built locally: services.${service.key} has build: beside image:` }
            : partner?.built.has(service.key)
                ? { built: `built locally: services.${service.key} has build: in ${partner.file}` }
                : {};
        if ((0,variables/* isUnresolved */.U4)(sub)) {
            uses.push({
                ...pos,
                image: written,
                written,
                kind: 'compose-service',
                place,
                unresolved: (0,variables/* unresolvedReason */.Ai)(sub, `no default in the file${env ? ` and no value in ${env.file}` : ''}`),
                ignoreAbove,
                ...built,
            });
            continue;
        }
        uses.push({
            ...pos,
            image: sub.value.trim(),
            ...(sub.value.trim() !== written ? { written } : {}),
            ...(fromEnv.size > 0
                ? {
                    via: `${[...fromEnv].map((n) => `${n}=${env.vars.get(n)}`).join(', ')} from ${env.file}`,
                }
                : {}),
            kind: 'compose-service',
            place,
            ignoreAbove,
            ...built,
        });
    }
    return uses;
}
//# sourceMappingURL=compose.js.map
// EXTERNAL MODULE: ./build/image/reference.js
var reference = __webpack_require__(7755);
;// CONCATENATED MODULE: ./build/check/k8s.js


/** Where the pod spec sits in each workload kind. */
const POD_SPEC_PATH = {
    Pod: ['spec'],
    PodTemplate: ['template', 'spec'],
    Deployment: ['spec', 'template', 'spec'],
    StatefulSet: ['spec', 'template', 'spec'],
    DaemonSet: ['spec', 'template', 'spec'],
    ReplicaSet: ['spec', 'template', 'spec'],
    ReplicationController: ['spec', 'template', 'spec'],
    Job: ['spec', 'template', 'spec'],
    CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    // Argo Rollouts keep the Deployment's shape.
    Rollout: ['spec', 'template', 'spec'],
    // OpenShift's DeploymentConfig, and KEDA's ScaledJob (a Job template of its own).
    DeploymentConfig: ['spec', 'template', 'spec'],
    ScaledJob: ['spec', 'jobTargetRef', 'template', 'spec'],
};
/** Kinds whose name core Kubernetes also uses for something else, by their API group. */
const GROUP_POD_SPEC_PATH = {
    // A Knative Service runs containers; a core Service does not.
    'serving.knative.dev': { Service: ['spec', 'template', 'spec'] },
};
/** Argo Workflows' kinds: where their templates sit under `spec`. */
const ARGO_TEMPLATES_PATH = {
    Workflow: ['templates'],
    WorkflowTemplate: ['templates'],
    ClusterWorkflowTemplate: ['templates'],
    CronWorkflow: ['workflowSpec', 'templates'],
};
/** `table[key]` among the table's own keys: a document of kind `constructor` is no workload. */
function own(table, key) {
    return table && Object.hasOwn(table, key) ? table[key] : undefined;
}
/** The API group of an apiVersion (`apps/v1` → `apps`; `v1`, the core group, → ``). */
function apiGroup(apiVersion) {
    const slash = apiVersion?.indexOf('/') ?? -1;
    return slash > 0 ? apiVersion.slice(0, slash) : '';
}
/** The node at a path of keys. */
function atPath(node, doc, path) {
    return path.reduce((n, key) => get(n, doc, key), node);
}
/** Where the pod spec sits in a document of this kind and apiVersion, if it has one. */
function podSpecPath(kind, apiVersion) {
    return own(own(GROUP_POD_SPEC_PATH, apiGroup(apiVersion)), kind) ?? own(POD_SPEC_PATH, kind);
}
const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];
/** `image: ko://github.com/acme/app/cmd/server`: a Go import path ko builds. */
const KO_SCHEME = 'ko://';
/** The `kind` of a document, when it has one. */
function kindOf(doc) {
    return scalarText(get(doc.contents, doc, 'kind'));
}
/** Image uses of one Kubernetes document: a workload, or a List of them. */
function scanK8sDocument(doc, lc) {
    return scanObject(doc.contents, doc, lc, 0);
}
function scanObject(node, doc, lc, depth) {
    const kind = scalarText(get(node, doc, 'kind'));
    if (!kind || depth > 4)
        return [];
    if (kind === 'List' || kind.endsWith('List')) {
        const items = asSeq(get(node, doc, 'items'), doc);
        return (items?.items ?? []).flatMap((item) => scanObject(item, doc, lc, depth + 1));
    }
    const apiVersion = scalarText(get(node, doc, 'apiVersion'));
    const containers = podContainers(kind, apiVersion, node, doc) ?? engineContainers(kind, apiVersion, node, doc);
    const name = scalarText(get(get(node, doc, 'metadata'), doc, 'name'));
    const owner = `${kind}${name ? `/${name}` : ''}`;
    const uses = [];
    for (const { container, at } of containers) {
        const image = getEntry(container, doc, 'image');
        // ko builds a ko:// import path and writes the image it pushed, by digest.
        if (scalarText(image?.value)?.trim().startsWith(KO_SCHEME))
            continue;
        const use = scalarUse(image?.value, doc, lc, 'k8s-container', `${owner} ${at}.image`);
        if (use)
            uses.push(use);
    }
    return uses;
}
/** The items of a list of containers, each named by its `name` or its index. */
function listed(parent, doc, key, at) {
    return (asSeq(get(parent, doc, key), doc)?.items ?? []).map((container, i) => ({
        container,
        at: `${at}${at ? '.' : ''}${key}[${scalarText(get(container, doc, 'name')) ?? i}]`,
    }));
}
/** A workload's containers, from its pod spec; undefined for a kind with none. */
function podContainers(kind, apiVersion, node, doc) {
    const path = podSpecPath(kind, apiVersion);
    if (!path)
        return undefined;
    const spec = atPath(node, doc, path);
    return CONTAINER_LISTS.flatMap((list) => listed(spec, doc, list, path.join('.')));
}
/**
 * The containers of workflow engines' kinds, which are no pod specs: Argo Workflows'
 * templates (`container`, `script`, `initContainers`, `sidecars`, `containerSet`) and
 * Tekton's steps and sidecars (of a Task, or of the tasks a Pipeline or a run embeds).
 */
function engineContainers(kind, apiVersion, node, doc) {
    const group = apiGroup(apiVersion);
    const spec = get(node, doc, 'spec');
    if (group === 'argoproj.io') {
        const path = own(ARGO_TEMPLATES_PATH, kind);
        if (!path)
            return [];
        return (asSeq(atPath(spec, doc, path), doc)?.items ?? []).flatMap((t, i) => {
            const at = `spec.${path.join('.')}[${scalarText(get(t, doc, 'name')) ?? i}]`;
            const single = ['container', 'script']
                .filter((k) => get(t, doc, k))
                .map((k) => ({ container: get(t, doc, k), at: `${at}.${k}` }));
            return [
                ...single,
                ...listed(t, doc, 'initContainers', at),
                ...listed(t, doc, 'sidecars', at),
                ...listed(get(t, doc, 'containerSet'), doc, 'containers', `${at}.containerSet`),
            ];
        });
    }
    if (group === 'tekton.dev') {
        const steps = (taskSpec, at) => [
            ...listed(taskSpec, doc, 'steps', at),
            ...listed(taskSpec, doc, 'sidecars', at),
        ];
        const pipelineTasks = (pipelineSpec, at) => ['tasks', 'finally'].flatMap((key) => (asSeq(get(pipelineSpec, doc, key), doc)?.items ?? []).flatMap((task, i) => steps(get(task, doc, 'taskSpec'), `${at}.${key}[${scalarText(get(task, doc, 'name')) ?? i}].taskSpec`)));
        if (kind === 'Task' || kind === 'ClusterTask')
            return steps(spec, 'spec');
        if (kind === 'TaskRun')
            return steps(get(spec, doc, 'taskSpec'), 'spec.taskSpec');
        if (kind === 'Pipeline')
            return pipelineTasks(spec, 'spec');
        if (kind === 'PipelineRun')
            return pipelineTasks(get(spec, doc, 'pipelineSpec'), 'spec.pipelineSpec');
    }
    return [];
}
/** A use for a scalar holding a whole reference; undefined when it is not a non-empty string. */
function scalarUse(node, _doc, lc, kind, place, ignoreAbove = []) {
    const text = scalarText(node)?.trim();
    if (!node || !text)
        return undefined;
    const pos = span(node, lc);
    if ((0,variables/* hasVariables */.cF)(text)) {
        return {
            ...pos,
            image: text,
            written: text,
            kind,
            place,
            unresolved: 'it is filled in by a variable or a template when deployed',
            ignoreAbove,
        };
    }
    return { ...pos, image: text, kind, place, ignoreAbove };
}
//# sourceMappingURL=k8s.js.map
;// CONCATENATED MODULE: ./build/check/kustomize.js


/** Kinds read as kustomizations: `images:`, `resources:`, `components:`. */
const KUSTOMIZE_KINDS = new Set(['Kustomization', 'Component']);
/** The name kustomize matches an `images:` entry against: the reference without tag or digest. */
function imageName(ref) {
    const at = ref.indexOf('@');
    const base = at >= 0 ? ref.slice(0, at) : ref;
    const slash = base.lastIndexOf('/');
    const colon = base.lastIndexOf(':');
    return colon > slash ? base.slice(0, colon) : base;
}
/** The `:tag`, `@digest` or `:tag@digest` a reference carries after its name. */
function suffixOf(ref) {
    return ref.slice(imageName(ref).length);
}
/** One item of `images:`; undefined without a name. */
function entryOf(item, doc) {
    const name = scalarText(get(item, doc, 'name'))?.trim();
    if (!name)
        return undefined;
    const field = (k) => {
        const v = scalarText(get(item, doc, k))?.trim();
        return v ? { [k]: v } : {};
    };
    return { name, ...field('newName'), ...field('newTag'), ...field('digest') };
}
const isEntry = (e) => e !== undefined;
/** The `images:` entries of a kustomization, in order. */
function imageEntries(node, doc) {
    return (asSeq(get(node, doc, 'images'), doc)?.items ?? [])
        .map((i) => entryOf(i, doc))
        .filter(isEntry);
}
/** `resources:` (and the older `bases:`), then `components:`, as written. */
function kustomizeRefs(node, doc) {
    const list = (key) => (asSeq(get(node, doc, key), doc)?.items ?? [])
        .map((i) => scalarText(i)?.trim())
        .filter((s) => !!s);
    return { resources: [...list('resources'), ...list('bases')], components: list('components') };
}
/** One entry applied to one reference, as kustomize's images transformer does. */
function applyEntry(ref, e) {
    if (imageName(ref) !== e.name)
        return ref;
    const name = e.newName ?? e.name;
    if (e.digest)
        return `${name}@${e.digest}`;
    if (e.newTag)
        return `${name}:${e.newTag}`;
    return `${name}${suffixOf(ref)}`;
}
/** The references after the entries, each applied in turn. */
function applyImageEntries(refs, entries) {
    return refs.map((r) => entries.reduce(applyEntry, r));
}
/**
 * Whether a build pins the reference: the last entry that sets its tag or digest (on the
 * name the reference has by then; a later rename keeps them) gives a digest, or a tag
 * other than latest. A build that leaves the reference's own tag does not pin it.
 */
function pinnedBy(ref, entries) {
    let current = ref;
    let pinned = false;
    for (const e of entries) {
        if (imageName(current) !== e.name)
            continue;
        if (e.digest)
            pinned = true;
        else if (e.newTag)
            pinned = e.newTag !== 'latest';
        current = applyEntry(current, e);
    }
    return pinned;
}
/**
 * A manifest's container uses as the kustomizations that build on it build them: without
 * those every build pins (judged at the `images:` entries that pin them). A use that
 * some builds pin and others do not says which do not. Other uses are left as they are.
 */
function asBuilt(uses, builds) {
    const roots = new Set(builds.map((b) => b.root));
    return uses.flatMap((u) => {
        if (u.kind !== 'k8s-container' || u.unresolved)
            return [u];
        const leaving = new Set(builds.filter((b) => !pinnedBy(u.image, b.entries)).map((b) => b.root));
        if (leaving.size === 0)
            return [];
        if (leaving.size === roots.size)
            return [u];
        const via = `${[...leaving].join(', ')} builds on it and does not pin it`;
        return [{ ...u, via: u.via ? `${u.via}; ${via}` : via }];
    });
}
/**
 * Image uses of a kustomization's `images:`. `inputs`: the references its resources and
 * components hold, when they could be read; without them a `newName`-only entry is not
 * reported.
 */
function scanKustomization(node, doc, lc, inputs = []) {
    const kind = scalarText(get(node, doc, 'kind')) === 'Component' ? 'Component' : 'Kustomization';
    const images = asSeq(get(node, doc, 'images'), doc);
    const uses = [];
    images?.items.forEach((item, i) => {
        const nameNode = get(item, doc, 'name');
        const newNameNode = get(item, doc, 'newName');
        const newTagNode = get(item, doc, 'newTag');
        const digestNode = get(item, doc, 'digest');
        const given = scalarText(nameNode)?.trim();
        const name = scalarText(newNameNode)?.trim() || given;
        if (!name)
            return;
        const digest = scalarText(digestNode)?.trim();
        const tag = scalarText(newTagNode)?.trim();
        const where = `${kind} images[${given ?? i}]`;
        if (digest) {
            const use = scalarUse(digestNode, doc, lc, 'kustomize-image', `${where}.digest`);
            if (use && !use.unresolved)
                uses.push({ ...use, image: `${imageName(name)}@${digest}` });
            return;
        }
        if (tag) {
            const use = scalarUse(newTagNode, doc, lc, 'kustomize-image', `${where}.newTag`);
            if (use)
                uses.push(use.unresolved ? use : { ...use, image: `${imageName(name)}:${tag}` });
            return;
        }
        if (!newNameNode || !given)
            return;
        const use = scalarUse(newNameNode, doc, lc, 'kustomize-image', `${where}.newName`);
        if (!use)
            return;
        // A newName that carries its own tag or digest is judged as written.
        if (use.unresolved || imageName(name) !== name) {
            uses.push(use);
            return;
        }
        // The references this entry sees: the resources', after the entries above it.
        const above = images.items.slice(0, i).map((x) => entryOf(x, doc));
        const before = applyImageEntries(inputs, above.filter(isEntry));
        const matched = [...new Set(before.filter((r) => imageName(r) === given))];
        for (const ref of matched) {
            const suffix = suffixOf(ref);
            uses.push({
                ...use,
                image: `${name}${suffix}`,
                via: suffix
                    ? `newName keeps the tag of ${ref} in the resources`
                    : `newName keeps the reference ${ref} of the resources, which has no tag`,
            });
        }
    });
    return uses;
}
//# sourceMappingURL=kustomize.js.map
;// CONCATENATED MODULE: ./build/check/helm.js





const CHART_NAMES = ['Chart.yaml', 'Chart.yml'];
/** `appVersion` of a Chart.yaml text, as written. */
function chartAppVersion(text) {
    const { docs } = parseYamlStream(text);
    const doc = docs[0];
    if (!doc || doc.errors.length > 0)
        return undefined;
    const v = scalarText(get(doc.contents, doc, 'appVersion'))?.trim();
    return v ? v : undefined;
}
const ACTION = /\{\{-?([\s\S]*?)-?\}\}/g;
const APP_VERSION = /\.[Cc]hart\.AppVersion\b/;
function actionsOf(text) {
    return [...text.matchAll(ACTION)].map((m) => m[1]);
}
/**
 * How the templates fill in the tag of the values map at `path` (`image`,
 * `upgradeJob.image.busybox`):
 * - an action that reads `.Values.<path>.tag` and falls back to `.Chart.AppVersion`
 *   (`| default .Chart.AppVersion`, `default .Chart.AppVersion …`) → appVersion;
 * - a line that reads `.Values.<path>.repository` with `.Chart.AppVersion` (the tag
 *   value unused) → appVersion;
 * - the map handed whole to a helper (`include "x.image" (dict "imageRoot" .Values.image
 *   "chart" .Chart)`) in a chart whose templates default a tag to AppVersion → appVersion;
 * - a template that reads `.Values.<path>.tag` with no AppVersion anywhere in it → none;
 * - anything else (lists, `index`, a tag passed through variables) → unknown.
 */
function templateFallback(templates, path) {
    if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(path))
        return { kind: 'unknown' };
    const at = `\\.Values\\.${path.replace(/\./g, '\\.')}`;
    const tagRef = new RegExp(`${at}\\.tag(?![\\w.])`);
    const repoRef = new RegExp(`${at}\\.(repository|name|image)(?![\\w.])`);
    const wholeRef = new RegExp(`${at}(?![\\w.])`);
    let none;
    let unknown = false;
    for (const t of templates) {
        if (!tagRef.test(t.text))
            continue;
        const actions = actionsOf(t.text);
        if (actions.some((a) => tagRef.test(a) && APP_VERSION.test(a)))
            return { kind: 'appVersion', template: t.path };
        if (actions.some((a) => APP_VERSION.test(a)))
            unknown = true;
        else
            none ??= t.path;
    }
    if (unknown)
        return { kind: 'unknown' };
    if (none)
        return { kind: 'none', template: none };
    for (const t of templates) {
        const line = t.text.split('\n').find((l) => repoRef.test(l) && APP_VERSION.test(l));
        if (line !== undefined)
            return { kind: 'appVersion', template: t.path };
    }
    if (templates.some((t) => actionsOf(t.text).some((a) => wholeRef.test(a)))) {
        const helper = templates.find((t) => actionsOf(t.text).some((a) => APP_VERSION.test(a) && /\bdefault\b/.test(a)));
        if (helper)
            return { kind: 'appVersion', template: helper.path };
    }
    return { kind: 'unknown' };
}
/** Keys that hold one image: `image`, `initImage`, `sidecar_image`, `proxy-image`. */
const IMAGE_KEY = /^(image|.*Image|.*[_-]image)$/;
/** Keys that hold a list of images: `images`, `extraImages`, `extra_images`. */
const IMAGE_LIST_KEY = /^(images|.*Images|.*[_-]images)$/;
/** Keys that only an image map has beside `repository` or `name`. */
const IMAGE_MAP_KEYS = ['tag', 'digest', 'sha', 'registry', 'pullPolicy'];
function scanHelmValues(doc, lc, opts = {}) {
    const uses = [];
    const seen = new Set();
    // keyLine: the line of the key that owns the node (`image:`); an ignore comment above
    // it silences the whole map.
    const walk = (node, path, key, keyLine, depth) => {
        if (!node || depth > 40 || seen.has(node))
            return;
        seen.add(node);
        const seq = asSeq(node, doc);
        if (seq) {
            seq.items.forEach((item, i) => {
                const here = `${path}[${i}]`;
                if (IMAGE_LIST_KEY.test(key) && scalarText(item) !== undefined) {
                    const use = scalarUse(item, doc, lc, 'helm-values', here);
                    if (use)
                        uses.push(use);
                }
                else
                    walk(item, here, key, keyLine, depth + 1);
            });
            return;
        }
        const own = entries(node, doc);
        if (own.length === 0)
            return;
        const mapUse = imageMapUse(own, key, keyLine, doc, lc, path, opts);
        if (mapUse) {
            uses.push(mapUse);
            return;
        }
        for (const e of own) {
            const here = path ? `${path}.${e.key}` : e.key;
            if (IMAGE_KEY.test(e.key) && scalarText(e.value) !== undefined) {
                const use = scalarUse(e.value, doc, lc, 'helm-values', here);
                if (use)
                    uses.push(use);
                continue;
            }
            walk(e.value, here, e.key, lineOf(e.keyNode, lc), depth + 1);
        }
    };
    walk(doc.contents, '', '', 0, 0);
    return uses;
}
function isReference(text) {
    try {
        (0,reference/* parseImageReference */.o_)(text);
        return true;
    }
    catch {
        return false;
    }
}
/** The entry naming the image in a map of one of the image shapes, or undefined. */
function imageNameEntry(own, key) {
    const has = (k) => own.some((e) => e.key === k);
    const scalar = (k) => {
        const e = own.find((x) => x.key === k);
        return e && scalarText(e.value)?.trim() ? e : undefined;
    };
    const imageish = IMAGE_KEY.test(key) || IMAGE_LIST_KEY.test(key);
    const marked = IMAGE_MAP_KEYS.some(has);
    const repository = scalar('repository');
    if (repository)
        return imageish || marked ? repository : undefined;
    const image = scalar('image');
    if (image && has('tag'))
        return image;
    const name = scalar('name');
    if (name && has('tag') && (imageish || IMAGE_MAP_KEYS.slice(1).some(has)))
        return name;
    return undefined;
}
function imageMapUse(own, key, keyLine, doc, lc, path, opts) {
    const repoEntry = imageNameEntry(own, key);
    if (!repoEntry?.value)
        return undefined;
    const repository = scalarText(repoEntry.value).trim();
    const entry = (k) => own.find((e) => e.key === k);
    const ignoreAbove = keyLine > 0 ? [keyLine] : [];
    const registry = scalarText(entry('registry')?.value)?.trim();
    const name = `${registry ? `${registry}/` : ''}${repository}`;
    const here = (k) => (path ? `${path}.${k}` : k);
    if ((0,variables/* hasVariables */.cF)(name)) {
        return scalarUse(repoEntry.value, doc, lc, 'helm-values', here(repoEntry.key), ignoreAbove);
    }
    // Outside an image key, a map is an image only if it names one (not a chart or git URL).
    if (!IMAGE_KEY.test(key) && !IMAGE_LIST_KEY.test(key) && !isReference(name))
        return undefined;
    const digestEntry = [entry('digest'), entry('sha')].find((e) => scalarText(e?.value)?.trim());
    if (digestEntry) {
        const digest = scalarText(digestEntry.value).trim();
        const use = scalarUse(digestEntry.value, doc, lc, 'helm-values', here(digestEntry.key), ignoreAbove);
        return use && !use.unresolved
            ? {
                ...use,
                image: `${imageName(name)}@${digest.includes(':') ? digest : `sha256:${digest}`}`,
            }
            : use;
    }
    const tagEntry = entry('tag');
    const tag = tagEntry && !isEmptyScalar(tagEntry.value) ? scalarText(tagEntry.value)?.trim() : undefined;
    if (tag) {
        const use = scalarUse(tagEntry.value, doc, lc, 'helm-values', here('tag'), ignoreAbove);
        return use && !use.unresolved ? { ...use, image: `${name}:${tag}` } : use;
    }
    // The repository may carry its own tag or digest (`repository: nginx:1.27`).
    if (/[:@]/.test(repository.slice(repository.lastIndexOf('/') + 1))) {
        return scalarUse(repoEntry.value, doc, lc, 'helm-values', here(repoEntry.key), ignoreAbove);
    }
    // No tag: point at an empty `tag:` when it is written, else at the repository.
    const pos = tagEntry
        ? joinSpans(span(tagEntry.keyNode, lc), tagEntry.value, lc)
        : span(repoEntry.value, lc);
    const place = `${here(tagEntry ? 'tag' : repoEntry.key)}${tagEntry ? ' (empty)' : ' (no tag)'}`;
    const base = { ...pos, kind: 'helm-values', place, ignoreAbove };
    return { ...base, ...emptyTag(name, path, opts) };
}
/**
 * What an empty or missing tag resolves to, from the chart around the values file. The
 * finding's place already says the tag is empty; `via` and `unresolved` say the rest.
 */
function emptyTag(name, path, opts) {
    const chart = opts.chart;
    if (!chart) {
        return {
            image: name,
            unresolved: `no Chart.yaml is beside ${opts.file ?? 'the values file'}, so the tag comes from a chart the check cannot see`,
        };
    }
    const fallback = templateFallback(chart.templates, path);
    if (fallback.kind === 'unknown') {
        const dir = chart.file.slice(0, chart.file.lastIndexOf('/') + 1);
        return {
            image: name,
            unresolved: `the templates of ${dir || 'the chart'} do not show what fills in the tag`,
        };
    }
    if (fallback.kind === 'none')
        return { image: name, via: `${fallback.template} uses the tag with no fallback` };
    if (!chart.appVersion) {
        return {
            image: name,
            via: `${fallback.template} falls back to the chart's appVersion, and ${chart.file} has none`,
        };
    }
    return {
        image: `${name}:${chart.appVersion}`,
        via: `${fallback.template} falls back to appVersion "${chart.appVersion}" of ${chart.file}`,
    };
}
/** From the start of `from` to the end of `to` (the whole `tag: ""`). */
function joinSpans(from, to, lc) {
    if (!to?.range)
        return from;
    const e = lc.linePos(to.range[1]);
    return e.line === from.line && e.col > from.column
        ? { ...from, endLine: e.line, endColumn: e.col }
        : from;
}
/** The chart directory of a values file: where its Chart.yaml would be. */
function chartDirOf(valuesPath) {
    const slash = valuesPath.lastIndexOf('/');
    return slash >= 0 ? valuesPath.slice(0, slash) : '';
}
//# sourceMappingURL=helm.js.map
// EXTERNAL MODULE: ./build/check/dockerfile.js
var dockerfile = __webpack_require__(1581);
;// CONCATENATED MODULE: ./build/check/skaffold.js


const SKAFFOLD_NAMES = ['skaffold.yaml', 'skaffold.yml'];
/** The artifact image names of a skaffold.yaml text (every document, every profile). */
function skaffoldArtifacts(text) {
    const { docs } = parseYamlStream(text);
    const out = new Set();
    for (const doc of docs) {
        if (doc.errors.length > 0)
            continue;
        const builds = [get(doc.contents, doc, 'build')];
        for (const p of asSeq(get(doc.contents, doc, 'profiles'), doc)?.items ?? [])
            builds.push(get(p, doc, 'build'));
        for (const build of builds) {
            for (const a of asSeq(get(build, doc, 'artifacts'), doc)?.items ?? []) {
                const image = scalarText(get(a, doc, 'image'))?.trim();
                if (image)
                    out.add(image);
            }
        }
    }
    return [...out];
}
/**
 * Mark the uses that name a Skaffold artifact (by name, without tag) as built. Dockerfile
 * uses are left alone: Skaffold does not rewrite a FROM.
 */
function markSkaffoldArtifacts(uses, configs) {
    if (configs.length === 0)
        return uses;
    return uses.map((u) => {
        if (u.built || u.unresolved || u.kind.startsWith('dockerfile'))
            return u;
        const config = configs.find((c) => c.artifacts.includes(imageName(u.image)));
        return config
            ? {
                ...u,
                built: `a Skaffold artifact of ${config.file}: Skaffold replaces it with the image it builds`,
            }
            : u;
    });
}
//# sourceMappingURL=skaffold.js.map
;// CONCATENATED MODULE: ./build/check/workflow.js
// GitHub Actions files: a workflow's job containers (`jobs.<id>.container`, a string or
// `.image`), service containers (`jobs.<id>.services.<id>.image`) and Docker steps
// (`uses: docker://image`); and an action's own metadata (`runs.image: docker://…`, a
// composite action's `runs.steps[].uses: docker://…`).
// Pure. An expression is set at run time and reported as unresolved, but for a job's own
// `matrix.<key>`, written out in its `strategy.matrix`: each value it takes (after
// `exclude` and `include`, as GitHub combines them) is judged (`node:${{ matrix.node }}`
// with `node: [20, 22]`).


function isWorkflowPath(path) {
    return /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}
function isActionMetadataPath(path) {
    return /(^|\/)action\.ya?ml$/.test(path);
}
const DOCKER_SCHEME = 'docker://';
function scanWorkflowDocument(doc, lc) {
    const uses = [];
    for (const job of entries(get(doc.contents, doc, 'jobs'), doc)) {
        const matrix = matrixCombos(job.value, doc);
        const referenceUse = (node, kind, place, ignoreAbove = []) => referenceUses(node, lc, kind, place, ignoreAbove, matrix);
        const container = getEntry(job.value, doc, 'container');
        if (container?.value) {
            const node = scalarText(container.value) !== undefined
                ? container.value
                : get(container.value, doc, 'image');
            const place = `jobs.${job.key}.container${node === container.value ? '' : '.image'}`;
            uses.push(...referenceUse(node, 'workflow-container', place, [lineOf(container.keyNode, lc)]));
        }
        for (const service of entries(get(job.value, doc, 'services'), doc)) {
            const node = scalarText(service.value) !== undefined ? service.value : get(service.value, doc, 'image');
            uses.push(...referenceUse(node, 'workflow-service', `jobs.${job.key}.services.${service.key}.image`, [
                lineOf(service.keyNode, lc),
            ]));
        }
        for (const step of dockerSteps(get(job.value, doc, 'steps'), doc, `jobs.${job.key}.steps`))
            uses.push(...referenceUse(step.node, 'workflow-step', step.place));
    }
    return uses;
}
/** The `uses: docker://…` of a list of steps, each with its place (by name, id or index). */
function dockerSteps(steps, doc, at) {
    return (asSeq(steps, doc)?.items ?? []).flatMap((step, i) => {
        const node = get(step, doc, 'uses');
        if (!node || !scalarText(node)?.trim().startsWith(DOCKER_SCHEME))
            return [];
        const name = scalarText(get(step, doc, 'name')) ?? scalarText(get(step, doc, 'id'));
        return [{ node, place: `${at}[${name ?? i}].uses` }];
    });
}
/** A Docker container action: `runs: {using: docker, image: docker://…}`. */
function scanActionMetadata(doc, lc) {
    const runs = get(doc.contents, doc, 'runs');
    const using = scalarText(get(runs, doc, 'using'));
    // A composite action's steps may run a container too.
    if (using === 'composite')
        return dockerSteps(get(runs, doc, 'steps'), doc, 'runs.steps').flatMap((step) => referenceUses(step.node, lc, 'action-image', step.place));
    if (using !== 'docker')
        return [];
    const node = get(runs, doc, 'image');
    if (!scalarText(node)?.trim().startsWith(DOCKER_SCHEME))
        return [];
    return referenceUses(node, lc, 'action-image', 'runs.image');
}
/** GitHub's limit on a matrix's jobs; a bigger one is not expanded here. */
const MAX_COMBINATIONS = 256;
/** A matrix value as GitHub hands it to an expression: numbers as numbers (3.10 is 3.1). */
function matrixValue(node) {
    if ((0,dist/* isScalar */.jn)(node) && (typeof node.value === 'number' || typeof node.value === 'boolean'))
        return String(node.value);
    return scalarText(node);
}
/**
 * The job's matrix combinations, as GitHub forms them: the product of its keys' lists,
 * less `exclude`, then each `include` added to every one of them whose original values
 * it keeps (overwriting what an earlier include added), or else a combination of its
 * own. Undefined without a matrix written out.
 */
function matrixCombos(job, doc) {
    const matrix = get(get(job, doc, 'strategy'), doc, 'matrix');
    if (!matrix || scalarText(matrix) !== undefined)
        return undefined;
    const objects = (key) => (asSeq(get(matrix, doc, key), doc)?.items ?? []).map((item) => Object.fromEntries(entries(item, doc).map((e) => [e.key, matrixValue(e.value)])));
    let combos = [{}];
    const original = new Set();
    for (const e of entries(matrix, doc)) {
        if (e.key === 'include' || e.key === 'exclude')
            continue;
        original.add(e.key);
        const seq = asSeq(e.value, doc);
        // Not a list (an expression such as fromJSON(...)): its values are not known here.
        const values = seq ? seq.items.map(matrixValue) : [undefined];
        combos = combos.flatMap((c) => values.map((v) => ({ ...c, [e.key]: v })));
        if (combos.length > MAX_COMBINATIONS)
            return undefined;
    }
    const excluded = objects('exclude');
    combos = combos.filter((c) => !excluded.some((x) => Object.entries(x).every(([k, v]) => v !== undefined && c[k] === v)));
    if (original.size === 0)
        combos = [];
    // An include is added to the product's combinations only; one it fits none of is a
    // combination of its own (so an include-only matrix has one per entry).
    const own = [];
    for (const inc of objects('include')) {
        let added = false;
        combos = combos.map((c) => {
            const keeps = Object.entries(inc).every(([k, v]) => !original.has(k) || c[k] === v);
            if (!keeps)
                return c;
            added = true;
            return { ...c, ...inc };
        });
        if (!added)
            own.push({ ...inc });
        if (combos.length + own.length > MAX_COMBINATIONS)
            return undefined;
    }
    return [...combos, ...own];
}
const EXPRESSION = /\$\{\{\s*(.*?)\s*\}\}/g;
const MATRIX_KEY = /^matrix\.([A-Za-z_][\w-]*)$/;
/**
 * The references a text names in each matrix combination, each with the values that
 * made it; undefined when it uses any other expression, or a matrix value not written out.
 */
function expandMatrix(text, combos) {
    const keys = [...text.matchAll(EXPRESSION)].map((m) => MATRIX_KEY.exec(m[1])?.[1]);
    if (!combos || combos.length === 0 || keys.some((k) => k === undefined))
        return undefined;
    // Own keys only: matrix.constructor is no value of the matrix.
    const value = (c, k) => (Object.hasOwn(c, k) ? c[k] : undefined);
    const images = new Map();
    for (const c of combos) {
        if (keys.some((k) => value(c, k) === undefined))
            return undefined;
        const image = text.replace(EXPRESSION, (_, expr) => value(c, MATRIX_KEY.exec(expr)[1]));
        if (!images.has(image))
            images.set(image, [...new Set(keys)].map((k) => `matrix.${k} = ${value(c, k)}`).join(', '));
    }
    return images;
}
function referenceUses(node, lc, kind, place, ignoreAbove = [], matrix) {
    const raw = scalarText(node);
    if (!node || raw === undefined || raw.trim() === '')
        return [];
    const pos = span(node, lc);
    let text = raw.trim();
    const lead = raw.length - raw.trimStart().length;
    let column = pos.column + lead;
    if (text.startsWith(DOCKER_SCHEME)) {
        text = text.slice(DOCKER_SCHEME.length);
        column += DOCKER_SCHEME.length;
    }
    const at = {
        ...pos,
        column,
        ...(pos.endLine === pos.line ? { endColumn: column + text.length } : {}),
    };
    if (text.includes('${{')) {
        const expanded = expandMatrix(text, matrix);
        if (expanded)
            return [...expanded].map(([image, via]) => ({
                ...at,
                image,
                written: text,
                via,
                kind,
                place,
                ignoreAbove,
            }));
        return [
            {
                ...at,
                image: text,
                written: text,
                kind,
                place,
                unresolved: 'it is set at run time by an expression',
                ignoreAbove,
            },
        ];
    }
    return [{ ...at, image: text, kind, place, ignoreAbove }];
}
//# sourceMappingURL=workflow.js.map
;// CONCATENATED MODULE: ./build/check/scan.js
// Which scanner reads a file, by its path and then its content, and the one entry
// point that runs it. Pure: path, text and what other files say (ScanContext) in, image
// uses and problems out.
//   Dockerfile, Dockerfile.prod, api.dockerfile, …     → Dockerfile
//   .github/workflows/*.yml                             → workflow
//   action.yml                                          → action metadata (docker:// image)
//   kustomization.yaml / kind: Kustomization, Component → kustomize images
//   a document with `kind:`                             → Kubernetes manifest
//   compose*.yml, or a `services:` map                  → compose
//   values*.yaml (a chart's values)                     → Helm values








/** Whether the check reads this path at all (by name only: no I/O). */
function classifyPath(path) {
    if ((0,dockerfile/* isDockerfileName */.S)(path))
        return 'dockerfile';
    if (/\.ya?ml$/i.test(path))
        return 'yaml';
    return undefined;
}
function isKustomizationName(path) {
    return /(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(path);
}
function isValuesName(path) {
    return /(^|\/)values[^/]*\.ya?ml$/i.test(path);
}
/** A Helm chart template (`templates/*.yaml` with `{{ }}`): not YAML until rendered. */
function isHelmTemplate(path, text) {
    return /(^|\/)templates\//.test(path) && text.includes('{{');
}
function scanFileUnbounded(path, text, ctx) {
    const cls = classifyPath(path) ?? (isKustomizationName(path) ? 'yaml' : undefined);
    if (cls === 'dockerfile') {
        const r = (0,dockerfile/* scanDockerfile */.Y)(text);
        return { uses: r.uses, problems: r.problems, readAs: ['Dockerfile'] };
    }
    if (cls !== 'yaml')
        return {
            uses: [],
            problems: [],
            readAs: [],
            skipped: 'YAML file with no image field the check reads',
        };
    if (isHelmTemplate(path, text))
        return { uses: [], problems: [], readAs: [], skipped: 'Helm template' };
    // Read for context (appVersion, artifacts), never for images that are pulled.
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (CHART_NAMES.includes(base))
        return { uses: [], problems: [], readAs: [], skipped: 'Helm Chart.yaml' };
    if (SKAFFOLD_NAMES.includes(base))
        return { uses: [], problems: [], readAs: [], skipped: 'Skaffold config' };
    const { docs, lineCounter: lc, errors } = parseYamlStream(text);
    const problems = errors.map((e) => ({
        line: e.line,
        column: e.column,
        message: `is not valid YAML: ${e.message}`,
    }));
    const uses = [];
    const readAs = new Set();
    for (const doc of docs) {
        if (doc.errors.length > 0)
            continue;
        if (isWorkflowPath(path)) {
            readAs.add('workflow');
            uses.push(...scanWorkflowDocument(doc, lc));
            continue;
        }
        if (isActionMetadataPath(path)) {
            readAs.add('action metadata');
            uses.push(...scanActionMetadata(doc, lc));
            continue;
        }
        const kind = kindOf(doc);
        if (kind && KUSTOMIZE_KINDS.has(kind)) {
            readAs.add(kind === 'Component' ? 'kustomize Component' : 'kustomization');
            uses.push(...scanKustomization(doc.contents ?? undefined, doc, lc, ctx.kustomizeInputs));
            continue;
        }
        if (kind) {
            readAs.add('Kubernetes manifest');
            uses.push(...scanK8sDocument(doc, lc));
            continue;
        }
        if (isKustomizationName(path)) {
            // kustomize accepts a kustomization without apiVersion/kind.
            readAs.add('kustomization');
            uses.push(...scanKustomization(doc.contents ?? undefined, doc, lc, ctx.kustomizeInputs));
            continue;
        }
        if (isComposeName(path) || looksLikeCompose(doc)) {
            readAs.add('compose file');
            uses.push(...scanComposeDocument(doc, lc, ctx.dotEnv, ctx.composePartner));
            continue;
        }
        if (isValuesName(path)) {
            readAs.add('Helm values');
            uses.push(...scanHelmValues(doc, lc, { file: path, ...(ctx.chart ? { chart: ctx.chart } : {}) }));
        }
    }
    const marked = markSkaffoldArtifacts(uses, ctx.skaffold ?? []);
    marked.sort((a, b) => a.line - b.line || a.column - b.column);
    const scan = { uses: marked, problems, readAs: [...readAs] };
    if (readAs.size === 0)
        scan.skipped =
            problems.length > 0 ? 'not valid YAML' : 'YAML file with no image field the check reads';
    return scan;
}
/** The images a file names; a merge-key bomb is reported as a problem, never a finding. */
function scanFile(path, text, ctx = {}) {
    try {
        return scanFileUnbounded(path, text, ctx);
    }
    catch (err) {
        if (!(err instanceof MergeLimitError))
            throw err;
        return { uses: [], problems: [{ line: 1, column: 1, message: err.message }], readAs: [] };
    }
}
//# sourceMappingURL=scan.js.map
// EXTERNAL MODULE: ./build/util/text.js
var util_text = __webpack_require__(3506);
;// CONCATENATED MODULE: ./build/check/files.js
// Which files the check reads: the whole workspace (`scope: all`), or the files of the
// pull request (`scope: changed`) — from the GitHub API, or from `git diff` between the
// event's base and head commits when the API cannot be reached. The only module of the
// check that touches disk, git or the network.
// Synchronous file calls: the check reads thousands of small files one after the other
// and has nothing to do meanwhile; each async call is a round trip through libuv's thread
// pool (open, fstat, read, close), which on a busy 2-core runner took most of the time.






/** Directories never walked: VCS data, dependencies, virtualenvs, vendored code. */
const SKIPPED_DIRS = new Set([
    '.git',
    '.hg',
    '.svn',
    'node_modules',
    'bower_components',
    'vendor',
    'third_party',
    '.venv',
    'venv',
    '__pycache__',
    '.terraform',
    '.tox',
]);
/** Larger files are skipped: a manifest or Dockerfile is never this big. */
const MAX_FILE_BYTES = 1024 * 1024;
/** Enough for any repository; a bound in case the workspace holds something huge. */
const MAX_FILES = 20_000;
/** Whether the check reads a path at all (by name). */
function isCandidate(path) {
    if (path.split('/').some((part) => SKIPPED_DIRS.has(part)))
        return false;
    return classifyPath(path) !== undefined || isKustomizationName(path);
}
/** Every candidate file under root, relative with `/`, sorted. Symlinks are not followed. */
async function walkWorkspace(root) {
    const out = [];
    const walk = async (dir) => {
        let dirents;
        try {
            dirents = (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true });
        }
        catch {
            return;
        }
        for (const d of dirents) {
            if (out.length >= MAX_FILES)
                return;
            const full = (0,external_node_path_.join)(dir, d.name);
            if (d.isDirectory()) {
                if (!SKIPPED_DIRS.has(d.name))
                    await walk(full);
            }
            else if (d.isFile()) {
                const rel = (0,external_node_path_.relative)(root, full).split(external_node_path_.sep).join('/');
                if (isCandidate(rel))
                    out.push(rel);
            }
        }
    };
    await walk(root);
    return out.sort();
}
/** A file still in the workspace (not deleted by the PR), small enough to read. */
async function readableFile(root, rel) {
    try {
        const st = (0,external_node_fs_.lstatSync)((0,external_node_path_.join)(root, rel));
        if (!st.isFile())
            return 'missing';
        return st.size > MAX_FILE_BYTES ? 'too-big' : 'ok';
    }
    catch {
        return 'missing';
    }
}
/**
 * The changed files, and the files whose judgement a change to another file moves:
 * - the compose files beside a changed `.env` (their variables), and the file compose
 *   merges with a changed compose file by default (its `build:`);
 * - a chart's values files, when its `Chart.yaml` (appVersion) or a template (what
 *   fills an empty tag) changed.
 * Sorted, each once. Folders are listed as the context is read: inside the workspace.
 */
async function withDependents(reader, changed) {
    const out = new Set(changed);
    /** The files of `dir` that `wanted` picks, added to `out` (one listing each). */
    const add = async (dir, wanted) => {
        const names = (await reader.list(dir)).filter((e) => !e.dir).map((e) => e.name);
        for (const name of names)
            if (wanted(name, names))
                out.add(dir ? `${dir}/${name}` : name);
    };
    const isChartValues = (name, names) => isValuesName(name) && names.some((n) => CHART_NAMES.includes(n));
    for (const file of changed) {
        const parts = file.split('/');
        const base = parts.pop();
        const partners = composePartnerNames(file);
        if (base === '.env')
            await add(parts.join('/'), isComposeName);
        else if (partners.length > 0)
            await add(parts.join('/'), (name) => partners.includes(name));
        else if (CHART_NAMES.includes(base))
            await add(parts.join('/'), isChartValues);
        else {
            // A template: the chart is the folder above the nearest `templates`.
            const t = parts.lastIndexOf('templates');
            if (t >= 0)
                await add(parts.slice(0, t).join('/'), isChartValues);
        }
    }
    return [...out].sort();
}
/** Bounds on what is read besides the checked files (charts, kustomize resources, skaffold.yaml). */
const MAX_CONTEXT_READS = 20_000;
const MAX_CONTEXT_BYTES = 64 * 1024 * 1024;
/**
 * The workspace as a RepoReader for context.ts: relative paths only, nothing outside
 * the workspace (`..`, absolute paths, and folders whose real path leads out are
 * refused; a file that is a symlink is not read), regular files up to MAX_FILE_BYTES,
 * and at most `reads` files and `bytes` bytes in all.
 */
function workspaceReader(root, budget = {
    reads: MAX_CONTEXT_READS,
    bytes: MAX_CONTEXT_BYTES,
}) {
    let reads = 0;
    let bytes = 0;
    let exhausted = false;
    let realRoot;
    // One realpath per folder: a symlinked folder anywhere on the way is resolved here.
    const folders = new Map();
    const folderInside = (rel) => {
        let inside = folders.get(rel);
        if (inside === undefined) {
            try {
                const real = (0,external_node_fs_.realpathSync)((0,external_node_path_.join)(root, rel));
                const top = (realRoot ??= (0,external_node_fs_.realpathSync)(root));
                inside = real === top || real.startsWith(top + external_node_path_.sep);
            }
            catch {
                inside = false;
            }
            folders.set(rel, inside);
        }
        return inside;
    };
    const safe = (rel) => !rel.startsWith('/') && !rel.split('/').includes('..');
    return {
        get exhausted() {
            return exhausted;
        },
        async read(rel) {
            if (!safe(rel))
                return undefined;
            if (reads >= budget.reads || bytes >= budget.bytes) {
                exhausted = true;
                return undefined;
            }
            const slash = rel.lastIndexOf('/');
            if (!folderInside(slash >= 0 ? rel.slice(0, slash) : ''))
                return undefined;
            const full = (0,external_node_path_.join)(root, rel);
            try {
                const st = (0,external_node_fs_.lstatSync)(full);
                if (!st.isFile() || st.size > MAX_FILE_BYTES)
                    return undefined;
                if (bytes + st.size > budget.bytes) {
                    exhausted = true;
                    return undefined;
                }
                reads++;
                bytes += st.size;
                return (0,util_text/* withoutBom */.v)((0,external_node_fs_.readFileSync)(full, 'utf8'));
            }
            catch {
                return undefined;
            }
        },
        async list(rel) {
            if (!safe(rel) || !folderInside(rel))
                return [];
            try {
                const dirents = (0,external_node_fs_.readdirSync)((0,external_node_path_.join)(root, rel), { withFileTypes: true });
                return dirents
                    .filter((d) => d.isFile() || d.isDirectory())
                    .map((d) => ({ name: d.name, dir: d.isDirectory() }));
            }
            catch {
                return [];
            }
        },
    };
}
/**
 * The files of a pull request from the API (`pulls.listFiles`, paginated), without the
 * removed ones. @actions/github (Octokit) is imported here, not at start: a check run on
 * a push never loads it. Bounded by `timeoutMs` as a whole.
 */
async function changedFilesFromApi(token, pr, timeoutMs = 15_000) {
    const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
    const signal = AbortSignal.timeout(timeoutMs);
    const octokit = getOctokit(token, { request: { signal, retries: 0 } });
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.number,
        per_page: 100,
    });
    return files.filter((f) => f.status !== 'removed').map((f) => f.filename);
}
/** The files changed between the merge base of base and head, and head (`git diff base...head`). */
async function changedFilesFromGit(cwd, pr) {
    const { execArgs } = await __webpack_require__.e(/* import() */ 940).then(__webpack_require__.bind(__webpack_require__, 5940));
    const res = await execArgs('git', [
        'diff',
        '--name-only',
        '--no-renames',
        '--diff-filter=d',
        '-z',
        `${pr.baseSha}...${pr.headSha}`,
        '--',
    ], { cwd });
    if (res.exitCode !== 0) {
        throw new Error(`git diff ${pr.baseSha.slice(0, 7)}...${pr.headSha.slice(0, 7)} failed: ${res.stderr.trim().split('\n')[0] ?? ''}`);
    }
    return res.stdout.split('\0').filter(Boolean);
}
//# sourceMappingURL=files.js.map
// EXTERNAL MODULE: ./build/check/findings.js + 1 modules
var check_findings = __webpack_require__(8462);
;// CONCATENATED MODULE: ./build/check/check-file.js



async function checkFile(file, text, contexts, policy, opts = {}) {
    const ctx = contexts.get(file) ?? {};
    const scan = scanFile(file, text, ctx);
    const findings = (0,check_findings/* judgeUses */.E)(file, text, scan.uses, policy, opts);
    if (!findings.some((f) => f.kind === 'k8s-container'))
        return { scan, findings };
    const builds = await contexts.kustomizeBuilds(file);
    if (!builds)
        return { scan, findings };
    const built = { ...scan, uses: asBuilt(scan.uses, builds) };
    return { scan: built, findings: (0,check_findings/* judgeUses */.E)(file, text, built.uses, policy, opts) };
}
//# sourceMappingURL=check-file.js.map
;// CONCATENATED MODULE: ./build/check/context.js
// What other files of the repository say about the files the check reads, gathered
// before the scan so that the scanners stay pure:
// - a values file's chart: the Chart.yaml beside it (appVersion) and its templates;
// - a kustomization's resources and components: the references they hold after their
//   own kustomizations, for `newName`-only entries;
// - a manifest's kustomizations: every way the workspace's kustomizations build on it,
//   with the `images:` entries on the way (found by listing the workspace's folders, on
//   first use);
// - the skaffold.yaml files in a file's folder and above it: the images Skaffold builds.
// These files are read even when the pull request does not change them. All reading
// goes through a RepoReader (files.ts reads the workspace; tests pass a map).










/** kustomize reads one of these names in a folder. */
const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** Bounds: a chart's templates read, and how deep kustomizations nest. */
const MAX_TEMPLATES = 300;
const MAX_KUSTOMIZE_DEPTH = 10;
/** Bounds on finding the kustomizations that build on a manifest: folders listed, and
 *  ways of building one manifest followed. Past either, the manifest is judged as
 *  written. */
const MAX_FOLDERS_LISTED = 20_000;
const MAX_KUSTOMIZE_BUILDS = 64;
const CONCURRENCY = 16;
/** `dir/rel` inside the workspace, normalised; undefined for remote or escaping paths. */
function joinInside(dir, rel) {
    if (/^[a-z][\w+.-]*:\/\/|^git@|^github\.com\/|\?ref=|\/\//i.test(rel))
        return undefined;
    if (external_node_path_.posix.isAbsolute(rel))
        return undefined;
    const p = external_node_path_.posix.normalize(external_node_path_.posix.join(dir || '.', rel)).replace(/\/+$/, '');
    if (p === '..' || p.startsWith('../'))
        return undefined;
    return p === '.' ? '' : p;
}
function dirOf(path) {
    const slash = path.lastIndexOf('/');
    return slash >= 0 ? path.slice(0, slash) : '';
}
/**
 * `f` called once per key, its promise shared. Only for work that never waits on itself:
 * kustomizations, which may refer to each other in a cycle, memoise their values instead.
 */
function once(f) {
    const memo = new Map();
    return (key) => {
        let p = memo.get(key);
        if (!p)
            memo.set(key, (p = f(key)));
        return p;
    };
}
/** `f` called once, its promise shared. */
function onceValue(f) {
    let p;
    return () => (p ??= f());
}
/** The folders from a file's own up to the workspace root. */
function ancestors(path) {
    const out = [];
    let d = dirOf(path);
    for (;;) {
        out.push(d);
        if (d === '')
            return out;
        d = dirOf(d);
    }
}
async function loadScanContexts(files, reader) {
    // Each folder is listed and each file read and parsed once, however many files need it.
    const list = once((dir) => reader.list(dir));
    const read = once((path) => reader.read(path));
    const fileIn = async (dir, names) => {
        const entries = await list(dir);
        const hit = names.find((n) => entries.some((e) => e.name === n && !e.dir));
        return hit === undefined ? undefined : dir ? `${dir}/${hit}` : hit;
    };
    const chartAt = once(async (dir) => {
        const file = await fileIn(dir, CHART_NAMES);
        const text = file && (await read(file));
        if (!file || text === undefined)
            return undefined;
        const templates = [];
        const walk = async (d, depth) => {
            for (const e of await list(d)) {
                if (templates.length >= MAX_TEMPLATES)
                    return;
                const p = `${d}/${e.name}`;
                if (e.dir) {
                    if (depth < 4)
                        await walk(p, depth + 1);
                }
                else if (/\.(ya?ml|tpl|txt|json)$/i.test(e.name)) {
                    const t = await read(p);
                    if (t !== undefined)
                        templates.push({ path: p, text: t });
                }
            }
        };
        await walk(dir ? `${dir}/templates` : 'templates', 0);
        const appVersion = chartAppVersion(text);
        return { file, templates, ...(appVersion ? { appVersion } : {}) };
    });
    const skaffoldAt = once(async (dir) => {
        const file = await fileIn(dir, SKAFFOLD_NAMES);
        const text = file && (await read(file));
        return file && text !== undefined ? { file, artifacts: skaffoldArtifacts(text) } : undefined;
    });
    // kustomize: the references a kustomization puts out, and the ones it takes in.
    const outputs = new Map();
    const parseKustomization = once(async (file) => {
        const text = await read(file);
        const doc = text === undefined ? undefined : parseYamlStream(text).docs[0];
        return doc && doc.errors.length === 0 ? doc : undefined;
    });
    const outputOf = async (file, stack) => {
        const done = outputs.get(file);
        if (done)
            return done;
        const doc = await parseKustomization(file);
        if (!doc)
            return [];
        const out = applyImageEntries(await inputsOf(file, stack), imageEntries(doc.contents ?? undefined, doc));
        outputs.set(file, out);
        return out;
    };
    const manifestImages = once(async (file) => {
        const text = await read(file);
        if (text === undefined)
            return [];
        const { docs, lineCounter } = parseYamlStream(text);
        return docs.flatMap((doc) => {
            const kind = doc.errors.length === 0 ? kindOf(doc) : undefined;
            if (!kind || KUSTOMIZE_KINDS.has(kind))
                return [];
            return scanK8sDocument(doc, lineCounter)
                .filter((u) => !u.unresolved)
                .map((u) => u.image);
        });
    });
    const inputsOf = async (file, stack) => {
        if (stack.includes(file) || stack.length > MAX_KUSTOMIZE_DEPTH)
            return [];
        const inner = [...stack, file];
        const doc = await parseKustomization(file);
        if (!doc)
            return [];
        const dir = dirOf(file);
        const { resources, components } = kustomizeRefs(doc.contents ?? undefined, doc);
        let refs = [];
        for (const r of resources) {
            const p = joinInside(dir, r);
            if (p === undefined)
                continue;
            // A file resource is YAML by name; anything else is a folder with a kustomization.
            if (/\.ya?ml$/i.test(p)) {
                refs.push(...(await manifestImages(p)));
                continue;
            }
            const k = await fileIn(p, KUSTOMIZATION_NAMES);
            if (k)
                refs.push(...(await outputOf(k, inner)));
        }
        // A component's transformers apply to everything accumulated so far.
        for (const c of components) {
            const p = joinInside(dir, c);
            const k = p === undefined ? undefined : await fileIn(p, KUSTOMIZATION_NAMES);
            const cdoc = k && (await parseKustomization(k));
            if (!k || !cdoc)
                continue;
            refs = applyImageEntries([...refs, ...(await inputsOf(k, inner))], imageEntries(cdoc.contents ?? undefined, cdoc));
        }
        return refs;
    };
    // The other way: which kustomizations build on a file (a manifest, or a kustomization
    // folder they name as a resource or component). kustomize reads a kustomization's files
    // only from its own folder down, but a base may be anywhere, so the whole workspace's
    // kustomizations are found, once, by listing its folders.
    let kustomizeIndexCut = false;
    const includedBy = onceValue(async () => {
        const files = [];
        let folders = 0;
        const walk = async (dir) => {
            if (++folders > MAX_FOLDERS_LISTED) {
                kustomizeIndexCut = true;
                return;
            }
            for (const e of await list(dir)) {
                const p = dir ? `${dir}/${e.name}` : e.name;
                if (e.dir) {
                    if (!SKIPPED_DIRS.has(e.name))
                        await walk(p);
                }
                else if (KUSTOMIZATION_NAMES.includes(e.name))
                    files.push(p);
            }
        };
        await walk('');
        const by = new Map();
        const add = (target, k) => by.set(target, [...(by.get(target) ?? []), k]);
        for (const k of files) {
            const doc = await parseKustomization(k);
            if (!doc)
                continue;
            const { resources, components } = kustomizeRefs(doc.contents ?? undefined, doc);
            for (const r of [...resources, ...components]) {
                const p = joinInside(dirOf(k), r);
                if (p === undefined)
                    continue;
                const target = /\.ya?ml$/i.test(p) ? p : await fileIn(p, KUSTOMIZATION_NAMES);
                if (target)
                    add(target, k);
            }
        }
        return by;
    });
    // The entries a kustomization applies to what it builds on: its components' (in order),
    // then its own, as kustomize runs them.
    const entriesOf = once(async (k) => {
        const doc = await parseKustomization(k);
        if (!doc)
            return [];
        const entries = [];
        for (const c of kustomizeRefs(doc.contents ?? undefined, doc).components) {
            const p = joinInside(dirOf(k), c);
            const ck = p === undefined ? undefined : await fileIn(p, KUSTOMIZATION_NAMES);
            const cdoc = ck && (await parseKustomization(ck));
            if (cdoc)
                entries.push(...imageEntries(cdoc.contents ?? undefined, cdoc));
        }
        entries.push(...imageEntries(doc.contents ?? undefined, doc));
        return entries;
    });
    /** Every way the workspace's kustomizations build on `file`; undefined when none does
     *  or when there are too many to follow. */
    const buildsOf = async (file) => {
        const by = await includedBy();
        if (kustomizeIndexCut || !by.has(file))
            return undefined;
        const builds = [];
        let cut = false;
        const climb = async (node, entries, stack) => {
            if (builds.length >= MAX_KUSTOMIZE_BUILDS) {
                cut = true;
                return;
            }
            const parents = (by.get(node) ?? []).filter((k) => !stack.includes(k));
            if (parents.length === 0 || stack.length > MAX_KUSTOMIZE_DEPTH) {
                builds.push({ root: node, entries });
                return;
            }
            for (const k of parents)
                await climb(k, [...entries, ...(await entriesOf(k))], [...stack, k]);
        };
        for (const k of by.get(file))
            await climb(k, await entriesOf(k), [k]);
        return cut ? undefined : builds;
    };
    // compose reads `.env` from the project folder, the compose file's by default.
    const dotEnvAt = once(async (dir) => {
        const file = await fileIn(dir, ['.env']);
        const text = file && (await read(file));
        return file && text !== undefined ? { file, vars: parseDotEnv(text) } : undefined;
    });
    /** A YAML file that is no other kind's by name: compose's when its content says so. */
    const mayBeCompose = (file) => /\.ya?ml$/i.test(file) &&
        !isKustomizationName(file) &&
        !isValuesName(file) &&
        !isWorkflowPath(file) &&
        !isActionMetadataPath(file);
    const contexts = new Map();
    // Files in parallel: reading is waiting on the disk. Shared folders, charts and
    // skaffold.yaml files are read once (the promises above are shared).
    let next = 0;
    const worker = async () => {
        while (next < files.length) {
            const file = files[next++];
            contexts.set(file, await contextOf(file));
        }
    };
    const contextOf = async (file) => {
        const ctx = {};
        if (isValuesName(file)) {
            const chart = await chartAt(dirOf(file));
            if (chart)
                ctx.chart = chart;
        }
        if (isKustomizationName(file))
            ctx.kustomizeInputs = await inputsOf(file, []);
        if (mayBeCompose(file)) {
            const env = await dotEnvAt(dirOf(file));
            if (env)
                ctx.dotEnv = env;
            const partner = await fileIn(dirOf(file), composePartnerNames(file));
            const text = partner && (await read(partner));
            if (partner && text !== undefined)
                ctx.composePartner = { file: partner, built: composeBuiltServices(text) };
        }
        const configs = (await Promise.all(ancestors(file).map(skaffoldAt))).filter((c) => c !== undefined);
        if (configs.length > 0)
            ctx.skaffold = configs;
        return ctx;
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
    return new ScanContexts(files.map((f) => [f, contexts.get(f)]), buildsOf);
}
/**
 * Each checked file's context, and, asked for one file at a time, the ways the
 * workspace's kustomizations build on it: finding them lists every folder, which only a
 * manifest with a reference to report needs (check-file.ts).
 */
class ScanContexts extends Map {
    kustomizeBuilds;
    constructor(entries, kustomizeBuilds) {
        super(entries);
        this.kustomizeBuilds = kustomizeBuilds;
    }
}
//# sourceMappingURL=context.js.map
;// CONCATENATED MODULE: ./build/check/tally.js
class FileTally {
    checked = new Map();
    skipped = new Map();
    add(scan) {
        const kind = scan.readAs[0];
        if (kind)
            bump(this.checked, kind);
        else
            bump(this.skipped, scan.skipped ?? 'not valid YAML');
    }
    skip(reason) {
        bump(this.skipped, reason);
    }
    counts() {
        const sum = (m) => [...m.values()].reduce((a, b) => a + b, 0);
        return {
            checked: byCount(this.checked),
            checkedTotal: sum(this.checked),
            skipped: byCount(this.skipped),
            skippedTotal: sum(this.skipped),
        };
    }
}
function bump(m, key) {
    m.set(key, (m.get(key) ?? 0) + 1);
}
/** Largest count first, then by name: a stable order for the summary. */
function byCount(m) {
    return Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}
//# sourceMappingURL=tally.js.map
;// CONCATENATED MODULE: ./build/check/suggest.js
// The suggested fix with a digest: where a registry answers, name the digest the tag
// points to now, so the fix is a copy-paste. Bounded in time as a whole and safe
// offline: a resolver that fails, hangs or is missing leaves the generic fix.

async function suggestDigests(findings, resolve, budgetMs = 3_000) {
    if (!resolve)
        return;
    const targets = findings.filter((f) => f.severity === 'error' &&
        (f.reason === 'latest' || f.reason === 'untagged' || f.reason === 'denied-tag'));
    if (targets.length === 0)
        return;
    const controller = new AbortController();
    const digests = new Map();
    for (const f of targets) {
        if (!digests.has(f.image))
            digests.set(f.image, resolve(f.image, controller.signal).then((d) => (d && /^sha256:[0-9a-f]{64}$/.test(d) ? d : undefined), () => undefined));
    }
    let timer;
    const deadline = new Promise((res) => {
        timer = setTimeout(() => res('timeout'), budgetMs);
    });
    const resolved = new Map();
    const all = Promise.all([...digests].map(async ([image, p]) => {
        const d = await p;
        if (d)
            resolved.set(image, d);
    }));
    await Promise.race([all, deadline]);
    clearTimeout(timer);
    controller.abort();
    for (const f of targets) {
        const d = resolved.get(f.image);
        if (d) {
            f.digest = d;
            f.fix = `pin the digest: ${f.image.split('@')[0]}@${d}`;
        }
    }
}
/**
 * The registry client (src/registry/client.ts) as a resolver: no retries, each request
 * also cut by the caller's signal. An untagged reference is resolved as :latest, which
 * is what it pulls. Loaded only when there is something to resolve.
 */
function registryDigestResolver() {
    return async (text, signal) => {
        const { resolveDigest } = await __webpack_require__.e(/* import() */ 529).then(__webpack_require__.bind(__webpack_require__, 6529));
        const ref = (0,reference/* parseImageReference */.o_)(text);
        const withTag = ref.tag === undefined ? { ...ref, tag: 'latest' } : ref;
        const descriptor = await resolveDigest(withTag, {
            retries: 0,
            timeoutMs: 3_000,
            fetch: (input, init) => fetch(input, {
                ...init,
                signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
            }),
        });
        return descriptor.digest;
    };
}
//# sourceMappingURL=suggest.js.map
// EXTERNAL MODULE: ./build/util/verbatim-log.js
var verbatim_log = __webpack_require__(4004);
;// CONCATENATED MODULE: ./build/check/index.js
// mode: check, the pull-request check: find every place an image is named, refuse
// :latest and untagged references, annotate each on its line, summarise, fail.











async function runCheck(settings, facts, deps) {
    const d = deps ?? (await defaultDeps(facts));
    const policy = { denyTags: settings.denyTags, allowImages: settings.allowImages };
    const { files, source } = await selectFiles(settings, facts, d);
    const findings = [];
    const tally = new FileTally();
    const readable = [];
    for (const file of files) {
        const state = await readableFile(d.root, file);
        if (state === 'missing')
            continue;
        if (state === 'too-big') {
            // A file name is the pull request author's to choose: `::error::x.yaml` stays text.
            (0,verbatim_log/* infoVerbatim */.Bz)(`${file}: skipped, larger than 1 MiB`);
            tally.skip('larger than 1 MiB');
            continue;
        }
        readable.push(file);
    }
    // Charts, kustomize resources and skaffold.yaml files, read even when the PR leaves them.
    const reader = workspaceReader(d.root);
    const contexts = await loadScanContexts(readable, reader);
    if (reader.exhausted)
        core/* warning */.$e(`dock2pod check: the charts, kustomize resources and skaffold.yaml files around the checked files are more than ${MAX_CONTEXT_READS} files or ${MAX_CONTEXT_BYTES / 1024 / 1024} MiB; the rest were not read, so an image that depends on them may be reported as unresolved, or not reported.`);
    for (const file of readable) {
        let text;
        try {
            text = (0,util_text/* withoutBom */.v)((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(d.root, file), 'utf8'));
        }
        catch (err) {
            core/* warning */.$e(`${file}: cannot be read (${err.message}); it was not checked.`, {
                file,
            });
            tally.skip('unreadable');
            continue;
        }
        const { scan, findings: found } = await checkFile(file, text, contexts, policy, {
            builtImages: settings.builtImages,
        });
        tally.add(scan);
        for (const p of scan.problems) {
            core/* warning */.$e(`${file} ${p.message}; the images in it may not all be checked.`, {
                file,
                startLine: p.line,
                ...(p.column ? { startColumn: p.column } : {}),
                title: 'dock2pod: file not checked',
            });
        }
        if (scan.readAs.length > 0)
            core/* debug */.Yz(`${file}: read as ${scan.readAs.join(', ')}, ${scan.uses.length} image(s)`);
        findings.push(...found);
    }
    const counts = tally.counts();
    const scanned = counts.checkedTotal;
    await suggestDigests(findings, d.resolveDigest);
    await (0,publish/* publishCheck */.kr)(findings, { source, ...counts });
    const errors = findings.filter((f) => f.severity === 'error').length;
    if (errors > 0) {
        core/* setFailed */.C1(`dock2pod check: ${errors} image reference${errors === 1 ? ' is' : 's are'} :latest or untagged (or use a refused tag); pin a version tag or a digest.`);
    }
    else {
        core/* notice */.lm(`dock2pod check: no :latest or untagged image in ${scanned} file${scanned === 1 ? '' : 's'} (${source}).`);
    }
}
/** The files to read and, for the log and summary, how they were chosen. */
async function selectFiles(settings, facts, deps) {
    const all = async (why) => {
        const files = await walkWorkspace(deps.root);
        core/* info */.pq(`Checking all files of the workspace (${why}): ${files.length} candidate(s).`);
        return { files, source: 'all files' };
    };
    if (settings.scope === 'all')
        return all('scope: all');
    const pr = deps.pullRequest;
    if (!pr)
        return all(`scope: changed, but the ${facts.eventName || 'unknown'} event has no pull request`);
    const errors = [];
    if (settings.githubToken) {
        try {
            const changed = await changedFilesFromApi(settings.githubToken, pr);
            const files = (await withDependents(workspaceReader(deps.root), changed)).filter(isCandidate);
            core/* info */.pq(`Checking the files of pull request #${pr.number}, listed by the GitHub API: ${files.length} candidate(s).`);
            return { files, source: `the files of pull request #${pr.number} (GitHub API)` };
        }
        catch (err) {
            errors.push(`the GitHub API: ${oneLine(err)}`);
        }
    }
    else {
        errors.push('the GitHub API: no github-token');
    }
    try {
        const changed = await changedFilesFromGit(deps.root, pr);
        const files = (await withDependents(workspaceReader(deps.root), changed)).filter(isCandidate);
        (0,verbatim_log/* infoVerbatim */.Bz)(`Checking the files of pull request #${pr.number}, from git diff ${pr.baseSha.slice(0, 7)}...${pr.headSha.slice(0, 7)} (${errors.join('; ')}): ${files.length} candidate(s).`);
        return { files, source: `the files of pull request #${pr.number} (git diff)` };
    }
    catch (err) {
        errors.push(`git: ${oneLine(err)}`);
    }
    core/* warning */.$e(`dock2pod check: cannot list the files of pull request #${pr.number} (${errors.join('; ')}); checking every file instead.`);
    return all('the pull request files could not be listed');
}
function oneLine(err) {
    const msg = err instanceof Error ? err.message : String(err);
    return msg.split('\n')[0].slice(0, 300);
}
async function defaultDeps(facts) {
    const pr = facts.pullRequest;
    let pullRequest;
    if (pr) {
        const [owner = '', repo = ''] = (facts.repository ?? '').split('/');
        pullRequest = { owner, repo, number: pr.number, baseSha: pr.baseSha, headSha: pr.headSha };
    }
    return {
        root: process.env.GITHUB_WORKSPACE || process.cwd(),
        ...(pullRequest ? { pullRequest } : {}),
        resolveDigest: registryDigestResolver(),
    };
}
//# sourceMappingURL=index.js.map

/***/ })

};
