export const id = 410;
export const ids = [410];
export const modules = {

/***/ 1581:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ isDockerfileName),
/* harmony export */   Y: () => (/* binding */ scanDockerfile)
/* harmony export */ });
/* harmony import */ var dockerfile_ast__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8390);
/* harmony import */ var _variables_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5098);
// Dockerfiles and Containerfiles: every place a build pulls an image. Pure: text in,
// image uses out. Parsed with dockerfile-ast (escape directive, line continuations,
// flags), not regexes.
//
// What names an image: FROM (after --platform), COPY --from=<image>, and
// RUN --mount=…,from=<image>. What does not: `scratch`, an earlier stage's name
// (`FROM build`, `COPY --from=build`), a stage index (`--from=0`). Global ARGs (before
// the first FROM) are substituted into FROM as BuildKit does; a FROM that stays
// unresolved (an ARG with no default) is reported as unresolved, never passed silently.


/** A file name the check reads as a Dockerfile: `*Dockerfile*`, `*Containerfile*`. */
function isDockerfileName(path) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (!/Dockerfile|Containerfile|^dockerfile$|^containerfile$/.test(base))
        return false;
    // Dockerfile.dockerignore, README-Dockerfile.md, dockerfile.ts are not Dockerfiles.
    return !/\.(dockerignore|md|markdown|txt|rst|adoc|ts|js|mjs|cjs|json|ya?ml|sh|py|go|rs|java|rb|snap|orig|rej|html|svg|png)$/i.test(base);
}
function scanDockerfile(text, opts = {}) {
    const uses = [];
    const problems = [];
    if (text.includes('\u0000')) {
        return { uses, problems: [{ line: 1, message: 'is not a text file' }] };
    }
    const df = dockerfile_ast__WEBPACK_IMPORTED_MODULE_0__.DockerfileParser.parse(text);
    const escape = df.getEscapeCharacter();
    const instructions = df.getInstructions();
    const froms = df.getFROMs();
    if (instructions.length > 0 && froms.length === 0) {
        return {
            uses,
            problems: [
                { line: 1, message: 'has instructions but no FROM: not a Dockerfile dock2pod can read' },
            ],
        };
    }
    // Global ARGs: defaults may build on earlier ones; build-args override them.
    const globals = new Map();
    for (const arg of df.getInitialARGs()) {
        const prop = arg.getProperty();
        if (!prop)
            continue;
        const name = prop.getName();
        const raw = prop.getValue();
        if (opts.buildArgs && name in opts.buildArgs)
            globals.set(name, opts.buildArgs[name]);
        else if (raw === null)
            globals.set(name, undefined);
        else
            globals.set(name, (0,_variables_js__WEBPACK_IMPORTED_MODULE_1__/* .substituteVariables */ .O)(unquote(raw), (n) => globals.get(n), { escape }).value);
    }
    const globalLookup = (n) => globals.get(n);
    const stages = [];
    const isStage = (name) => stages.includes(name.toLowerCase());
    let stageIndex = -1;
    for (const ins of instructions) {
        const keyword = ins.getKeyword();
        const startLine = ins.getRange().start.line + 1;
        if (keyword === 'FROM') {
            stageIndex++;
            const from = ins;
            const raw = from.getImage();
            const range = from.getImageRange();
            if (!raw || !range) {
                problems.push({ line: startLine, message: 'has a FROM without an image' });
                continue;
            }
            const stageLabel = from.getBuildStage();
            const place = `FROM${stageLabel ? ` (stage ${stageLabel})` : ` (stage ${stageIndex})`}`;
            const use = resolveUse(unquote(raw), range, globalLookup, escape, 'dockerfile-from', place, startLine, {
                isStage,
            });
            if (use)
                uses.push(use);
            if (stageLabel)
                stages.push(stageLabel.toLowerCase());
            continue;
        }
        if (stageIndex < 0)
            continue;
        // Inside a stage: ARGs declared in the stage (with the global default when
        // redeclared without a value), then ENV, as BuildKit expands flags.
        const stageLookup = (n) => {
            const v = df.resolveVariable(n, ins.getRange().start.line);
            if (typeof v === 'string')
                return v;
            return v === null ? globals.get(n) : undefined;
        };
        if (keyword === 'COPY') {
            const flag = ins.getFromFlag();
            const value = flag?.getValue();
            const range = flag?.getValueRange();
            if (!flag || !value || !range)
                continue;
            const use = resolveUse(unquote(value), range, stageLookup, escape, 'dockerfile-copy-from', 'COPY --from', startLine, {
                isStage,
            });
            if (use)
                uses.push(use);
            continue;
        }
        if (keyword === 'RUN') {
            for (const flag of ins.getFlags()) {
                if (flag.getName() !== 'mount')
                    continue;
                const fromOption = flag.getOptions().find((o) => o.getName() === 'from');
                const value = fromOption?.getValue();
                const range = fromOption?.getValueRange();
                if (!value || !range)
                    continue;
                const use = resolveUse(unquote(value), range, stageLookup, escape, 'dockerfile-run-mount', 'RUN --mount from', startLine, {
                    isStage,
                });
                if (use)
                    uses.push(use);
            }
        }
    }
    return { uses, problems };
}
function resolveUse(written, range, lookup, escape, kind, place, startLine, extra = {}) {
    const sub = (0,_variables_js__WEBPACK_IMPORTED_MODULE_1__/* .substituteVariables */ .O)(written, lookup, { escape });
    const image = sub.value.trim();
    const pos = {
        line: range.start.line + 1,
        column: range.start.character + 1,
        endLine: range.end.line + 1,
        endColumn: range.end.character + 1,
    };
    if (sub.unresolved.length > 0) {
        return {
            ...pos,
            image: written,
            written,
            kind,
            place,
            unresolved: `${sub.unresolved.map((n) => `$${n}`).join(', ')} ${sub.unresolved.length > 1 ? 'have' : 'has'} no value and no default`,
            ignoreAbove: [startLine],
        };
    }
    if (image.toLowerCase() === 'scratch')
        return undefined;
    if (kind === 'dockerfile-from' ? false : /^\d+$/.test(image))
        return undefined; // a stage index
    if (extra.isStage?.(image))
        return undefined;
    return {
        ...pos,
        image,
        ...(image !== written ? { written } : {}),
        kind,
        place,
        ignoreAbove: [startLine],
    };
}
function unquote(s) {
    const t = s.trim();
    if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0])
        return t.slice(1, -1);
    return t;
}
//# sourceMappingURL=dockerfile.js.map

