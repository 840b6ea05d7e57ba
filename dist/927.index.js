export const id = 927;
export const ids = [927];
export const modules = {

/***/ 9575:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T3: () => (/* binding */ docker),
/* harmony export */   he: () => (/* binding */ probeBuildx),
/* harmony export */   iD: () => (/* binding */ login),
/* harmony export */   logout: () => (/* binding */ logout),
/* harmony export */   zy: () => (/* binding */ versionAtLeast)
/* harmony export */ });
/* unused harmony exports formatCommand, parseBuildxVersion, LoginError, loginFailureMessage */
/* harmony import */ var _util_exec_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5940);
/* harmony import */ var _util_verbatim_log_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4004);
// Every docker CLI call goes through `docker()`: an argument array (no shell ever sees
// an input), output captured and streamed to the log (never read as workflow commands),
// a password only ever on stdin, secrets only in the child's environment. A cancel
// kills the call's process group (src/util/exec.ts).


/** How a command line is shown in the log: one line, each argument quoted when needed. */
function formatCommand(args) {
    // JSON quoting: unambiguous, and a newline shows as \n instead of starting a line.
    const quote = (a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a));
    return ['docker', ...args].map(quote).join(' ');
}
/**
 * Run `docker <args>` from PATH, as the runner's own steps would. Never throws on exit
 * codes; throws CancelledError when the run is cancelled meanwhile.
 */
