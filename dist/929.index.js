export const id = 929;
export const ids = [929];
export const modules = {

/***/ 1929:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   connect: () => (/* binding */ connect)
/* harmony export */ });
/* unused harmony exports writeKubeconfigInput, CLIENT_LOADED, clientNodeApi */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2488);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8175);
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8801);
/* harmony import */ var _util_retry_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(7967);
/* harmony import */ var _deferred_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7517);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(5889);
// Cluster access: which kubeconfig, which context, which namespace, and the KubeApi over
// @kubernetes/client-node. client-node does the config loading, authentication (tokens,
// client certificates, exec credential plugins, in-cluster service accounts), TLS and
// the Watch; it is loaded here, lazily, because it is heavy.
//
// Reads and patches go through client-node's authentication and HTTP dispatcher but
// keep the wire JSON (the generated typed API would turn timestamps into Dates and drop
// fields its model version does not know, and a pod template restored from such an
// object could differ from the old ReplicaSet's, defeating a rollback's reuse of it).










const API_GROUP = {
    deployments: 'apps',
    statefulsets: 'apps',
    daemonsets: 'apps',
    replicasets: 'apps',
};
/** Write the `kubeconfig` input to a 0600 file under RUNNER_TEMP, for post to remove. */
async function writeKubeconfigInput(input, env = process.env) {
    // Loaded after the client: its YAML parser is client-node's js-yaml, which then comes
    // with the client (and counts in CLIENT_LOADED's time) rather than before it.
    const { decodeKubeconfigInput, kubeconfigSecrets } = await Promise.all(/* import() */[__webpack_require__.e(243), __webpack_require__.e(425)]).then(__webpack_require__.bind(__webpack_require__, 9425));
    const text = decodeKubeconfigInput(input);
    for (const secret of kubeconfigSecrets(text))
        _actions_core__WEBPACK_IMPORTED_MODULE_8__/* .setSecret */ .Pq(secret);
    const dir = env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)();
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync)(dir, { recursive: true });
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, (0,_state_js__WEBPACK_IMPORTED_MODULE_5__/* .kubeconfigFileName */ .dj)((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')));
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync)(path, text, { mode: 0o600 });
    (0,_state_js__WEBPACK_IMPORTED_MODULE_5__/* .saveKubeconfigFile */ .ZS)(path);
    return path;
}
/** The debug line that says how long loading @kubernetes/client-node took. */
const CLIENT_LOADED = 'Kubernetes client loaded in';
/** Load the kubeconfig the inputs point at and pick the context. */
async function connect(settings) {
    const loading = performance.now();
    const { KubeConfig } = await Promise.all(/* import() */[__webpack_require__.e(243), __webpack_require__.e(675)]).then(__webpack_require__.bind(__webpack_require__, 5675));
    // What the client costs at start (bench/scenarios/cold-start.ts reads it).
    _actions_core__WEBPACK_IMPORTED_MODULE_8__/* .debug */ .Yz(`${CLIENT_LOADED} ${Math.round(performance.now() - loading)} ms`);
    const kc = new KubeConfig();
    let source;
    try {
        if (settings.kubeconfig) {
            const path = await writeKubeconfigInput(settings.kubeconfig);
            kc.loadFromFile(path);
            source = "the 'kubeconfig' input";
        }
        else {
            kc.loadFromDefault();
            source = process.env.KUBECONFIG
                ? `KUBECONFIG (${process.env.KUBECONFIG})`
                : 'the default kubeconfig (~/.kube/config or the in-cluster service account)';
        }
    }
    catch (err) {
        if (err instanceof _inputs_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz)
            throw err;
        throw new _inputs_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz(settings.kubeconfig ? 'kubeconfig' : 'deployment', `cannot load the kubeconfig: ${err instanceof Error ? err.message : String(err)}`);
    }
    const fallback = kc.getCurrentCluster();
    // client-node's last resort when it found nothing: an unauthenticated localhost:8080.
    if (!settings.kubeconfig &&
        fallback?.server === 'http://localhost:8080' &&
        kc.getCurrentContext() === 'loaded-context') {
        throw new _inputs_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz('kubeconfig', 'is empty and no cluster is configured: no KUBECONFIG, no ~/.kube/config, and not running in a cluster. Give the kubeconfig input (e.g. ${{ secrets.KUBECONFIG }}), or set up the context in an earlier step (azure/k8s-set-context, aws eks update-kubeconfig, google-github-actions/get-gke-credentials).');
    }
    if (settings.kubeContext) {
        if (!kc.getContextObject(settings.kubeContext)) {
            const names = kc.getContexts().map((c) => c.name);
            throw new _inputs_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz('kube-context', `"${settings.kubeContext}" is not a context of ${source}; it has ${names.length ? names.join(', ') : 'none'}.`);
        }
        kc.setCurrentContext(settings.kubeContext);
    }
    const context = kc.getCurrentContext();
    const cluster = kc.getCurrentCluster();
    if (!cluster)
        throw new _inputs_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz(settings.kubeContext ? 'kube-context' : 'kubeconfig', `the current context "${context}" of ${source} names no cluster.`);
    const namespace = settings.namespace || kc.getContextObject(context)?.namespace?.trim() || 'default';
    // The auth provider's or SOCKS proxy's library, if this user or cluster has one: before
    // any request can need it.
    const deferred = await (0,_deferred_js__WEBPACK_IMPORTED_MODULE_6__/* .loadDeferred */ .ki)((0,_deferred_js__WEBPACK_IMPORTED_MODULE_6__/* .deferredFor */ .zR)(kc.getCurrentUser(), cluster));
    if (deferred.length)
        _actions_core__WEBPACK_IMPORTED_MODULE_8__/* .debug */ .Yz(`Loaded for the kubeconfig: ${deferred.join(', ')}`);
    return { api: await clientNodeApi(kc), namespace, context, server: cluster.server };
}
/** Objects per page of a list: the API server's own default for kubectl. */
const LIST_PAGE = 500;
const PATHS = {
    deployments: '/apis/apps/v1',
    statefulsets: '/apis/apps/v1',
    daemonsets: '/apis/apps/v1',
    replicasets: '/apis/apps/v1',
    pods: '/api/v1',
    events: '/api/v1',
};
const collection = (resource, ns) => `${PATHS[resource]}/namespaces/${encodeURIComponent(ns)}/${resource}`;
function networkError(err, server) {
    const cause = err?.cause;
    const detail = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
    return new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .KubeError */ .a3(0, `${detail} (${server})`);
}
function errorFrom(code, headers, text) {
    let status;
    try {
        status = JSON.parse(text);
    }
    catch {
        status = undefined;
    }
    const retryAfter = (0,_util_retry_js__WEBPACK_IMPORTED_MODULE_9__/* .parseRetryAfter */ .mu)(headers['retry-after'], Date.now()) ??
        (status?.details?.retryAfterSeconds !== undefined
            ? status.details.retryAfterSeconds * 1000
            : undefined);
    return new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .KubeError */ .a3(code, status?.message || text || `HTTP ${code}`, {
        ...(status ? { status } : {}),
        ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
    });
}
/** The KubeApi over a loaded KubeConfig. */
async function clientNodeApi(kc) {
    // The package's entry point re-exports every generated API and model (17 MB), none
    // of which dock2pod calls: the bundler keeps only what is destructured here, since
    // scripts/bundle.ts declares the package free of import side effects.
    const { IsomorphicFetchHttpLibrary, RequestContext, HttpMethod, Watch } = await Promise.all(/* import() */[__webpack_require__.e(243), __webpack_require__.e(675)]).then(__webpack_require__.bind(__webpack_require__, 5675));
    const server = kc.getCurrentCluster().server.replace(/\/+$/, '');
    // client-node's own HTTP library: its fetch, its dispatcher (CA, client certificate).
    const http = new IsomorphicFetchHttpLibrary();
    // client-node builds a new dispatcher (an undici connection pool) for every request in
    // applySecurityAuthentication, so every request opens a connection of its own, with
    // its own TLS handshake. The run keeps the first dispatcher and sends every request and
    // watch through it: idle connections are reused. The headers (a token, an exec
    // plugin's) are still applied per request; the TLS settings are the first request's,
    // so a client certificate an exec plugin renews during the run would not be taken up.
    let dispatcher;
    const auth = {
        getCurrentCluster: () => kc.getCurrentCluster(),
        async applySecurityAuthentication(ctx) {
            await kc.applySecurityAuthentication(ctx);
            dispatcher ??= ctx.getDispatcher();
            if (dispatcher)
                ctx.setDispatcher(dispatcher);
        },
    };
    async function request(method, path, query = {}, body, accept = 'application/json') {
        const url = new URL(server + path);
        for (const [k, v] of Object.entries(query))
            if (v !== undefined)
                url.searchParams.set(k, String(v));
        const ctx = new RequestContext(url.toString(), HttpMethod[method]);
        ctx.setHeaderParam('Accept', accept);
        if (body) {
            ctx.setHeaderParam('Content-Type', body.contentType);
            ctx.setBody(JSON.stringify(body.data));
        }
        await auth.applySecurityAuthentication(ctx);
        let res;
        try {
            res = await http.send(ctx).toPromise();
        }
        catch (err) {
            throw networkError(err, server);
        }
        const text = await res.body.text();
        if (res.httpStatusCode < 200 || res.httpStatusCode >= 300)
            throw errorFrom(res.httpStatusCode, res.headers, text);
        return text;
    }
    const watcher = new Watch(auth);
    // Discovery, once per group version: what `kubectl` caches under ~/.kube/cache.
    const discovered = new Map();
    const discover = (apiVersion) => {
        let known = discovered.get(apiVersion);
        if (!known) {
            const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
            known = request('GET', path).then((text) => JSON.parse(text).resources ?? [], (err) => {
                discovered.delete(apiVersion);
                if (err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .KubeError */ .a3 && err.code === 404)
                    return [];
                throw err;
            });
            discovered.set(apiVersion, known);
        }
        return known;
    };
    return {
        server,
        async getWorkload(resource, ns, name) {
            const text = await request('GET', `${collection(resource, ns)}/${encodeURIComponent(name)}`);
            return JSON.parse(text);
        },
        async patchWorkload(resource, ns, name, data, o) {
            const text = await request('PATCH', `${collection(resource, ns)}/${encodeURIComponent(name)}`, { fieldManager: 'dock2pod', ...(o?.dryRun ? { dryRun: 'All' } : {}) }, { contentType: 'application/strategic-merge-patch+json', data });
            return JSON.parse(text);
        },
        async resourceFor(apiVersion, kind) {
            const r = (await discover(apiVersion)).find((x) => x.kind === kind && !x.name.includes('/'));
            return r ? { resource: r.name, namespaced: r.namespaced } : undefined;
        },
        async getObject(path) {
            return JSON.parse(await request('GET', path));
        },
        async applyObject(path, data, o) {
            const text = await request('PATCH', path, {
                fieldManager: 'dock2pod',
                ...(o.force ? { force: true } : {}),
                ...(o.dryRun ? { dryRun: 'All' } : {}),
            }, 
            // JSON is YAML: the apply content type takes it as it is.
            { contentType: 'application/apply-patch+yaml', data });
            return JSON.parse(text);
        },
        async deletePod(ns, name, uid) {
            await request('DELETE', `${collection('pods', ns)}/${encodeURIComponent(name)}`, {}, {
                contentType: 'application/json',
                data: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid } },
            });
        },
        async list(resource, ns, sel, keep) {
            const items = [];
            let resourceVersion = '';
            let next;
            do {
                const body = JSON.parse(await request('GET', collection(resource, ns), {
                    ...sel,
                    limit: LIST_PAGE,
                    ...(next ? { continue: next } : {}),
                }));
                for (const item of body.items ?? [])
                    if (!keep || keep(item))
                        items.push(item);
                // The list's version is the first page's: later pages are of that same snapshot.
                resourceVersion ||= body.metadata?.resourceVersion ?? '';
                next = body.metadata?.continue || undefined;
            } while (next);
            return { items, resourceVersion };
        },
        async watch(resource, ns, opts, onEvent, onDone) {
            let ended = false;
            const controller = await watcher.watch(collection(resource, ns), { ...opts, allowWatchBookmarks: true }, (type, object) => {
                if (!ended)
                    onEvent({ type: type, object });
            }, (err) => {
                if (ended)
                    return;
                ended = true;
                const code = err?.statusCode;
                if (!err)
                    onDone();
                else if (code)
                    onDone(new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .KubeError */ .a3(code, err.message));
                // A quiet stream that client-node's inactivity timer ended is resumed like a
                // normal close.
                else if (['AbortError', 'TimeoutError'].includes(err.name))
                    onDone();
                else
                    onDone(networkError(err, server));
            });
            return () => {
                ended = true;
                controller.abort();
            };
        },
        async mayI(check) {
            const [resource, subresource] = check.resource.split('/');
            const text = await request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {}, {
                contentType: 'application/json',
                data: {
                    apiVersion: 'authorization.k8s.io/v1',
                    kind: 'SelfSubjectAccessReview',
                    spec: {
                        resourceAttributes: {
                            namespace: check.namespace,
                            verb: check.verb,
                            group: API_GROUP[resource] ?? '',
                            resource,
                            ...(subresource ? { subresource } : {}),
                        },
                    },
                },
            });
            return JSON.parse(text).status?.allowed === true;
        },
        async podLog(ns, pod, container, opts) {
            return request('GET', `${collection('pods', ns)}/${encodeURIComponent(pod)}/log`, {
                container,
                previous: opts.previous,
                tailLines: opts.tailLines,
                limitBytes: opts.limitBytes,
            }, undefined, 
            // kube-apiserver answers `Accept: text/plain` on pods/log with 406 Not Acceptable.
            '*/*');
        },
    };
}
//# sourceMappingURL=client.js.map