/***/ }),

/***/ 8462:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  E: () => (/* binding */ judgeUses)
});

// UNUSED EXPORTS: DEFAULT_FIX

// EXTERNAL MODULE: ./build/image/reference.js
var reference = __webpack_require__(7755);
;// CONCATENATED MODULE: ./build/policy/index.js
// Is this image reference acceptable? Pure: the same rules serve the PR check (every
// place an image is named) and deploy mode (the Dockerfile it builds, its own tag).
//
// A reference fails when it can change under the same text: no tag (which means
// :latest), :latest, or a tag listed in deny-tags. A digest pins the content, so a
// digest-pinned reference passes whatever its tag says. allow-images exempts images by
// glob, matched against the repository as written and as normalised.

/** Judge one reference, as written (after any variable substitution). */
function judgeReference(text, policy) {
    let ref;
    try {
        ref = (0,reference/* parseImageReference */.o_)(text);
    }
    catch (err) {
        if (err instanceof reference/* ReferenceError */.AF)
            return { status: 'invalid', message: err.message };
        throw err;
    }
    if (ref.digest)
        return { status: 'pass', ref, why: 'digest' };
    if (isAllowedImage(ref, policy.allowImages))
        return { status: 'pass', ref, why: 'allowed' };
    if (ref.tag === undefined)
        return { status: 'fail', ref, reason: 'untagged' };
    if (ref.tag === 'latest')
        return { status: 'fail', ref, reason: 'latest' };
    if (policy.denyTags.includes(ref.tag))
        return { status: 'fail', ref, reason: 'denied-tag' };
    return { status: 'pass', ref, why: 'tag' };
}
/** One line saying why a reference fails. */
function describeFailure(reason, ref) {
    switch (reason) {
        case 'untagged':
            return `${(0,reference/* repositoryName */.aR)(ref)} has no tag, which means :latest`;
        case 'latest':
            return `${(0,reference/* formatReference */.FH)(ref)} uses the mutable tag :latest`;
        case 'denied-tag':
            return `${(0,reference/* formatReference */.FH)(ref)} uses the tag :${ref.tag}, refused by deny-tags`;
    }
}
/**
 * The names an allow-images glob is matched against: the repository as written
 * (`nginx`, `ghcr.io/acme/app`), normalised (`docker.io/library/nginx`), Docker Hub's
 * familiar forms (`nginx`, `docker.io/nginx`), and the whole reference as written
 * (`nginx:latest`).
 */