async function docker(args, call = {}) {
    const env = (0,_util_exec_js__WEBPACK_IMPORTED_MODULE_0__/* .childEnv */ .g)(call.env);
    if (call.quiet)
        return (0,_util_exec_js__WEBPACK_IMPORTED_MODULE_0__.execArgs)('docker', args, { env, ...(call.input ? { input: call.input } : {}) });
    // The command on one line, JSON-quoted (a build arg's newline shows as \n), and the
    // output as it comes; progress and errors come on stderr, in order with stdout. A
    // registry's error or a RUN step's output holding `::error::` stays text.
    const log = new _util_verbatim_log_js__WEBPACK_IMPORTED_MODULE_1__/* .VerbatimStream */ .n6();
    log.push(`[command]${formatCommand(args)}\n`);
    try {
        return await (0,_util_exec_js__WEBPACK_IMPORTED_MODULE_0__.execArgs)('docker', args, {
            env,
            ...(call.input ? { input: call.input } : {}),
            onStdout: (d) => log.push(d),
            onStderr: (d) => log.push(d),
        });
    }
    finally {
        log.end();
    }
}
/** The version in `docker buildx version` output (`github.com/docker/buildx v0.12.1 …`). */
function parseBuildxVersion(stdout) {
    return /\bv?(\d+\.\d+\.\d+)(?:[-+][\w.]+)?/.exec(stdout)?.[1];
}
/** Whether `version` (x.y.z) is at least `min`. */
function versionAtLeast(version, min) {
    const a = version.split('.').map(Number);
    const b = min.split('.').map(Number);
    for (let i = 0; i < 3; i++)
        if ((a[i] ?? 0) !== (b[i] ?? 0))
            return (a[i] ?? 0) > (b[i] ?? 0);
    return true;
}
/** buildx's version, or the reason it cannot be used (not installed, broken). */
async function probeBuildx() {
    const r = await docker(['buildx', 'version'], { quiet: true });
    if (r.exitCode !== 0) {
        const why = (r.stderr.trim() || r.stdout.trim()).split('\n')[0] ?? '';
        return { problem: why || `exit code ${r.exitCode}` };
    }
    const version = parseBuildxVersion(r.stdout);
    return version ? { version } : { problem: `unrecognised version "${r.stdout.trim()}"` };
}
class LoginError extends Error {
    name = 'LoginError';
}
/** What a failed `docker login` means for the user, from docker's stderr. */
function loginFailureMessage(registry, username, stderr) {
    const where = registry || 'Docker Hub';
    const said = stderr.trim().split('\n').filter(Boolean).pop() ?? '';
    if (/\b401\b|unauthori[sz]ed|incorrect username or password|denied|invalid credentials/i.test(said))
        return `docker login to ${where} refused the credentials of inputs 'username' ("${username}") and 'password': ${said}. Check both for this registry; nothing was built or pushed.`;
    return `docker login to ${where} failed: ${said || 'no message'}. Nothing was built or pushed.`;
}
/** `docker login` with the password on stdin; it never reaches argv or the log. */
async function login(registry, username, password) {
    const args = ['login', '--username', username, '--password-stdin'];
    if (registry)
        args.push('--', registry);
    const r = await docker(args, { input: Buffer.from(password) });
    if (r.exitCode !== 0)
        throw new LoginError(loginFailureMessage(registry, username, r.stderr));
}
/** `docker logout`, for post; a failure is the caller's to report. */
async function logout(registry) {
    const args = ['logout'];
    // Docker Hub is logout's default; saveDockerLogout stores it as docker.io. `--` ends
    // the options: the host comes from state, which post does not trust to be one.
    if (registry && registry !== 'docker.io')
        args.push('--', registry);
    const r = await docker(args);
    if (r.exitCode !== 0)
        throw new Error(`docker logout ${registry} failed: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
}
//# sourceMappingURL=docker.js.map

/***/ }),

/***/ 7927:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildAndPush: () => (/* binding */ buildAndPush),
  resolveImageRef: () => (/* binding */ resolveImageRef)
});

// EXTERNAL MODULE: ./build/node_modules/@actions/core/lib/core.js + 5 modules
var core = __webpack_require__(2488);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/image/reference.js
var reference = __webpack_require__(7755);
// EXTERNAL MODULE: ./build/cancel.js
var cancel = __webpack_require__(40);
// EXTERNAL MODULE: ./build/inputs.js
var inputs = __webpack_require__(8175);
// EXTERNAL MODULE: ./build/registry/client.js + 1 modules
var client = __webpack_require__(6529);
// EXTERNAL MODULE: ./build/registry/credentials.js
var credentials = __webpack_require__(5760);
// EXTERNAL MODULE: ./build/report/annotated-error.js
var annotated_error = __webpack_require__(4948);
// EXTERNAL MODULE: ./build/report/publish.js + 5 modules
var publish = __webpack_require__(17);
// EXTERNAL MODULE: ./build/state.js
var state = __webpack_require__(8801);
// EXTERNAL MODULE: ./build/util/bounds.js
var bounds = __webpack_require__(5152);
// EXTERNAL MODULE: ./build/util/text.js
var util_text = __webpack_require__(3506);
// EXTERNAL MODULE: ./build/util/verbatim-log.js
var verbatim_log = __webpack_require__(4004);
// EXTERNAL MODULE: ./node_modules/dockerfile-ast/lib/main.js
var main = __webpack_require__(8390);
;// CONCATENATED MODULE: ./build/image-build/build-errors.js
// Which Dockerfile instruction broke a build, read from the builder's own output. Pure:
// the output and the Dockerfile's text go in, a line number comes out.
//
// BuildKit (docker 20.10 with DOCKER_BUILDKIT=1, and buildx) ends a failed build with
//   ------
//    > [stage-1 3/4] RUN make:
//   ------
//   executor failed running [/bin/sh -c make]: exit code: 2
// where 3 counts FROM, RUN, COPY, ADD and WORKDIR within the stage (named by its `AS`
// or `stage-<index>`; no name when one stage is built), and newer versions add a line
// `Dockerfile:12`. The classic builder prints `Step 5/9 : RUN make`, counting every
// instruction of the file, then `The command '/bin/sh -c make' returned a non-zero code: 2`.

const STEP_BLOCK = /^ > \[(?:(\S+) )?(\d+)\/\d+\] (.*):$/;
const CLASSIC_STEP = /^Step (\d+)\/\d+ : (.*)$/;
/** Read the failure out of a builder's output (stdout and stderr together). */
function parseBuildFailure(output) {
    const lines = output.replace(/\r/g, '').split('\n');
    const last = (re) => {
        for (let i = lines.length - 1; i >= 0; i--) {
            const m = re.exec(lines[i]);
            if (m)
                return [i, m];
        }
        return undefined;
    };
    const reasonAfter = (from) => {
        for (let i = lines.length - 1; i > from; i--) {
            const l = lines[i].trim();
            if (l !== '' && !/^-+$/.test(l) && !/^\d+ \|/.test(l))
                return l.replace(/^ERROR: /, '').replace(/^failed to build: /, '');
        }
        return '';
    };
    const block = last(STEP_BLOCK);
    if (block) {
        const [i, m] = block;
        const printedLine = last(/^(?:\S+\/)?[^\s/]*Dockerfile[^\s/]*:(\d+)$/);
        return {
            builder: 'buildkit',
            ...(m[1] ? { stage: m[1] } : {}),
            step: Number(m[2]),
            instruction: m[3],
            ...(printedLine && printedLine[0] > i ? { line: Number(printedLine[1][1]) } : {}),
            reason: reasonAfter(i),
        };
    }
    const failed = last(/^The command .* returned a non-zero code: \d+$/);
    const step = last(CLASSIC_STEP);
    if (failed && step && step[0] < failed[0]) {
        return {
            builder: 'classic',
            step: Number(step[1][1]),
            instruction: step[1][2],
            reason: failed[1][0],
        };
    }
    const solve = last(/^(?:ERROR: )?(?:failed to build: )?(failed to solve.*)$/);
    if (!solve)
        return undefined;
    const [at, m] = solve;
    let reason = m[1];
    // A registry's answer comes as a list under the line: `failed to push …: errors:`.
    if (/ errors:$/.test(reason)) {
        const listed = [];
        for (let i = at + 1; i < lines.length && listed.length < MAX_LISTED_ERRORS; i++) {
            const l = lines[i].trim();
            if (l === '')
                break;
            listed.push(l);
        }
        if (listed.length > 0)
            reason = `${reason.replace(/ errors:$/, '')} ${listed.join('; ')}`;
    }
    const exporting = lines.some((l) => EXPORT_BLOCK.test(l));
    return {
        builder: 'buildkit',
        reason,
        ...(exporting || /^failed to solve: failed to push /.test(reason) ? { pushing: true } : {}),
    };
}
/** How many lines of a registry's `errors:` list the reason quotes. */
const MAX_LISTED_ERRORS = 4;
/** BuildKit's summary of a failed export: ` > exporting to image:`, ` > exporting cache to registry:`. */
const EXPORT_BLOCK = /^ > exporting (?:to image|cache\b.*):$/;
/** A registry's refusal, which a second push would meet again. */
const REFUSED = /\b(?:denied|unauthori[sz]ed|forbidden|authenticat\w*|insufficient_scope|401|403|name (?:unknown|invalid)|not found|does not exist|quota|too large)\b/i;
/** The warning before the push is made once more. */
function pushRetryMessage(reason) {
    return `The push failed: ${reason}. Every build step had run, so dock2pod pushes once more.`;
}
/** The error for a push that failed after every step ran (`reason` from the builder). */
function pushFailedMessage(reason) {
    return `The image was built, but pushing it failed: ${reason}. Nothing is deployed.`;
}
/**
 * Whether pushing again may succeed: the steps all ran (BuildKit holds their results, so
 * a second run only pushes), and the registry did not refuse access or the name. A
 * registry that fails one upload among concurrent ones (`provided digest did not match
 * uploaded content`, a 5xx, a reset connection) is the case this is for.
 */
function pushWorthRetrying(failure) {
    return failure?.pushing === true && !REFUSED.test(failure.reason);
}
// BuildKit numbers these within a stage (after FROM, which is step 1).
const BUILDKIT_STEPS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);
const normalise = (s) => s.replace(/\s+/g, ' ').trim();
/**
 * The Dockerfile line the failure points at, or undefined when the output does not say
 * and no instruction matches. `target` is the stage that was built (BuildKit omits the
 * stage name when the build has one stage).
 */
function locateFailure(dockerfile, failure, target = '') {
    const parsed = main.DockerfileParser.parse(dockerfile);
    const all = parsed.getInstructions().map((i) => ({
        keyword: i.getKeyword().toUpperCase(),
        text: `${i.getKeyword().toUpperCase()} ${i.getArgumentsContent() ?? ''}`,
        line: i.getRange().start.line + 1,
    }));
    if (failure.line !== undefined) {
        const at = all.find((i) => i.line === failure.line);
        return { line: failure.line, text: at?.text ?? failure.instruction ?? '' };
    }
    const want = failure.instruction ? normalise(failure.instruction) : undefined;
    const matches = (i) => i !== undefined && (want === undefined || normalise(i.text) === want);
    let byStep;
    if (failure.step !== undefined) {
        if (failure.builder === 'classic') {
            byStep = all[failure.step - 1];
        }
        else {
            const stages = [];
            for (const i of all) {
                if (i.keyword === 'FROM') {
                    const alias = /\sAS\s+(\S+)\s*$/i.exec(i.text)?.[1];
                    stages.push({ ...(alias ? { name: alias.toLowerCase() } : {}), instrs: [i] });
                }
                else if (BUILDKIT_STEPS.has(i.keyword) && stages.length > 0) {
                    stages[stages.length - 1].instrs.push(i);
                }
            }
            let stage;
            if (failure.stage) {
                const index = /^stage-(\d+)$/.exec(failure.stage);
                stage = index
                    ? stages[Number(index[1])]
                    : stages.find((s) => s.name === failure.stage.toLowerCase());
            }
            else if (stages.length === 1) {
                stage = stages[0];
            }
            else {
                stage = target
                    ? stages.find((s) => s.name === target.toLowerCase())
                    : stages[stages.length - 1];
            }
            byStep = stage?.instrs[failure.step - 1];
        }
    }
    // The step number decides when its text agrees; otherwise the one instruction whose
    // text the builder printed (a build arg in FROM or a changed count would mislead us).
    if (matches(byStep))
        return { line: byStep.line, text: byStep.text };
    if (want === undefined)
        return undefined;
    const same = all.filter(matches);
    return same.length === 1 ? { line: same[0].line, text: same[0].text } : undefined;
}
//# sourceMappingURL=build-errors.js.map
;// CONCATENATED MODULE: ./build/image-build/buildx-args.js


const OCI = 'org.opencontainers.image';
/** The environment variable that carries secret number `index` to buildx. */
const secretEnvName = (index) => `DOCK2POD_SECRET_${index}`;
/**
 * The secrets' values, keyed by the variables `--secret id=…,env=…` names: they reach
 * buildx through its environment, never its argv (which any process can read).
 */
function secretEnv(secrets) {
    const env = {};
    secrets.forEach((s, i) => (env[secretEnvName(i)] = s.slice(s.indexOf('=') + 1)));
    return env;
}
/** What buildx's `type=gha` cache reads from its environment when the entry names no token. */
const GHA_CACHE_ENV = [
    'ACTIONS_RUNTIME_TOKEN',
    'ACTIONS_CACHE_URL',
    'ACTIONS_RESULTS_URL',
    'ACTIONS_CACHE_SERVICE_V2',
];
/**
 * The runner's cache variables, by name, when a `cache-from`/`cache-to` entry is
 * `type=gha`: the one case buildx needs the runtime token. Docker's environment leaves
 * it out otherwise (src/util/exec.ts childEnv).
 */
function ghaCacheEnv(b, env) {
    const gha = [...b.cacheFrom, ...b.cacheTo].some((c) => c.split(',').includes('type=gha'));
    const out = {};
    if (!gha)
        return out;
    for (const k of GHA_CACHE_ENV)
        if (env[k])
            out[k] = env[k];
    return out;
}
/** The workflow's OCI labels, unless the `labels` input sets the same key. */
function ociLabels(opts) {
    const given = new Set(opts.build.labels.map((l) => l.slice(0, l.indexOf('='))));
    const out = [];
    const add = (key, value) => {
        if (value && !given.has(`${OCI}.${key}`))
            out.push(`${OCI}.${key}=${value}`);
    };
    add('source', opts.oci.source);
    add('revision', opts.oci.revision);
    add('created', opts.oci.created);
    return out;
}
/** `--tag`, `--build-arg`, `--label`, … shared by buildx and the plain `docker build`. */
function commonArgs(opts) {
    const b = opts.build;
    const args = ['--progress', 'plain', '--file', b.dockerfile];
    for (const t of b.tags)
        args.push('--tag', (0,reference/* formatReference */.FH)(t));
    for (const a of b.buildArgs)
        args.push('--build-arg', a);
    for (const l of [...ociLabels(opts), ...b.labels])
        args.push('--label', l);
    if (b.target)
        args.push('--target', b.target);
    if (b.platforms.length > 0)
        args.push('--platform', b.platforms.join(','));
    for (const c of b.cacheFrom)
        args.push('--cache-from', c);
    if (b.noCache)
        args.push('--no-cache');
    if (b.pull)
        args.push('--pull');
    return args;
}
/**
 * The first of `provenance`/`sbom` that asks for an attestation (set to anything but
 * empty or `false`), or undefined: `false` asks for nothing, whatever the builder.
 */
function attestationAskedBy(b) {
    const asks = (value) => value !== '' && value !== 'false';
    if (asks(b.provenance))
        return 'provenance';
    if (asks(b.sbom))
        return 'sbom';
    return undefined;
}
/**
 * Why these options cannot be built with this CLI, as an InputError naming the input,
 * or undefined. Called before anything is built, logged in to or pushed.
 */
function unsupportedInput(b, caps) {
    const attestation = attestationAskedBy(b);
    if (caps.buildx) {
        if (!caps.attestations && attestation)
            return new inputs/* InputError */.dz(attestation, `asks for an attestation, which needs buildx 0.10 or later, and this runner's buildx is older. Update buildx, or remove ${attestation}.`);
        return undefined;
    }
    const without = `needs docker buildx, which this runner does not have (it builds with plain docker build)`;
    if (b.platforms.length > 1)
        return new inputs/* InputError */.dz('platforms', `lists ${b.platforms.length} platforms: building for more than one ${without}. Install buildx (docker/setup-buildx-action), or give one platform.`);
    if (attestation)
        return new inputs/* InputError */.dz(attestation, `asks for an attestation, which ${without}. Install buildx (docker/setup-buildx-action), or remove ${attestation}.`);
    if (b.cacheTo.length > 0)
        return new inputs/* InputError */.dz('cache-to', `exporting a cache ${without}. Install buildx (docker/setup-buildx-action), or remove cache-to.`);
    if (b.secrets.length > 0)
        return new inputs/* InputError */.dz('secrets', `passing build secrets from the environment ${without}. Install buildx (docker/setup-buildx-action), or remove secrets.`);
    return undefined;
}
/** `docker buildx build …`, minus the leading `docker`. */
function buildxArgs(opts, caps) {
    const b = opts.build;
    const args = ['buildx', 'build', ...commonArgs(opts)];
    for (const c of b.cacheTo)
        args.push('--cache-to', c);
    b.secrets.forEach((s, i) => args.push('--secret', `id=${s.slice(0, s.indexOf('='))},env=${secretEnvName(i)}`));
    if (caps.attestations) {
        if (b.provenance !== '')
            args.push('--provenance', b.provenance);
        if (b.sbom !== '')
            args.push('--sbom', b.sbom);
    }
    args.push('--metadata-file', opts.metadataFile);
    if (b.push)
        args.push('--push');
    // `--` ends the options: a context is never read as one.
    args.push('--', b.context);
    return args;
}
/** `docker build …` for runners without buildx; pushing is a separate `docker push`. */
function dockerBuildArgs(opts) {
    return ['build', ...commonArgs(opts), '--', opts.build.context];
}
/** `docker push <ref>`, once per tag. */
const dockerPushArgs = (ref) => ['push', ref];
//# sourceMappingURL=buildx-args.js.map
// EXTERNAL MODULE: ./build/image-build/docker.js
var docker = __webpack_require__(9575);
;// CONCATENATED MODULE: ./build/image-build/output.js
// Pure readers of what a finished build and push report: the digest in buildx's
// metadata file, or in `docker push`'s last line.

