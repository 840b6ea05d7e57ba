export const id = 575;
export const ids = [575,940];
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

/***/ })

};