function allowCandidates(ref) {
    const names = new Set([(0,reference/* repositoryName */.aR)(ref), (0,reference/* canonicalRepository */.JA)(ref), (0,reference/* formatReference */.FH)(ref)]);
    if ((0,reference/* registryDomain */.Em)(ref) === 'docker.io') {
        // Docker Hub's familiar forms: `nginx` and `docker.io/nginx` for docker.io/library/nginx.
        const familiar = ref.repository.replace(/^library\/(?=[^/]+$)/, '');
        names.add(familiar);
        names.add(`docker.io/${familiar}`);
    }
    return [...names];
}
function isAllowedImage(ref, globs) {
    if (globs.length === 0)
        return false;
    const names = allowCandidates(ref);
    return globs.some((g) => {
        const re = globToRegExp(g);
        return names.some((n) => re.test(n));
    });
}
/** `*` is any run within one path element, `**` crosses `/`, `?` one character. */
function globToRegExp(glob) {
    let re = '';
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === '*' && glob[i + 1] === '*') {
            re += '.*';
            i++;
        }
        else if (c === '*')
            re += '[^/]*';
        else if (c === '?')
            re += '[^/]';
        else
            re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    return new RegExp(`^${re}$`);
}
/**
 * The inline ignore comment. `# dock2pod-ignore` is the documented form;
 * `# dock2pod: ignore` is accepted too. Anything after it (a reason) is allowed.
 */
const IGNORE_TOKEN = 'dock2pod-ignore';
const IGNORE_COMMENT = /#\s*dock2pod(?:-ignore|:\s*ignore)(?![\w-])/;
/**
 * Whether a finding on `line` (1-based) is silenced: the comment at the end of that
 * line, or alone on the line just above it. `alsoAbove` lists other lines whose line
 * above counts too (the first line of a multi-line instruction, the key that owns a
 * values map).
 */
function isIgnoredAt(lines, line, alsoAbove = []) {
    const at = lines[line - 1];
    if (at !== undefined && IGNORE_COMMENT.test(at))
        return true;
    for (const l of [line, ...alsoAbove]) {
        const above = lines[l - 2];
        if (above !== undefined && /^\s*#/.test(above) && IGNORE_COMMENT.test(above))
            return true;
    }
    return false;
}
//# sourceMappingURL=index.js.map
;// CONCATENATED MODULE: ./build/check/findings.js
// What the scanners hand over (an ImageUse: where an image is named, and how), and what
// the check reports (a Finding: a use the policy refuses, or one it cannot judge).
// Pure: scanners give uses, `judgeUses` applies the policy and the inline ignore.

const DEFAULT_FIX = 'pin a version tag or a digest';
/** Apply the policy (and the inline ignore comment) to the uses found in one file. */
function judgeUses(file, text, uses, policy) {
    const lines = text.split(/\r?\n/);
    const findings = [];
    const byPosition = new Map();
    for (const use of uses) {
        if (isIgnoredAt(lines, use.line, use.ignoreAbove))
            continue;
        // An anchored image used by several containers is one fix at one place: one finding.
        const at = `${use.line}:${use.column}:${use.image}`;
        const first = byPosition.get(at);
        if (first) {
            const f = findings.find((x) => x.line === first.line && x.column === first.column && x.image === first.image);
            if (f)
                f.message += ` (also ${use.place})`;
            continue;
        }
        byPosition.set(at, use);
        const base = {
            file,
            line: use.line,
            column: use.column,
            endLine: use.endLine,
            endColumn: use.endColumn,
            image: use.image,
            ...(use.written !== undefined ? { written: use.written } : {}),
            kind: use.kind,
            place: use.place,
        };
        if (use.unresolved) {
            findings.push({
                ...base,
                severity: 'warning',
                reason: 'unresolved',
                message: `${use.place}: cannot check ${JSON.stringify(use.written ?? use.image)}: ${use.unresolved}`,
                fix: 'give the variable a default that pins a version, or add a dock2pod-ignore comment',
            });
            continue;
        }
        const verdict = judgeReference(use.image, policy);
        if (verdict.status === 'pass')
            continue;
        if (verdict.status === 'invalid') {
            findings.push({
                ...base,
                severity: 'warning',
                reason: 'invalid',
                message: `${use.place}: ${JSON.stringify(use.image)} is not an image reference: it ${verdict.message}`,
                fix: 'write registry/repository:tag or @sha256:…',
            });
            continue;
        }
        findings.push({
            ...base,
            severity: 'error',
            reason: verdict.reason,
            message: `${use.place}: ${describeFailure(verdict.reason, verdict.ref)}${use.written ? ` (written ${use.written})` : ''}`,
            fix: DEFAULT_FIX,
        });
    }
    return findings;
}
//# sourceMappingURL=findings.js.map

/***/ }),

/***/ 6410:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runCheck: () => (/* binding */ runCheck)
});

// UNUSED EXPORTS: selectFiles

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 5 modules
var core = __webpack_require__(5049);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/summary.js
var summary = __webpack_require__(1170);
;// CONCATENATED MODULE: ./build/report/check-summary.js
const WHY = {
    untagged: 'no tag (means :latest)',
    latest: ':latest is mutable',
    'denied-tag': 'tag refused by deny-tags',
    unresolved: 'cannot be resolved from the file',
    invalid: 'not an image reference',
};
/** A table cell: no line breaks, `|` escaped, code spans without backticks inside. */
function cell(text) {
    return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}