/** `containerimage.digest` of buildx's `--metadata-file` JSON, if present. */
function metadataDigest(metadataJson) {
    if (metadataJson.trim() === '')
        return undefined;
    const meta = JSON.parse(metadataJson);
    const d = meta['containerimage.digest'];
    return typeof d === 'string' && /^sha256:[0-9a-f]{64}$/.test(d) ? d : undefined;
}
/** `v1: digest: sha256:… size: 734`, the last line `docker push` prints. */
function pushedDigest(stdout) {
    const all = [...stdout.matchAll(/: digest: (sha256:[0-9a-f]{64}) size: (\d+)/g)];
    const m = all[all.length - 1];
    return m ? { digest: m[1], size: Number(m[2]) } : undefined;
}
/** The last `n` non-empty lines of a log, for an error's context, each cut to LIMITS.quotedLine. */
function tail(log, n) {
    return log
        .replace(/\r/g, '')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .slice(-n)
        .map((l) => (0,bounds/* cut */.Jj)(l, bounds/* LIMITS */.b1.quotedLine))
        .join('\n');
}
//# sourceMappingURL=output.js.map
;// CONCATENATED MODULE: ./build/image-build/index.js
// Build and push: the first half of deploy mode. Probe the CLI, refuse what it cannot
// do, check the registry is there, log in, build, push, then ask the registry itself
// for the digest: the one the action reports is the one a node will pull.



















