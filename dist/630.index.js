export const id = 630;
export const ids = [630];
export const modules = {

/***/ 630:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkBaseImages: () => (/* binding */ checkBaseImages)
/* harmony export */ });
/* unused harmony export BaseImageError */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2488);
/* harmony import */ var _util_bounds_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5152);
/* harmony import */ var _util_text_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3506);
/* harmony import */ var _dockerfile_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1581);
/* harmony import */ var _findings_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8462);
// Deploy mode's look at the Dockerfile it is about to build, with the check's policy:
// a mutable base (`FROM node`, `FROM node:latest`, a deny-tags tag; and images pulled by
// COPY --from or RUN --mount) is a warning annotation on its line, or, with
// `base-image-policy: error`, an error that stops the run before anything is built.






class BaseImageError extends Error {
    constructor(message) {
        super(message);
        this.name = 'BaseImageError';
    }
}
/** Judge the Dockerfile's base images; returns the findings (errors and warnings). */
async function checkBaseImages(dockerfilePath, policy) {
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.relative)(process.env.GITHUB_WORKSPACE || process.cwd(), (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(dockerfilePath))
        .split(node_path__WEBPACK_IMPORTED_MODULE_0__.sep)
        .join('/');
    let text;
    try {
        const read = (0,_util_text_js__WEBPACK_IMPORTED_MODULE_2__/* .readTextFile */ .G)(dockerfilePath, _util_bounds_js__WEBPACK_IMPORTED_MODULE_1__/* .LIMITS */ .b1.dockerfileBytes);
        if (read === 'too-big') {
            _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .warning */ .$e(`${file} is larger than ${_util_bounds_js__WEBPACK_IMPORTED_MODULE_1__/* .LIMITS */ .b1.dockerfileBytes / 1024 / 1024} MiB; its base images were not checked.`, { file, title: 'dock2pod: base image not checked' });
            return [];
        }
        text = read;
    }
    catch {
        _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .debug */ .Yz(`base images: ${dockerfilePath} cannot be read here; not checked`);
        return [];
    }
    const buildArgs = {};
    for (const line of policy.buildArgs ?? []) {
        const eq = line.indexOf('=');
        if (eq > 0)
            buildArgs[line.slice(0, eq)] = line.slice(eq + 1);
    }
    const scan = (0,_dockerfile_js__WEBPACK_IMPORTED_MODULE_3__/* .scanDockerfile */ .Y)(text, { buildArgs });
    for (const p of scan.problems)
        _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .warning */ .$e(`${file} ${p.message}; its base images were not checked.`, {
            file,
            startLine: p.line,
        });
    const findings = (0,_findings_js__WEBPACK_IMPORTED_MODULE_4__/* .judgeUses */ .E)(file, text, scan.uses, {
        denyTags: policy.denyTags ?? [],
        allowImages: policy.allowImages ?? [],
    });
    const mutable = findings.filter((f) => f.severity === 'error');
    for (const f of findings) {
        const props = {
            file: f.file,
            startLine: f.line,
            startColumn: f.column,
            endColumn: f.endColumn,
            title: f.severity === 'error'
                ? 'dock2pod: mutable base image'
                : 'dock2pod: base image not checked',
        };
        const message = `${f.message}: the build is not reproducible. Fix: ${f.fix}${f.severity === 'error' ? ' (base-image-policy: error makes this fail the run)' : ''}.`;
        if (f.severity === 'error' && policy.mode === 'error')
            _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .error */ .z3(message.replace(/ \(base-image-policy: error makes this fail the run\)/, ''), props);
        else
            _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .warning */ .$e(message, props);
    }
    if (mutable.length > 0 && policy.mode === 'error') {
        throw new BaseImageError(`${file}: ${mutable.length} mutable base image${mutable.length === 1 ? '' : 's'} (${mutable.map((f) => f.image).join(', ')}) and base-image-policy is error; pin a version tag or a digest. Nothing was built.`);
    }
    return findings;
}
//# sourceMappingURL=base-image.js.map

/***/ })

};
