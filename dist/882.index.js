export const id = 882;
export const ids = [882];
export const modules = {

/***/ 9501:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Watch: () => (/* binding */ Watch)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_readline__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(481);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7075);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9881);
/* harmony import */ var _gen_http_http_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1561);





class Watch {
    constructor(config) {
        this.requestTimeoutMs = 30000;
        this.config = config;
    }
    // Watch the resource and call provided callback with parsed json object
    // upon event received over the watcher connection.
    //
    // "done" callback is called either when connection is closed or when there
    // is an error. In either case, watcher takes care of properly closing the
    // underlaying connection so that it doesn't leak any resources.
    async watch(path, queryParams, callback, done) {
        const cluster = this.config.getCurrentCluster();
        if (!cluster) {
            throw new Error('No currently active cluster');
        }
        const watchURL = new URL(cluster.server + path);
        watchURL.searchParams.set('watch', 'true');
        for (const [key, val] of Object.entries(queryParams || {})) {
            if (val !== undefined) {
                watchURL.searchParams.set(key, val.toString());
            }
        }
        const controller = new AbortController();
        let timedOut = false;
        let timer;
        const clearTimer = () => {
            if (timer !== undefined) {
                clearTimeout(timer);
                timer = undefined;
            }
        };
        const resetTimer = () => {
            clearTimer();
            timer = setTimeout(() => {
                timedOut = true;
                controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
            }, this.requestTimeoutMs);
            timer.unref();
        };
        const ctx = new _gen_http_http_js__WEBPACK_IMPORTED_MODULE_4__.RequestContext(watchURL.toString(), _gen_http_http_js__WEBPACK_IMPORTED_MODULE_4__.HttpMethod.GET);
        await this.config.applySecurityAuthentication(ctx);
        let doneCalled = false;
        const doneCallOnce = (err) => {
            if (!doneCalled) {
                doneCalled = true;
                clearTimer();
                controller.abort();
                if (err && timedOut) {
                    done(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
                }
                else {
                    done(err);
                }
            }
        };
        try {
            resetTimer();
            const response = await (0,undici__WEBPACK_IMPORTED_MODULE_3__/* .fetch */ .hd)(watchURL, {
                method: 'GET',
                headers: ctx.getHeaders(),
                dispatcher: ctx.getDispatcher(),
                signal: controller.signal,
            });
            if (response.status === 200) {
                // The connect timeout is over; from here on it becomes an inactivity timeout.
                resetTimer();
                const body = node_stream__WEBPACK_IMPORTED_MODULE_2__.Readable.fromWeb(response.body);
                body.on('error', doneCallOnce);
                body.on('close', () => doneCallOnce(null));
                body.on('finish', () => doneCallOnce(null));
                const lines = (0,node_readline__WEBPACK_IMPORTED_MODULE_1__.createInterface)(body);
                lines.on('error', doneCallOnce);
                lines.on('close', () => doneCallOnce(null));
                lines.on('finish', () => doneCallOnce(null));
                lines.on('line', (line) => {
                    try {
                        const data = JSON.parse(line.toString());
                        callback(data.type, data.object, data);
                    }
                    catch {
                        // ignore parse errors
                    }
                });
                body.on('data', resetTimer);
            }
            else {
                const statusText = response.statusText || node_http__WEBPACK_IMPORTED_MODULE_0__.STATUS_CODES[response.status] || 'Internal Server Error';
                const error = new Error(statusText);
                error.statusCode = response.status;
                throw error;
            }
        }
        catch (err) {
            doneCallOnce(err);
        }
        return controller;
    }
}
Watch.SERVER_SIDE_CLOSE = { error: 'Connection closed on server' };
//# sourceMappingURL=watch.js.map

/***/ })

};