/** Lines of the build log repeated after a failure, outside the collapsed group. */
const TAIL_LINES = 25;
async function buildAndPush(build, facts) {
    const probe = await (0,docker/* probeBuildx */.he)();
    const caps = {
        buildx: probe.version !== undefined,
        attestations: probe.version !== undefined && (0,docker/* versionAtLeast */.zy)(probe.version, '0.10.0'),
    };
    const unsupported = unsupportedInput(build, caps);
    if (unsupported)
        throw unsupported;
    if (!caps.buildx) {
        core/* notice */.lm(`docker buildx is not available on this runner (${probe.problem}): building with docker build and pushing with docker push. Multi-platform builds, attestations, cache export and secrets need buildx (docker/setup-buildx-action).`);
    }
    const registry = new client/* RegistryClient */.bP();
    const tags = build.tags.map(reference/* formatReference */.FH);
    (0,cancel/* setPhase */.A)('the registry check');
    if (build.push)
        await checkReachable(registry, build.tags);
    if (build.login) {
        (0,cancel/* setPhase */.A)('login');
        const { registry: host, username, password } = build.login;
        await core/* group */.Os(`Log in to ${host || 'Docker Hub'}`, () => (0,docker/* login */.iD)(host, username, password));
        (0,state/* saveDockerLogout */.s2)(host);
    }
    const workDir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'dock2pod-build-'));
    try {
        const opts = {
            build,
            metadataFile: (0,external_node_path_.join)(workDir, 'metadata.json'),
            oci: {
                ...(facts.sourceUrl ? { source: facts.sourceUrl } : {}),
                ...(facts.sha ? { revision: facts.sha } : {}),
                created: new Date().toISOString(),
            },
        };
        (0,cancel/* setPhase */.A)('build');
        const started = performance.now();
        const args = caps.buildx ? buildxArgs(opts, caps) : dockerBuildArgs(opts);
        const title = caps.buildx && build.push ? `Build and push ${tags[0]}` : `Build ${tags[0]}`;
        const env = { ...secretEnv(build.secrets), ...ghaCacheEnv(build, process.env) };
        let built = await core/* group */.Os(title, () => (0,docker/* docker */.T3)(args, { env }));
        let retried = false;
        if (built.exitCode !== 0 && caps.buildx && build.push) {
            const failure = parseBuildFailure(`${built.stdout}\n${built.stderr}`);
            if (pushWorthRetrying(failure)) {
                // BuildKit holds every step's result: the second run pushes, it does not rebuild.
                core/* warning */.$e(pushRetryMessage((0,bounds/* cut */.Jj)(failure.reason, bounds/* LIMITS */.b1.quotedLine)));
                built = await core/* group */.Os(`${title} (second attempt)`, () => (0,docker/* docker */.T3)(args, { env }));
                retried = true;
            }
        }
        const buildSeconds = (performance.now() - started) / 1000;
        if (built.exitCode !== 0)
            throw buildFailed(build, `${built.stdout}\n${built.stderr}`);
        let metadata = '';
        let reported;
        if (caps.buildx) {
            try {
                const read = (0,util_text/* readTextFile */.G)(opts.metadataFile, bounds/* LIMITS */.b1.buildMetadataBytes);
                if (read === 'too-big')
                    core/* debug */.Yz(`buildx's metadata file is over ${bounds/* LIMITS */.b1.buildMetadataBytes} bytes; not read`);
                else
                    metadata = read;
            }
            catch {
                // buildx before 0.6 writes no metadata: the registry's digest stands alone then.
            }
            reported = metadataDigest(metadata);
        }
        else if (build.push) {
            (0,cancel/* setPhase */.A)('push');
            reported = await core/* group */.Os(`Push ${tags.join(', ')}`, async () => {
                let digest;
                for (const tag of tags) {
                    const r = await (0,docker/* docker */.T3)(dockerPushArgs(tag));
                    if (r.exitCode !== 0) {
                        throw new Error(`docker push ${tag} failed: ${tail(r.stderr || r.stdout, 3) || `exit code ${r.exitCode}`}`);
                    }
                    digest ??= pushedDigest(r.stdout)?.digest;
                }
                return digest;
            });
        }
        const first = build.tags[0];
        let digest = '';
        (0,cancel/* setPhase */.A)('the digest check');
        if (build.push)
            digest = await confirmDigest(registry, build.tags, reported);
        const imageRef = digest ? `${tags[0]}@${digest}` : tags[0];
        if (digest)
            (0,verbatim_log/* infoVerbatim */.Bz)(`Pushed ${imageRef}`);
        const sizeBytes = digest
            ? await registry.imageSize({ ...first, digest }).catch(() => undefined)
            : undefined;
        await (0,publish/* publishBuild */.OO)({ image: build.imageName, tags, digest, imageRef, metadata }, {
            image: build.imageName,
            tags,
            digest,
            ...(sizeBytes !== undefined ? { sizeBytes } : {}),
            buildSeconds,
            builder: caps.buildx ? 'buildx' : 'docker build',
            pushed: build.push,
            ...(retried ? { pushedOnSecondAttempt: true } : {}),
        });
        return { imageName: build.imageName, tags, digest, imageRef };
    }
    finally {
        (0,external_node_fs_.rmSync)(workDir, { recursive: true, force: true });
    }
}
/** Deploy-only: the digest of `image-ref` at its registry (a tag resolved, a digest confirmed). */
async function resolveImageRef(ref, login) {
    // With username/password, they are the credentials for the image's own registry;
    // every other registry (and without them, this one) uses the runner's Docker config.
    const domain = (0,reference/* registryDomain */.Em)(ref);
    const registry = new client/* RegistryClient */.bP(login
        ? {
            credentials: async (d) => d === domain
                ? { kind: 'basic', username: login.username, password: login.password }
                : (0,credentials/* credentialsFor */.Og)(d),
        }
        : {});
    let found;
    try {
        found = await registry.resolveDigest(ref);
    }
    catch (err) {
        if (err instanceof client/* RegistryError */.gl && err.kind === 'not-found')
            throw new inputs/* InputError */.dz('image-ref', `"${(0,reference/* formatReference */.FH)(ref)}" does not exist at ${(0,reference/* registryDomain */.Em)(ref)}. Check the tag or digest.`);
        throw registryFailure(err, (0,reference/* registryDomain */.Em)(ref), `resolving image-ref ${(0,reference/* formatReference */.FH)(ref)}`);
    }
    if (ref.digest && found.digest !== ref.digest)
        throw new Error(`The registry ${(0,reference/* registryDomain */.Em)(ref)} names ${(0,reference/* formatReference */.FH)(ref)} ${found.digest}; refusing to deploy a digest it does not confirm.`);
    const tagged = (0,reference/* formatReference */.FH)({ ...ref, digest: undefined });
    const imageRef = `${tagged}@${found.digest}`;
    const imageName = (0,reference/* repositoryName */.aR)(ref);
    const tags = ref.tag ? [tagged] : [];
    (0,publish/* publishImage */.N0)({ image: imageName, tags, digest: found.digest, imageRef });
    (0,verbatim_log/* infoVerbatim */.Bz)(`Resolved ${(0,reference/* formatReference */.FH)(ref)} to ${imageRef}`);
    return { imageName, tags, digest: found.digest, imageRef };
}
/** Before a long build: is every registry we push to there at all? */
async function checkReachable(registry, refs) {
    for (const domain of new Set(refs.map(reference/* registryDomain */.Em))) {
        try {
            await registry.ping(domain);
        }
        catch (err) {
            throw registryFailure(err, domain, 'before building');
        }
    }
}
/**
 * The digest the registry serves for every tag; it must be the one the build reported
 * (when it reported one), or the deploy would pin something else than was built.
 */
