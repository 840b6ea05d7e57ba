export const id = 756;
export const ids = [756];
export const modules = {

/***/ 6756:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   post: () => (/* binding */ post)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2488);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8801);
// runs.post: undo what main left on the runner — the registry login and the kubeconfig
// file written from the `kubeconfig` input — whatever the outcome of main.



async function post() {
    try {
        const registry = (0,_state_js__WEBPACK_IMPORTED_MODULE_1__/* .dockerLogoutRegistry */ .OU)();
        if (registry) {
            const { logout } = await __webpack_require__.e(/* import() */ 575).then(__webpack_require__.bind(__webpack_require__, 9575));
            await logout(registry);
        }
        const file = (0,_state_js__WEBPACK_IMPORTED_MODULE_1__/* .kubeconfigFile */ .q)();
        if (file) {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(file, { force: true });
            _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq('Removed the kubeconfig written for this job.');
        }
    }
    catch (err) {
        // Post never fails the job for clean-up; say what was left.
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e(`Clean-up incomplete: ${err instanceof Error ? err.message : String(err)}`);
    }
}
//# sourceMappingURL=post.js.map

/***/ })

};