/***/ }),

/***/ 7517:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ki: () => (/* binding */ loadDeferred),
/* harmony export */   rO: () => (/* binding */ registerDeferred),
/* harmony export */   zR: () => (/* binding */ deferredFor)
/* harmony export */ });
/* unused harmony export DEFERRED_PACKAGES */
// Dependencies of @kubernetes/client-node that a run loads only when its kubeconfig
// needs them: the legacy auth providers' libraries and the SOCKS proxy's.
//
// client-node's config.js imports them statically, so without this every deploy-mode
// run parsed and ran them at start (about 450 kB of the client's 1.62 MB chunk:
// docs/performance.md, "Cold start"), though a kubeconfig with a token, a client
// certificate, an exec plugin or a service account uses none of them. In the bundle,
// client-node's imports of these packages resolve to stand-ins (written by
// scripts/deferred-deps.ts) that register a loader here and hold the real exports
// once it has run; connect() (client.ts) runs the loaders the kubeconfig's current
// user and cluster need, before the first request. Outside the bundle (the unit tests
// run src/) nothing registers, and client-node has loaded the real packages itself.
/** The deferred packages. What makes client-node use each: a user with auth-provider
 *  `oidc` (openid-client, in its oidc_auth.js), `azure` or `gcp` (jsonpath-plus, in
 *  azure_auth.js and gcp_auth.js), a cluster whose proxy-url is socks4/socks5 (socks and
 *  socks-proxy-agent, in config.js). */