function code(text) {
    return `\`${cell(text).replace(/`/g, "'")}\``;
}
function renderCheckSummary(findings, meta) {
    const errors = findings.filter((f) => f.severity === 'error');
    const warnings = findings.filter((f) => f.severity === 'warning');
    const lines = ['## dock2pod check: mutable image references', ''];
    lines.push(`Scanned ${meta.filesScanned} file${meta.filesScanned === 1 ? '' : 's'} (${meta.source}): ` +
        (errors.length === 0
            ? 'no `:latest` or untagged image.'
            : `**${errors.length} image reference${errors.length === 1 ? '' : 's'} to pin**.`) +
        (warnings.length > 0
            ? ` ${warnings.length} reference${warnings.length === 1 ? '' : 's'} could not be checked.`
            : ''));
    if (findings.length === 0)
        return `${lines.join('\n')}\n`;
    lines.push('', '| | file | line | image | why | suggested fix |', '|---|---|---|---|---|---|');
    for (const f of findings) {
        const fix = f.digest
            ? `pin the digest: ${code(`${f.image.split('@')[0]}@${f.digest}`)}`
            : cell(f.fix);
        lines.push(`| ${f.severity === 'error' ? '❌' : '⚠️'} | ${code(f.file)} | ${f.line} | ${code(f.written ?? f.image)} | ${cell(WHY[f.reason])} | ${fix} |`);
    }
    lines.push('', 'Silence one reference with a `# dock2pod-ignore` comment at the end of its line or on the line above; exempt images with `allow-images`.');
    return `${lines.join('\n')}\n`;
}
/** The `report` output: the findings as a JSON array. */
function renderReportJson(findings) {
    return JSON.stringify(findings);
}
//# sourceMappingURL=check-summary.js.map
// EXTERNAL MODULE: ./build/check/dockerfile.js
var dockerfile = __webpack_require__(1581);
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
/** The node an alias stands for (its anchor's node); any other node itself. */
function deref(node, doc) {
    let n = node;
    for (let i = 0; i < 32 && (0,dist/* isAlias */.Vj)(n); i++)
        n = n.resolve(doc);
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
/**
 * The entries of a mapping, merge keys expanded: keys written in the map win over
 * merged ones, and an earlier merged map wins over a later one (YAML's merge rules).
 */
function entries(node, doc, depth = 0) {
    const map = asMap(node, doc);
    if (!map || depth > 16)
        return [];
    const own = [];
    const merged = [];
    for (const pair of map.items) {
        const key = keyText(pair.key);
        if (key === undefined)
            continue;
        if (key === '<<' && !((0,dist/* isScalar */.jn)(pair.key) && pair.key.type !== 'PLAIN')) {
            const v = deref(pair.value, doc);
            const sources = (0,dist/* isSeq */.oP)(v) ? v.items : [v];
            for (const s of sources)
                merged.push(...entries(s, doc, depth + 1));
            continue;
        }
        own.push({ key, keyNode: pair.key, value: deref(pair.value, doc) });
    }
    const seen = new Set(own.map((e) => e.key));
    for (const e of merged) {
        if (!seen.has(e.key)) {
            seen.add(e.key);
            own.push(e);
        }
    }
    return own;
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
/** Whether a document looks like a compose file: a `services` map of maps with image or build. */
function looksLikeCompose(doc) {
    const services = entries(get(doc.contents, doc, 'services'), doc);
    return (services.length > 0 &&
        services.every((s) => entries(s.value, doc).length > 0) &&
        services.some((s) => getEntry(s.value, doc, 'image') || getEntry(s.value, doc, 'build')));
}
function scanComposeDocument(doc, lc) {
    const uses = [];
    for (const service of entries(get(doc.contents, doc, 'services'), doc)) {
        const image = getEntry(service.value, doc, 'image');
        const node = image?.value;
        const written = scalarText(node)?.trim();
        if (!node || !written)
            continue;
        const place = `services.${service.key}.image`;
        const sub = (0,variables/* substituteVariables */.O)(written, () => undefined, { dollarDollar: true });
        const pos = span(node, lc);
        const ignoreAbove = [lineOf(service.keyNode, lc)];
        if (sub.unresolved.length > 0) {
            uses.push({
                ...pos,
                image: written,
                written,
                kind: 'compose-service',
                place,
                unresolved: `${sub.unresolved.map((n) => `$${n}`).join(', ')} ${sub.unresolved.length > 1 ? 'have' : 'has'} no default in the file`,
                ignoreAbove,
            });
            continue;
        }
        uses.push({
            ...pos,
            image: sub.value.trim(),
            ...(sub.value.trim() !== written ? { written } : {}),
            kind: 'compose-service',
            place,
            ignoreAbove,
        });
    }
    return uses;
}
//# sourceMappingURL=compose.js.map
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
};
const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];
function isWorkloadKind(kind) {
    return kind in POD_SPEC_PATH;
}
/** The `kind` of a document, when it has one. */
function kindOf(doc) {
    return scalarText(get(doc.contents, doc, 'kind'));
}
/** Image uses of one Kubernetes document: a workload, a List of them, or a Kustomization. */
function scanK8sDocument(doc, lc) {
    return scanObject(doc.contents, doc, lc, 0);
}
function scanObject(node, doc, lc, depth) {
    const kind = scalarText(get(node, doc, 'kind'));
    if (!kind || depth > 4)
        return [];
    if (kind === 'Kustomization')
        return scanKustomization(node, doc, lc);
    if (kind === 'List' || kind.endsWith('List')) {
        const items = asSeq(get(node, doc, 'items'), doc);
        return (items?.items ?? []).flatMap((item) => scanObject(item, doc, lc, depth + 1));
    }
    const path = POD_SPEC_PATH[kind];
    if (!path)
        return [];
    let spec = node;
    for (const key of path)
        spec = get(spec, doc, key);
    if (!spec)
        return [];
    const name = scalarText(get(get(node, doc, 'metadata'), doc, 'name'));
    const owner = `${kind}${name ? `/${name}` : ''}`;
    const uses = [];
    for (const list of CONTAINER_LISTS) {
        const seq = asSeq(get(spec, doc, list), doc);
        seq?.items.forEach((container, i) => {
            const image = getEntry(container, doc, 'image');
            const cname = scalarText(get(container, doc, 'name'));
            const where = `${owner} ${[...path, list].join('.')}[${cname ?? i}].image`;
            const use = scalarUse(image?.value, doc, lc, 'k8s-container', where);
            if (use)
                uses.push(use);
        });
    }
    return uses;
}
/** A use for a scalar holding a whole reference; undefined when it is not a non-empty string. */
function scalarUse(node, _doc, lc, kind, place, ignoreAbove = []) {
    const text = scalarText(node)?.trim();
    if (!node || !text)
        return undefined;
    const pos = span(node, lc);
    if ((0,variables/* hasVariables */.c)(text)) {
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
/**
 * kustomize's `images:` transformer. `newTag: latest` is mutable; a `newName` with no
 * newTag and no digest keeps whatever tag the manifests had, so it is reported as
 * untagged unless the new name carries its own tag or digest.
 */
function scanKustomization(node, doc, lc) {
    const images = asSeq(get(node, doc, 'images'), doc);
    const uses = [];
    images?.items.forEach((item, i) => {
        const nameNode = get(item, doc, 'name');
        const newNameNode = get(item, doc, 'newName');
        const newTagNode = get(item, doc, 'newTag');
        const digestNode = get(item, doc, 'digest');
        const name = scalarText(newNameNode) ?? scalarText(nameNode);
        if (!name)
            return;
        const digest = scalarText(digestNode);
        const tag = scalarText(newTagNode);
        const where = `Kustomization images[${scalarText(nameNode) ?? i}]`;
        if (digest) {
            const use = scalarUse(digestNode, doc, lc, 'kustomize-image', `${where}.digest`);
            if (use && !use.unresolved)
                uses.push({ ...use, image: `${stripTagged(name)}@${digest}` });
            return;
        }
        if (tag !== undefined) {
            const use = scalarUse(newTagNode, doc, lc, 'kustomize-image', `${where}.newTag`);
            if (use)
                uses.push(use.unresolved ? use : { ...use, image: `${stripTagged(name)}:${tag}` });
            return;
        }
        if (newNameNode) {
            const use = scalarUse(newNameNode, doc, lc, 'kustomize-image', `${where}.newName`);
            if (use)
                uses.push(use);
        }
    });
    return uses;
}
function stripTagged(name) {
    const at = name.indexOf('@');
    const base = at >= 0 ? name.slice(0, at) : name;
    const slash = base.lastIndexOf('/');
    const colon = base.lastIndexOf(':');
    return colon > slash ? base.slice(0, colon) : base;
}
/** Keys that hold an image in values files: `image`, `initImage`, `sidecar_image`, `proxy-image`. */
const IMAGE_KEY = /^(image|.*Image|.*[_-]image)$/;
/**
 * Helm-style values: `image: repo:tag` scalars, and the common map shapes
 * `{registry?, repository, tag?, digest?}` (and `name` for repository). A map with a
 * repository and an empty or missing tag is reported as untagged (the chart fills in
 * something else, often :latest); `tag: latest` as :latest.
 */
function scanHelmValues(doc, lc) {
    const uses = [];
    const seen = new Set();
    const walk = (node, path, depth) => {
        if (!node || depth > 40 || seen.has(node))
            return;
        seen.add(node);
        const seq = asSeq(node, doc);
        if (seq) {
            seq.items.forEach((item, i) => walk(item, `${path}[${i}]`, depth + 1));
            return;
        }
        for (const e of entries(node, doc)) {
            const here = path ? `${path}.${e.key}` : e.key;
            if (IMAGE_KEY.test(e.key)) {
                const keyLine = lineOf(e.keyNode, lc);
                if (scalarText(e.value) !== undefined) {
                    const use = scalarUse(e.value, doc, lc, 'helm-values', here);
                    if (use)
                        uses.push(use);
                    continue;
                }
                const use = imageMapUse(e.value, doc, lc, here, keyLine);
                if (use) {
                    uses.push(use);
                    continue;
                }
            }
            walk(e.value, here, depth + 1);
        }
    };
    walk(doc.contents, '', 0);
    return uses;
}
function imageMapUse(node, doc, lc, path, keyLine) {
    const repoEntry = getEntry(node, doc, 'repository') ?? getEntry(node, doc, 'name');
    const repository = scalarText(repoEntry?.value)?.trim();
    if (!repoEntry?.value || !repository)
        return undefined;
    const registry = scalarText(get(node, doc, 'registry'))?.trim();
    const tagEntry = getEntry(node, doc, 'tag');
    const digestNode = get(node, doc, 'digest');
    const digest = scalarText(digestNode)?.trim();
    const name = `${registry ? `${registry}/` : ''}${repository}`;
    if ((0,variables/* hasVariables */.c)(name)) {
        return scalarUse(repoEntry.value, doc, lc, 'helm-values', `${path}.${repoEntry.key}`, [keyLine]);
    }
    if (digest) {
        const use = scalarUse(digestNode, doc, lc, 'helm-values', `${path}.digest`, [keyLine]);
        return use && !use.unresolved
            ? { ...use, image: `${name}@${digest.includes(':') ? digest : `sha256:${digest}`}` }
            : use;
    }
    const tag = tagEntry && !isEmptyScalar(tagEntry.value) ? scalarText(tagEntry.value)?.trim() : undefined;
    if (tag) {
        const use = scalarUse(tagEntry.value, doc, lc, 'helm-values', `${path}.tag`, [keyLine]);
        return use && !use.unresolved ? { ...use, image: `${name}:${tag}` } : use;
    }
    // No tag: point at an empty `tag:` when it is written, else at the repository.
    const pos = tagEntry
        ? joinSpans(span(tagEntry.keyNode, lc), tagEntry.value, lc)
        : span(repoEntry.value, lc);
    return {
        ...pos,
        image: name,
        kind: 'helm-values',
        place: `${path}.${tagEntry ? 'tag' : repoEntry.key}${tagEntry ? ' (empty)' : ' (no tag)'}`,
        ignoreAbove: [keyLine],
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
//# sourceMappingURL=k8s.js.map
;// CONCATENATED MODULE: ./build/check/workflow.js

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
        const container = getEntry(job.value, doc, 'container');
        if (container?.value) {
            const node = scalarText(container.value) !== undefined
                ? container.value
                : get(container.value, doc, 'image');
            const place = `jobs.${job.key}.container${node === container.value ? '' : '.image'}`;
            const use = referenceUse(node, lc, 'workflow-container', place, [
                lineOf(container.keyNode, lc),
            ]);
            if (use)
                uses.push(use);
        }
        for (const service of entries(get(job.value, doc, 'services'), doc)) {
            const node = scalarText(service.value) !== undefined ? service.value : get(service.value, doc, 'image');
            const use = referenceUse(node, lc, 'workflow-service', `jobs.${job.key}.services.${service.key}.image`, [lineOf(service.keyNode, lc)]);
            if (use)
                uses.push(use);
        }
        asSeq(get(job.value, doc, 'steps'), doc)?.items.forEach((step, i) => {
            const node = get(step, doc, 'uses');
            if (!scalarText(node)?.trim().startsWith(DOCKER_SCHEME))
                return;
            const name = scalarText(get(step, doc, 'name')) ?? scalarText(get(step, doc, 'id'));
            const use = referenceUse(node, lc, 'workflow-step', `jobs.${job.key}.steps[${name ?? i}].uses`);
            if (use)
                uses.push(use);
        });
    }
    return uses;
}
/** A Docker container action: `runs: {using: docker, image: docker://…}`. */
function scanActionMetadata(doc, lc) {
    const runs = get(doc.contents, doc, 'runs');
    if (scalarText(get(runs, doc, 'using')) !== 'docker')
        return [];
    const node = get(runs, doc, 'image');
    if (!scalarText(node)?.trim().startsWith(DOCKER_SCHEME))
        return [];
    const use = referenceUse(node, lc, 'action-image', 'runs.image');
    return use ? [use] : [];
}
function referenceUse(node, lc, kind, place, ignoreAbove = []) {
    const raw = scalarText(node);
    if (!node || raw === undefined || raw.trim() === '')
        return undefined;
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
        return {
            ...at,
            image: text,
            written: text,
            kind,
            place,
            unresolved: 'it is set at run time by an expression',
            ignoreAbove,
        };
    }
    return { ...at, image: text, kind, place, ignoreAbove };
}
//# sourceMappingURL=workflow.js.map
;// CONCATENATED MODULE: ./build/check/scan.js
// Which scanner reads a file, by its path and then its content, and the one entry
// point that runs it. Pure: path and text in, image uses and problems out.
//   *Dockerfile*, *Containerfile*          → Dockerfile
//   .github/workflows/*.yml                 → workflow
//   action.yml                              → action metadata (docker:// image)
//   kustomization.yaml / kind: Kustomization → kustomize images
//   a document with `kind:`                 → Kubernetes manifest
//   compose*.yml, or a `services:` map      → compose
//   values*.yaml (a chart's values)         → Helm-style values






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
function scanFile(path, text) {
    const cls = classifyPath(path) ?? (isKustomizationName(path) ? 'yaml' : undefined);
    if (cls === 'dockerfile') {
        const r = (0,dockerfile/* scanDockerfile */.Y)(text);
        return { uses: r.uses, problems: r.problems, readAs: ['Dockerfile'] };
    }
    if (cls !== 'yaml')
        return { uses: [], problems: [], readAs: [] };
    if (isHelmTemplate(path, text))
        return { uses: [], problems: [], readAs: ['Helm template (skipped)'] };
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
        if (kind) {
            readAs.add(kind === 'Kustomization' ? 'kustomization' : 'Kubernetes');
            uses.push(...scanK8sDocument(doc, lc));
            continue;
        }
        if (isKustomizationName(path)) {
            // kustomize accepts a kustomization without apiVersion/kind.
            readAs.add('kustomization');
            uses.push(...scanKustomization(doc.contents ?? undefined, doc, lc));
            continue;
        }
        if (isComposeName(path) || looksLikeCompose(doc)) {
            readAs.add('compose');
            uses.push(...scanComposeDocument(doc, lc));
            continue;
        }
        if (isValuesName(path)) {
            readAs.add('Helm values');
            uses.push(...scanHelmValues(doc, lc));
        }
    }
    uses.sort((a, b) => a.line - b.line || a.column - b.column);
    return { uses, problems, readAs: [...readAs] };
}
//# sourceMappingURL=scan.js.map
;// CONCATENATED MODULE: ./build/check/files.js
// Which files the check reads: the whole workspace (`scope: all`), or the files of the
// pull request (`scope: changed`) — from the GitHub API, or from `git diff` between the
// event's base and head commits when the API cannot be reached. The only module of the
// check that touches disk, git or the network.



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
            dirents = await (0,promises_.readdir)(dir, { withFileTypes: true });
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
        const st = await (0,promises_.lstat)((0,external_node_path_.join)(root, rel));
        if (!st.isFile())
            return 'missing';
        return st.size > MAX_FILE_BYTES ? 'too-big' : 'ok';
    }
    catch {
        return 'missing';
    }
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
// EXTERNAL MODULE: ./build/image/reference.js
var reference = __webpack_require__(7755);
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
    let scanned = 0;
    for (const file of files) {
        const state = await readableFile(d.root, file);
        if (state === 'missing')
            continue;
        if (state === 'too-big') {
            // A file name is the pull request author's to choose: `::error::x.yaml` stays text.
            (0,verbatim_log/* infoVerbatim */.Bz)(`${file}: skipped, larger than 1 MiB`);
            continue;
        }
        let text;
        try {
            text = await (0,promises_.readFile)((0,external_node_path_.join)(d.root, file), 'utf8');
        }
        catch (err) {
            core/* warning */.$e(`${file}: cannot be read (${err.message}); it was not checked.`, {
                file,
            });
            continue;
        }
        scanned++;
        const scan = scanFile(file, text);
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
        findings.push(...(0,check_findings/* judgeUses */.E)(file, text, scan.uses, policy));
    }
    await suggestDigests(findings, d.resolveDigest);
    for (const f of findings) {
        const props = {
            file: f.file,
            startLine: f.line,
            ...(f.endLine !== f.line
                ? { endLine: f.endLine }
                : { startColumn: f.column, endColumn: f.endColumn }),
            title: f.severity === 'error'
                ? 'dock2pod: mutable image reference'
                : 'dock2pod: image not checked',
        };
        const message = `${f.message}. Fix: ${f.fix}.`;
        if (f.severity === 'error')
            core/* error */.z3(message, props);
        else
            core/* warning */.$e(message, props);
    }
    const errors = findings.filter((f) => f.severity === 'error').length;
    core/* setOutput */.uH('findings', String(errors));
    core/* setOutput */.uH('report', renderReportJson(findings));
    await writeSummary(renderCheckSummary(findings, { source, filesScanned: scanned }));
    if (errors > 0) {
        core/* setFailed */.C1(`dock2pod check: ${errors} image reference${errors === 1 ? ' is' : 's are'} :latest or untagged (or use a refused tag); pin a version tag or a digest.`);
    }
    else {
        core/* notice */.lm(`dock2pod check: no :latest or untagged image in ${scanned} file${scanned === 1 ? '' : 's'} (${source}).`);
    }
}
async function writeSummary(markdown) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    await summary/* summary */.z.addRaw(markdown).write();
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
            const files = (await changedFilesFromApi(settings.githubToken, pr)).filter(isCandidate).sort();
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
        const files = (await changedFilesFromGit(deps.root, pr)).filter(isCandidate).sort();
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

