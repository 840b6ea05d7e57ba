export const id = 344;
export const ids = [344];
export const modules = {

/***/ 1344:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   prepareDeploy: () => (/* binding */ prepareDeploy),
/* harmony export */   rollOut: () => (/* binding */ rollOut)
/* harmony export */ });
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6597);

/** Find and validate every deployment and container before anything is changed. */
async function prepareDeploy(_settings, _image) {
    throw new _inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('deployment', 'deploying is not implemented yet in this version of dock2pod.');
}
async function rollOut(_plan, _image, _facts) { }
//# sourceMappingURL=index.js.map

/***/ })

};

//# sourceMappingURL=344.index.js.map