export const id = 425;
export const ids = [425];
export const modules = {

/***/ 9425:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   decodeKubeconfigInput: () => (/* binding */ decodeKubeconfigInput),
/* harmony export */   kubeconfigSecrets: () => (/* binding */ kubeconfigSecrets)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8175);
// The `kubeconfig` input, as pure functions: raw YAML or base64 of it, and the values in
// it that are secret (to mask before anything can print them).


function parseKubeconfig(text) {
    try {
        const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parse */ .qg)(text);
        if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
            const d = doc;
            if (d.clusters !== undefined || d.contexts !== undefined || d.users !== undefined)
                return d;
        }
    }
    catch {
        // not YAML
    }
    return undefined;
}
/** The kubeconfig as YAML text, from the input's raw YAML or base64. */
function decodeKubeconfigInput(input) {
    const text = input.trim();
    if (parseKubeconfig(text))
        return text + '\n';
    const compact = text.replace(/\s+/g, '');
    if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) {
        const decoded = Buffer.from(compact, 'base64').toString('utf8');
        if (parseKubeconfig(decoded))
            return decoded.trimEnd() + '\n';
    }
    throw new _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('kubeconfig', 'is neither a kubeconfig (YAML with clusters, contexts and users) nor the base64 of one.');
}
const SECRET_USER_FIELDS = ['token', 'password', 'client-key-data'];
const SECRET_PROVIDER_FIELDS = ['id-token', 'refresh-token', 'access-token', 'client-secret'];
/** Every value in a kubeconfig that must never appear in a log. */
function kubeconfigSecrets(yamlText) {
    const doc = parseKubeconfig(yamlText);
    const out = new Set();
    const add = (v) => {
        if (typeof v === 'string' && v.trim() !== '')
            out.add(v.trim());
    };
    for (const u of doc?.users ?? []) {
        const user = u?.user ?? {};
        for (const f of SECRET_USER_FIELDS)
            add(user[f]);
        const provider = user['auth-provider'];
        for (const f of SECRET_PROVIDER_FIELDS)
            add(provider?.config?.[f]);
        const exec = user.exec;
        for (const e of exec?.env ?? [])
            add(e?.value);
    }
    return [...out];
}
//# sourceMappingURL=kubeconfig.js.map

/***/ })

};
