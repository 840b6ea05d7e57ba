export const id = 42;
export const ids = [42];
export const modules = {

/***/ 5042:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T3: () => (/* binding */ docker),
/* harmony export */   he: () => (/* binding */ probeBuildx),
/* harmony export */   iD: () => (/* binding */ login),
/* harmony export */   logout: () => (/* binding */ logout),
/* harmony export */   zy: () => (/* binding */ versionAtLeast)
/* harmony export */ });
/* unused harmony exports formatCommand, parseBuildxVersion, LoginError, loginFailureMessage */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6008);
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9636);
// Every docker CLI call goes through `docker()`: an argument array (no shell ever sees
// an input), output captured and streamed to the log, a password only ever on stdin,
// secrets only in the child's environment.


/** How a command line is shown in the log: one line, each argument quoted when needed. */
function formatCommand(args) {
    // JSON quoting: unambiguous, and a newline shows as \n instead of starting a line.
    const quote = (a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a));
    return ['docker', ...args].map(quote).join(' ');
}
/** Run `docker <args>` from PATH, as the runner's own steps would. Never throws on exit codes. */
async function docker(args, call = {}) {
    // We print the command ourselves, on one line: @actions/exec would print a build arg's
    // newline raw, and a line of a value could then read as a workflow command.
    if (!call.quiet)
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`[command]${formatCommand(args)}`);
    const env = {};
    for (const [k, v] of Object.entries(process.env))
        if (v !== undefined)
            env[k] = v;
    Object.assign(env, call.env ?? {});
    try {
        const r = await (0,_actions_exec__WEBPACK_IMPORTED_MODULE_1__.getExecOutput)('docker', args, {
            ignoreReturnCode: true,
            silent: true,
            env,
            ...(call.input ? { input: call.input } : {}),
            listeners: call.quiet
                ? {}
                : {
                    stdout: (data) => process.stdout.write(data),
                    // Progress and errors come on stderr; the log shows them in order with stdout.
                    stderr: (data) => process.stdout.write(data),
                },
        });
        return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
    }
    catch (err) {
        // exec throws when the file cannot be run at all (no docker on PATH).
        return { exitCode: 127, stdout: '', stderr: err instanceof Error ? err.message : String(err) };
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
        args.push(registry);
    const r = await docker(args, { input: Buffer.from(password) });
    if (r.exitCode !== 0)
        throw new LoginError(loginFailureMessage(registry, username, r.stderr));
}
/** `docker logout`, for post; a failure is the caller's to report. */
async function logout(registry) {
    const args = ['logout'];
    // Docker Hub is logout's default; saveDockerLogout stores it as docker.io.
    if (registry && registry !== 'docker.io')
        args.push(registry);
    const r = await docker(args);
    if (r.exitCode !== 0)
        throw new Error(`docker logout ${registry} failed: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
}
//# sourceMappingURL=docker.js.map

/***/ })

};