async function confirmDigest(registry, refs, reported) {
    let digest = reported;
    for (const ref of refs) {
        let found;
        try {
            found = await registry.resolveDigest(ref);
        }
        catch (err) {
            throw registryFailure(err, (0,reference/* registryDomain */.Em)(ref), `confirming the push of ${(0,reference/* formatReference */.FH)(ref)}`);
        }
        if (digest === undefined) {
            (0,verbatim_log/* infoVerbatim */.Bz)(`The build reported no digest; the registry's is ${found.digest}.`);
            digest = found.digest;
        }
        else if (found.digest !== digest) {
            throw new Error(`The registry serves ${(0,reference/* formatReference */.FH)(ref)} as ${found.digest}, but the build pushed ${digest}. Another push to the same tag may have raced this one; nothing is deployed.`);
        }
    }
    return digest;
}
function registryFailure(err, domain, when) {
    if (!(err instanceof client/* RegistryError */.gl))
        return err instanceof Error ? err : new Error(String(err));
    if (err.kind === 'unreachable')
        return new Error(`The${err.message.replace(/^the/, '')}, ${when}. Check input 'registry' (or 'tags'); nothing was pushed.`);
    return new Error(`The registry ${domain} failed ${when}: ${err.message}.`);
}
/** One error for a failed build: on the Dockerfile line when the builder said which. */
function buildFailed(build, log) {
    // The build's own output: a RUN step may print anything, `::error::` included.
    (0,verbatim_log/* infoVerbatim */.Bz)(`Last lines of the build log:\n${tail(log, TAIL_LINES)}`);
    const failure = parseBuildFailure(log);
    const reason = (0,bounds/* cut */.Jj)(failure?.reason || 'the builder gave no reason (see the log above)', bounds/* LIMITS */.b1.quotedLine);
    let text;
    try {
        const read = (0,util_text/* readTextFile */.G)(build.dockerfile, bounds/* LIMITS */.b1.dockerfileBytes);
        // Too big to read again: the error names no line.
        if (read !== 'too-big')
            text = read;
    }
    catch {
        // A remote context: the Dockerfile is not here to point at.
    }
    const at = failure && text !== undefined ? locateFailure(text, failure, build.target) : undefined;
    // A failed push may leave layers (and, with a registry cache, cache blobs) behind; the
    // tags that name the image are what this run could not finish.
    if (failure?.pushing)
        return new Error(pushFailedMessage(reason));
    if (!at)
        return new Error(`The image build failed: ${reason}. Nothing was pushed.`);
    const file = (0,external_node_path_.relative)(process.env.GITHUB_WORKSPACE || process.cwd(), (0,external_node_path_.resolve)(build.dockerfile));
    return new annotated_error/* AnnotatedError */.X(`The image build failed at ${file}:${at.line} (${(0,bounds/* cut */.Jj)(at.text, bounds/* LIMITS */.b1.quotedLine)}): ${reason}. Nothing was pushed.`, { title: 'Build failed', file, startLine: at.line });
}
//# sourceMappingURL=index.js.map

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
