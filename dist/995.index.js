export const id = 995;
export const ids = [995];
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


/**
 * A file name the check reads as a Dockerfile: the word Dockerfile or Containerfile on
 * its own in it, as the conventions write it (Dockerfile, Dockerfile.prod,
 * Dockerfile-alpine, api.Dockerfile, web.dockerfile), and no ending of another kind of
 * file. DockerfileGenerator.kt only mentions the word; Dockerfile.dockerignore,
 * README-Dockerfile.md, dockerfile.ts, a backup or a patch are not Dockerfiles.
 */
function isDockerfileName(path) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    return DOCKERFILE_WORD.test(base) && !NOT_A_DOCKERFILE.test(base);
}
const DOCKERFILE_WORD = /(?:^|[._-])(?:dockerfile|containerfile)(?:$|[._-])/i;
/** Endings of files named after a Dockerfile that are something else. */
const NOT_A_DOCKERFILE_EXTENSIONS = [
    // ignore files, documents, data
    'dockerignore md markdown txt rst adoc html json ya?ml toml xml ini csv lock log snap',
    // source code, scripts, editors' syntax files
    'ts tsx js jsx mjs cjs sh bash ps1 bat py go rs java kt kts scala groovy gradle cs fs',
    'c h cc cpp hpp rb php pl lua swift el vim nix bzl tf hcl',
    // patches, backups, images
    'orig rej patch diff bak swp svg png jpe?g gif',
]
    .join(' ')
    .split(' ');