/***/ }),

/***/ 5098:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ substituteVariables),
/* harmony export */   c: () => (/* binding */ hasVariables)
/* harmony export */ });
// Variable substitution the way Dockerfiles (ARG in FROM) and compose files expand
// references: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`,
// `${VAR+alt}` and compose's `${VAR:?error}`. Pure. A variable with no value and no
// default is reported as unresolved rather than guessed.
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
function substituteVariables(text, lookup, opts = {}) {
    const unresolved = [];
    let out = '';
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (opts.escape && c === opts.escape && text[i + 1] === '$') {
            out += '$';
            i++;
            continue;
        }
        if (c !== '$') {
            out += c;
            continue;
        }
        if (opts.dollarDollar && text[i + 1] === '$') {
            out += '$';
            i++;
            continue;
        }
        if (text[i + 1] === '{') {
            const close = matchingBrace(text, i + 1);
            if (close < 0) {
                out += text.slice(i);
                break;
            }
            const inner = text.slice(i + 2, close);
            i = close;
            const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])(.*))?$/s.exec(inner);
            if (!m) {
                unresolved.push(inner);
                continue;
            }
            const [, name, op, word = ''] = m;
            const value = lookup(name);
            const set = value !== undefined;
            const nonEmpty = set && value !== '';
            const expandWord = () => {
                const sub = substituteVariables(word, lookup, opts);
                unresolved.push(...sub.unresolved);
                return sub.value;
            };
            switch (op) {
                case undefined:
                    if (set)
                        out += value;
                    else
                        unresolved.push(name);
                    break;
                case ':-':
                    out += nonEmpty ? value : expandWord();
                    break;
                case '-':
                    out += set ? value : expandWord();
                    break;
                case ':+':
                    out += nonEmpty ? expandWord() : '';
                    break;
                case '+':
                    out += set ? expandWord() : '';
                    break;
                case ':?':
                case '?':
                    if ((op === ':?' ? nonEmpty : set) && value !== undefined)
                        out += value;
                    else
                        unresolved.push(name);
                    break;
            }
            continue;
        }
        const m = NAME.exec(text.slice(i + 1));
        if (!m) {
            out += c;
            continue;
        }
        const value = lookup(m[0]);
        if (value !== undefined)
            out += value;
        else
            unresolved.push(m[0]);
        i += m[0].length;
    }
    return { value: out, unresolved };
}
function matchingBrace(text, open) {
    let depth = 0;
    for (let i = open; i < text.length; i++) {
        if (text[i] === '{')
            depth++;
        else if (text[i] === '}' && --depth === 0)
            return i;
    }
    return -1;
}
/** Whether a text has anything that looks like a variable or a template. */
function hasVariables(text) {
    return /\$\{?[A-Za-z_{]|\{\{/.test(text);
}
//# sourceMappingURL=variables.js.map

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

/** Would the runner read a command in `text`? */
function hasWorkflowCommand(text) {
    return text.split(/\r\n|\r|\n/).some((l) => /^\s*::/.test(l) || l.includes('##['));
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
        if (cut < 0)
            return;
        this.emit(this.pending.slice(0, cut + 1));
        this.pending = this.pending.slice(cut + 1);
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
        if (!this.token && hasWorkflowCommand(lines)) {
            this.token = newToken();
            this.write(`::stop-commands::${this.token}\n`);
        }
        this.write(lines);
    }
}
//# sourceMappingURL=verbatim-log.js.map

/***/ }),

/***/ 1170:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   z: () => (/* binding */ summary)
/* harmony export */ });
/* unused harmony exports SUMMARY_ENV_VAR, SUMMARY_DOCS_URL, markdownSummary */
/* harmony import */ var os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(857);
/* harmony import */ var fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9896);
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = fs__WEBPACK_IMPORTED_MODULE_1__.promises;
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
                yield access(pathFromEnv, fs__WEBPACK_IMPORTED_MODULE_1__.constants.R_OK | fs__WEBPACK_IMPORTED_MODULE_1__.constants.W_OK);
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
        return this.addRaw(os__WEBPACK_IMPORTED_MODULE_0__.EOL);
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

/***/ })

};
