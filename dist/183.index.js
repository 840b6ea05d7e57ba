export const id = 183;
export const ids = [183];
export const modules = {

/***/ 4183:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   logout: () => (/* binding */ logout)
/* harmony export */ });
// Every docker CLI call goes through here. (Being built: issue "Build and push".)
async function logout(_registry) { }
//# sourceMappingURL=docker.js.map

/***/ })

};

//# sourceMappingURL=183.index.js.map