export const id = 756;
export const ids = [756];
export const modules = {

/***/ 6756:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   post: () => (/* binding */ post)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2488);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8801);
/* harmony import */ var _util_verbatim_log_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4004);
// runs.post: undo what main left on the runner — the registry login and the kubeconfig
// file written from the `kubeconfig` input — whatever the outcome of main. What it reads
// from state is checked again first (src/state.ts): post deletes only a kubeconfig file
// of ours under RUNNER_TEMP, and logs out only of a valid registry host.





async function post(env = process.env) {
    try {
        const registry = (0,_state_js__WEBPACK_IMPORTED_MODULE_2__/* .dockerLogoutRegistry */ .OU)();
        if ((0,_state_js__WEBPACK_IMPORTED_MODULE_2__/* .savedDockerLogout */ .gs)() !== '' && !registry)
            _actions_core__WEBPACK_IMPORTED_MODULE_4__/* .warning */ .$e('Skipped docker logout: the saved registry is not a host[:port].');
        if (registry) {
            const { logout } = await __webpack_require__.e(/* import() */ 575).then(__webpack_require__.bind(__webpack_require__, 9575));
            await logout(registry);
        }
        // Where writeKubeconfigInput writes (src/kube/client.ts).
        const dir = env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)();
        const file = (0,_state_js__WEBPACK_IMPORTED_MODULE_2__/* .kubeconfigFile */ .q)(dir);
        if ((0,_state_js__WEBPACK_IMPORTED_MODULE_2__/* .savedKubeconfigFile */ .R6)() !== '' && !file)
            _actions_core__WEBPACK_IMPORTED_MODULE_4__/* .warning */ .$e('Skipped removing the kubeconfig: the saved path is not a file this action writes.');
        // A regular file only: never follow a link someone put in its place.
        if (file && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(file, { throwIfNoEntry: false })?.isFile()) {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(file, { force: true });
            (0,_util_verbatim_log_js__WEBPACK_IMPORTED_MODULE_3__/* .infoVerbatim */ .Bz)('Removed the kubeconfig written for this job.');
        }
    }
    catch (err) {
        // Post never fails the job for clean-up; say what was left.
        _actions_core__WEBPACK_IMPORTED_MODULE_4__/* .warning */ .$e(`Clean-up incomplete: ${err instanceof Error ? err.message : String(err)}`);
    }
}
//# sourceMappingURL=post.js.map

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