const DEFERRED_PACKAGES = (/* unused pure expression or super */ null && ([
    'openid-client',
    'jsonpath-plus',
    'socks',
    'socks-proxy-agent',
]));
/** client-node's auth providers (user.auth-provider.name) and the package each uses. */
const AUTH_PROVIDER_PACKAGE = {
    oidc: 'openid-client',
    azure: 'jsonpath-plus',
    gcp: 'jsonpath-plus',
};
/** The deferred packages client-node will use for this user and cluster (as client-node
 *  loaded them: `authProvider`, `proxyUrl`). */
function deferredFor(user, cluster) {
    const out = new Set();
    const provider = user?.authProvider?.name;
    if (provider && Object.hasOwn(AUTH_PROVIDER_PACKAGE, provider))
        out.add(AUTH_PROVIDER_PACKAGE[provider]);
    // client-node's own test: `cluster.proxyUrl.startsWith('socks')`
    if (cluster?.proxyUrl?.startsWith('socks')) {
        out.add('socks');
        out.add('socks-proxy-agent');
    }
    return [...out];
}
const loaders = new Map();
/** Called by the bundle's stand-in for `name` when client-node is loaded. */
function registerDeferred(name, load) {
    loaders.set(name, load);
}
/** Load `names` through their stand-ins; the names that were loaded so. */
async function loadDeferred(names) {
    const loaded = [];
    // One after the other: socks-proxy-agent imports socks.
    for (const name of names) {
        const load = loaders.get(name);
        if (!load)
            continue;
        await load();
        loaded.push(name);
    }
    return loaded;
}
//# sourceMappingURL=deferred.js.map

/***/ })

};
