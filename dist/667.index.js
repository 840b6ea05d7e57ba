export const id = 667;
export const ids = [667];
export const modules = {

/***/ 2667:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runCheck: () => (/* binding */ runCheck)
/* harmony export */ });
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6597);

async function runCheck(_settings, _facts) {
    throw new _inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('mode', 'check is not implemented yet in this version of dock2pod.');
}
//# sourceMappingURL=index.js.map

/***/ })

};

//# sourceMappingURL=667.index.js.map