export const id = 831;
export const ids = [831];
export const modules = {

/***/ 831:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   buildAndPush: () => (/* binding */ buildAndPush),
/* harmony export */   resolveImageRef: () => (/* binding */ resolveImageRef)
/* harmony export */ });
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6597);

async function buildAndPush(_build, _settings, _facts) {
    throw new _inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('image', 'building is not implemented yet in this version of dock2pod.');
}
async function resolveImageRef(_ref) {
    throw new _inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('image-ref', 'deploy-only runs are not implemented yet in this version of dock2pod.');
}
//# sourceMappingURL=index.js.map

/***/ })

};

//# sourceMappingURL=831.index.js.map