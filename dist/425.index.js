export const id = 425;
export const ids = [425];
export const modules = {

/***/ 9425:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   decodeKubeconfigInput: () => (/* binding */ decodeKubeconfigInput),
/* harmony export */   kubeconfigSecrets: () => (/* binding */ kubeconfigSecrets)
/* harmony export */ });
/* harmony import */ var js_yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3243);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8175);
// The `kubeconfig` input, as pure functions: raw YAML or base64 of it, and the values in
// it that are secret (to mask before anything can print them).
//
// Parsed with js-yaml, the parser @kubernetes/client-node loads the kubeconfig with (the
// same copy: __tests__/dependencies.test.ts), so what is masked is what the client
// reads, and the run loads no other YAML parser for it.


function parseKubeconfig(text) {
    try {
        const doc = (0,js_yaml__WEBPACK_IMPORTED_MODULE_0__/* .load */ .Hh)(text);
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
    // A number is a secret too (`password: 123456`): the client sends it as text.
    const add = (v) => {
        const text = typeof v === 'number' ? String(v) : v;
        if (typeof text === 'string' && text.trim() !== '')
            out.add(text.trim());
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
