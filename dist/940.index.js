export const id = 940;
export const ids = [940];
export const modules = {

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