const NOT_A_DOCKERFILE = new RegExp(`(?:\\.(?:${NOT_A_DOCKERFILE_EXTENSIONS.join('|')})|~)$`, 'i');
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
    // A global ARG whose default uses what cannot be known: no value, and why.
    const unknownDefaults = new Map();
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
        else {
            const sub = (0,_variables_js__WEBPACK_IMPORTED_MODULE_1__/* .substituteVariables */ .OJ)(unquote(raw), (n) => globals.get(n), { escape });
            const unknown = (0,_variables_js__WEBPACK_IMPORTED_MODULE_1__/* .isUnresolved */ .U4)(sub);
            globals.set(name, unknown ? undefined : sub.value);
            if (unknown)
                unknownDefaults.set(name, (0,_variables_js__WEBPACK_IMPORTED_MODULE_1__/* .unresolvedReason */ .Ai)(sub, NO_VALUE));
            else
                unknownDefaults.delete(name);
        }
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
            // A Dockerfile template (Jinja, Go templates, ERB, balena's %%VAR%%): the image is
            // filled in before the build, and the parser splits the placeholder at its spaces.
            const args = from.getArgumentsContent() ?? '';
            const argsRange = from.getArgumentsRange();
            if (TEMPLATE.test(args) && argsRange) {
                const flags = /^(?:--\S+\s+)*/.exec(args)[0].length;
                const as = /\s+as\s+(\S+)\s*$/i.exec(args);
                const written = args.slice(flags, as ? as.index : undefined).trim();
                const column = argsRange.start.character + 1 + flags;
                uses.push({
                    line: argsRange.start.line + 1,
                    column,
                    endLine: argsRange.start.line + 1,
                    endColumn: column + written.length,
                    image: written,
                    written,
                    kind: 'dockerfile-from',
                    place: `FROM${as ? ` (stage ${as[1]})` : ` (stage ${stageIndex})`}`,
                    unresolved: 'it is filled in by a template before the build',
                    unresolvedFix: 'pin the image where the template is filled in, or add a dock2pod-ignore comment',
                    ignoreAbove: [startLine],
                });
                if (as)
                    stages.push(as[1].toLowerCase());
                continue;
            }
            const stageLabel = from.getBuildStage();
            const place = `FROM${stageLabel ? ` (stage ${stageLabel})` : ` (stage ${stageIndex})`}`;
            const use = resolveUse(unquote(raw), range, globalLookup, escape, 'dockerfile-from', place, startLine, { isStage, unknownDefaults });
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
            const use = resolveUse(unquote(value), range, stageLookup, escape, 'dockerfile-copy-from', 'COPY --from', startLine, { isStage, unknownDefaults });
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
                const use = resolveUse(unquote(value), range, stageLookup, escape, 'dockerfile-run-mount', 'RUN --mount from', startLine, { isStage, unknownDefaults });
                if (use)
                    uses.push(use);
            }
        }
    }
    return { uses, problems };
}
const NO_VALUE = 'no value and no default';
/** Template placeholders: {{ }}, {% %}, <% %>, %%NAME%%. */
const TEMPLATE = /\{\{|\{%|<%|%%[A-Z_]+%%/;
/** Why a reference cannot be known; a global ARG whose default could not be known says
 *  what its default uses. */
function unresolvedWhy(sub, unknownDefaults = new Map()) {
    const own = sub.unresolved.filter((n) => !unknownDefaults.has(n));
    const derived = sub.unresolved
        .filter((n) => unknownDefaults.has(n))
        .map((n) => `the default of $${n} cannot be known (${unknownDefaults.get(n)})`);
    return [(0,_variables_js__WEBPACK_IMPORTED_MODULE_1__/* .unresolvedReason */ .Ai)({ ...sub, unresolved: own }, NO_VALUE), ...derived]
        .filter(Boolean)
        .join('; ');
}
function resolveUse(written, range, lookup, escape, kind, place, startLine, extra = {}) {
    const sub = (0,_variables_js__WEBPACK_IMPORTED_MODULE_1__/* .substituteVariables */ .OJ)(written, lookup, { escape });
    const image = sub.value.trim();
    const pos = {
        line: range.start.line + 1,
        column: range.start.character + 1,
        endLine: range.end.line + 1,
        endColumn: range.end.character + 1,
    };
    if ((0,_variables_js__WEBPACK_IMPORTED_MODULE_1__/* .isUnresolved */ .U4)(sub)) {
        return {
            ...pos,
            image: written,
            written,
            kind,
            place,
            unresolved: unresolvedWhy(sub, extra.unknownDefaults),
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
        if (err instanceof reference/* ImageReferenceError */.rI)
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
// EXTERNAL MODULE: ./build/util/bounds.js
var bounds = __webpack_require__(5152);
;// CONCATENATED MODULE: ./build/check/findings.js
// What the scanners hand over (an ImageUse: where an image is named, and how), and what
// the check reports (a Finding: a use the policy refuses, or one it cannot judge).
// Pure: scanners give uses, `judgeUses` applies the policy and the inline ignore.



const DEFAULT_FIX = 'pin a version tag or a digest';
/** Apply the policy (and the inline ignore comment) to the uses found in one file. */
function judgeUses(file, text, uses, policy, opts = {}) {
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
            // One anchor used by thousands of containers: the first few places say it.
            if (f && f.message.length < bounds/* LIMITS */.b1.annotation / 4)
                f.message += ` (also ${(0,bounds/* cut */.Jj)(use.place, bounds/* LIMITS */.b1.quotedLine)})`;
            continue;
        }
        byPosition.set(at, use);
        // Judged whole, quoted cut: a 1 MB reference in a FROM is not 1 MB of annotation,
        // summary and report. Every valid reference is shorter than the cut.
        const image = (0,bounds/* cut */.Jj)(use.image, bounds/* LIMITS */.b1.imageRef);
        const written = use.written !== undefined ? (0,bounds/* cut */.Jj)(use.written, bounds/* LIMITS */.b1.imageRef) : undefined;
        const place = (0,bounds/* cut */.Jj)(use.place, bounds/* LIMITS */.b1.quotedLine);
        const base = {
            file,
            line: use.line,
            column: use.column,
            endLine: use.endLine,
            endColumn: use.endColumn,
            image,
            ...(written !== undefined ? { written } : {}),
            kind: use.kind,
            place,
        };
        // Built here, not pulled: a notice unless built-images says error.
        const built = use.built && opts.builtImages !== 'error' ? use.built : undefined;
        const via = use.via !== undefined ? (0,bounds/* cut */.Jj)(use.via, bounds/* LIMITS */.b1.quotedLine) : undefined;
        const why = `${via ? ` (${via})` : ''}${use.built ? `; ${use.built}` : ''}`;
        if (use.unresolved) {
            // The name may be known when the tag is not (an empty Helm tag): allow-images applies.
            if (isAllowedName(use.image, policy))
                continue;
            findings.push({
                ...base,
                severity: built ? 'notice' : 'warning',
                reason: 'unresolved',
                message: `${place}: cannot check ${JSON.stringify(written ?? image)}: ${(0,bounds/* cut */.Jj)(use.unresolved, bounds/* LIMITS */.b1.quotedLine)}${why}`,
                fix: use.unresolvedFix ?? UNRESOLVED_FIX[use.kind] ?? UNRESOLVED_FIX.default,
            });
            continue;
        }
        const verdict = judgeReference(use.image, policy);
        if (verdict.status === 'pass')
            continue;
        if (verdict.status === 'invalid') {
            findings.push({
                ...base,
                severity: built ? 'notice' : 'warning',
                reason: 'invalid',
                message: `${place}: ${JSON.stringify(image)} is not an image reference: it ${(0,bounds/* cut */.Jj)(verdict.message, bounds/* LIMITS */.b1.quotedLine + bounds/* LIMITS */.b1.imageRef)}${why}`,
                fix: 'write registry/repository:tag or @sha256:…',
            });
            continue;
        }
        findings.push({
            ...base,
            severity: built ? 'notice' : 'error',
            reason: verdict.reason,
            message: `${place}: ${(0,bounds/* cut */.Jj)(describeFailure(verdict.reason, verdict.ref), bounds/* LIMITS */.b1.quotedLine + bounds/* LIMITS */.b1.imageRef)}${written ? ` (written ${written}${via ? `; ${via}` : ''})${use.built ? `; ${use.built}` : ''}` : why}`,
            fix: DEFAULT_FIX,
        });
    }
    return findings;
}
const WORKFLOW_FIX = "write the pinned image in the workflow, or list its values in the job's strategy.matrix, or add a dock2pod-ignore comment";
/** What to do about a reference that cannot be known, by where it is written. */
const UNRESOLVED_FIX = {
    'helm-values': 'write the tag in the values file, or add a dock2pod-ignore comment',
    // A manifest has no defaults: envsubst, sed or a template fills it in.
    'k8s-container': 'write the pinned image in the file (or pin it where it is filled in), or add a dock2pod-ignore comment',
    // An expression other than the job's own matrix, written out.
    'workflow-container': WORKFLOW_FIX,
    'workflow-service': WORKFLOW_FIX,
    'workflow-step': WORKFLOW_FIX,
    default: 'give the variable a default that pins a version, or add a dock2pod-ignore comment',
};
/** Whether `image` is a reference whose name allow-images exempts. */
function isAllowedName(image, policy) {
    if (policy.allowImages.length === 0)
        return false;
    try {
        return isAllowedImage((0,reference/* parseImageReference */.o_)(image), policy.allowImages);
    }
    catch {
        return false;
    }
}
//# sourceMappingURL=findings.js.map

/***/ }),

/***/ 5098:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ai: () => (/* binding */ unresolvedReason),
/* harmony export */   OJ: () => (/* binding */ substituteVariables),
/* harmony export */   U4: () => (/* binding */ isUnresolved),
/* harmony export */   cF: () => (/* binding */ hasVariables)
/* harmony export */ });
// Variable substitution the way Dockerfiles (ARG in FROM) and compose files expand
// references: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`,
// `${VAR+alt}` and compose's `${VAR:?error}`. Pure. A variable with no value and no
// default is reported as unresolved rather than guessed.
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
function substituteVariables(text, lookup, opts = {}) {
    const unresolved = [];
    const unsupported = [];
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
                unsupported.push(`\${${inner}}`);
                continue;
            }
            const [, name, op, word = ''] = m;
            const value = lookup(name);
            const set = value !== undefined;
            const nonEmpty = set && value !== '';
            const expandWord = () => {
                const sub = substituteVariables(word, lookup, opts);
                unresolved.push(...sub.unresolved);
                unsupported.push(...sub.unsupported);
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
    return { value: out, unresolved, unsupported };
}
/** Whether the substitution left anything it could not know. */
function isUnresolved(sub) {
    return sub.unresolved.length > 0 || sub.unsupported.length > 0;
}
/**
 * Why a substitution cannot be judged: the variables with no value (`noValue` says
 * where none was found: "no value and no default") and the expansions not evaluated.
 */
function unresolvedReason(sub, noValue) {
    const parts = [];
    const { unresolved: names, unsupported: forms } = sub;
    if (names.length > 0)
        parts.push(`${names.map((n) => `$${n}`).join(', ')} ${names.length > 1 ? 'have' : 'has'} ${noValue}`);
    if (forms.length > 0)
        parts.push(`${forms.join(', ')} ${forms.length > 1 ? 'are expansions' : 'is an expansion'} the check does not evaluate`);
    return parts.join('; ');
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
/** Whether a text has anything that looks like a variable or a template (Tekton's
 *  `$(params.image)` too). */
function hasVariables(text) {
    return /\$\{?[A-Za-z_{]|\$\(|\{\{/.test(text);
}
//# sourceMappingURL=variables.js.map

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
