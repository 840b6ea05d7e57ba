export const id = 920;
export const ids = [920];
export const modules = {

/***/ 7570:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   VB: () => (/* binding */ ContainerChoiceError),
/* harmony export */   XI: () => (/* binding */ runsRepository),
/* harmony export */   uy: () => (/* binding */ chooseContainers)
/* harmony export */ });
/* harmony import */ var _image_reference_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7755);
// Which containers of a Deployment get the new image: pure, by the `container` input's
// rules. Images are compared as parsed references (never split on ':'), so
// `localhost:5000/app` and `docker.io/library/nginx` vs `nginx` compare as Docker does.

class ContainerChoiceError extends Error {
    name = 'ContainerChoiceError';
}
/** The repository an image string runs, comparable; undefined when it does not parse. */
function runsRepository(image, repo) {
    if (!image)
        return false;
    try {
        return (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalRepository */ .JA)((0,_image_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .parseImageReference */ .o_)(image)) === (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalRepository */ .JA)(repo);
    }
    catch {
        return false;
    }
}
/**
 * The names of the containers to set the image on.
 * - `container` empty: the only container; else the one named like the image's last
 *   path element; else an error that lists them.
 * - `*`: every container whose image is this repository (at least one).
 * - a name: that container.
 */
function chooseContainers(deployment, container, image) {
    const id = `${deployment.kind ?? 'Deployment'} ${deployment.metadata.namespace ?? ''}/${deployment.metadata.name ?? ''}`;
    const containers = deployment.spec?.template?.spec?.containers ?? [];
    const listing = containers.map((c) => `${c.name} (${c.image ?? 'no image'})`).join(', ');
    if (containers.length === 0)
        throw new ContainerChoiceError(`${id} has no containers in its pod template.`);
    if (container === '*') {
        const matching = containers.filter((c) => runsRepository(c.image, image));
        if (matching.length === 0)
            throw new ContainerChoiceError(`Input 'container': "*" picks the containers that run ${(0,_image_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalRepository */ .JA)(image)}, but none of ${id} does: ${listing}. Name the container instead.`);
        return matching.map((c) => c.name);
    }
    if (container !== '') {
        if (containers.some((c) => c.name === container))
            return [container];
        throw new ContainerChoiceError(`Input 'container': ${id} has no container "${container}"; it has ${listing}.`);
    }
    if (containers.length === 1)
        return [containers[0].name];
    const named = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .lastPathElement */ .MK)(image);
    if (containers.some((c) => c.name === named))
        return [named];
    throw new ContainerChoiceError(`Input 'container': ${id} has ${containers.length} containers and none is named "${named}" after the image: ${listing}. Set container to one of them (or "*" for every container that runs this image's repository).`);
}
//# sourceMappingURL=containers.js.map

/***/ }),

/***/ 700:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BX: () => (/* binding */ describeDenied),
/* harmony export */   DQ: () => (/* binding */ WAIT_ACCESS),
/* harmony export */   j3: () => (/* binding */ describeKubeError)
/* harmony export */ });
/* unused harmony export RBAC_EXAMPLE_URL */
/* harmony import */ var _util_bounds_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5152);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5889);


const GROUP = {
    deployments: 'deployments.apps',
    statefulsets: 'statefulsets.apps',
    daemonsets: 'daemonsets.apps',
    replicasets: 'replicasets.apps',
    pods: 'pods',
    'pods/log': 'pods/log',
    events: 'events',
};
/** The least-privilege Role for deploy mode, checked against dock2pod's requests by a test. */
const RBAC_EXAMPLE_URL = 'https://github.com/acme/dock2pod/blob/v1/examples/rbac.yaml';
/** What the wait needs besides get and patch on the Deployment (examples/rbac.yaml). */
const WAIT_ACCESS = [
    { verb: 'list', resource: 'deployments' },
    { verb: 'watch', resource: 'deployments' },
    { verb: 'list', resource: 'replicasets' },
    { verb: 'watch', resource: 'replicasets' },
    { verb: 'list', resource: 'pods' },
    { verb: 'watch', resource: 'pods' },
    { verb: 'list', resource: 'events' },
    { verb: 'watch', resource: 'events' },
    { verb: 'get', resource: 'pods/log' },
];
/** The sentence for permissions the API server's authorizer says the user lacks. */
function describeDenied(denied) {
    const namespace = denied[0].namespace;
    const what = denied.map((d) => `${d.verb} ${GROUP[d.resource] ?? d.resource}`).join(', ');
    return `Forbidden: the kubeconfig's user may not ${what} in namespace "${namespace}" (the API server's answer to an access review), which the wait needs to follow the rollout and diagnose a failure. Nothing was changed. Apply the Role and RoleBinding of dock2pod's examples/rbac.yaml (${RBAC_EXAMPLE_URL}) in namespace "${namespace}", bound to that user or service account: it grants exactly what dock2pod needs, and nothing cluster-wide.`;
}
/** A sentence for the error annotation: what was refused, why, and the fix. */
function describeKubeError(err, what, server) {
    const resource = GROUP[what.resource] ?? what.resource;
    const target = `${resource}${what.name ? ` "${what.name}"` : ''} in namespace "${what.namespace}"`;
    if (!(err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeError */ .a3))
        return err instanceof Error ? err.message : String(err);
    const said = err.status?.message
        ? ` The API server said: ${(0,_util_bounds_js__WEBPACK_IMPORTED_MODULE_0__/* .cut */ .Jj)(err.status.message, 2 * _util_bounds_js__WEBPACK_IMPORTED_MODULE_0__/* .LIMITS */ .b1.quotedLine)}`
        : '';
    switch (err.code) {
        case 0:
            return `Cannot reach the cluster at ${server}: ${err.message}. Check the kubeconfig's server address and that this runner can reach it (a private cluster needs a self-hosted runner or a tunnel).`;
        case 401:
            return `The cluster at ${server} refused the credentials (401 Unauthorized) when we tried to ${what.verb} ${target}: the token or client certificate in the kubeconfig is invalid or has expired. Refresh the kubeconfig (or the step that writes it, e.g. azure/k8s-set-context, aws eks update-kubeconfig, google-github-actions/get-gke-credentials).${said}`;
        case 403:
            return `Forbidden (403): the kubeconfig's user may not ${what.verb} ${target}. Apply the Role and RoleBinding of dock2pod's examples/rbac.yaml (${RBAC_EXAMPLE_URL}) in namespace "${what.namespace}", bound to that user or service account: it grants exactly what dock2pod needs, and nothing cluster-wide.${said}`;
        case 404:
            return `Not found (404): ${target} does not exist on ${server}.${said}`;
        case 409:
            return `Conflict (409) on ${target}: it was changed by someone else meanwhile.${said}`;
        case 429:
            return `The API server kept throttling us (429 Too Many Requests) on ${target}.${said}`;
        default:
            return `The API server answered ${err.code}${err.reason ? ` ${err.reason}` : ''} when we tried to ${what.verb} ${target}.${said || ` ${err.message}`}`;
    }
}
//# sourceMappingURL=describe-error.js.map

/***/ }),

/***/ 5889:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cv: () => (/* binding */ isKubeError),
/* harmony export */   a3: () => (/* binding */ KubeError),
/* harmony export */   dg: () => (/* binding */ isTransient)
/* harmony export */ });
/* harmony import */ var _util_bounds_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5152);
// What a failed call to the cluster throws: KubeError carries the HTTP status and the
// Status reason; isTransient says whether trying again can help.

/** An answer other than 2xx, or no answer at all (`code` 0). */
class KubeError extends Error {
    name = 'KubeError';
    code;
    reason;
    /** From `Retry-After` (or the Status' retryAfterSeconds), for 429 and 503. */
    retryAfterMs;
    status;
    constructor(code, message, opts = {}) {
        // The API server's (or a webhook's) words: quoted, so cut.
        super((0,_util_bounds_js__WEBPACK_IMPORTED_MODULE_0__/* .cut */ .Jj)(message, 2 * _util_bounds_js__WEBPACK_IMPORTED_MODULE_0__/* .LIMITS */ .b1.quotedLine));
        this.code = code;
        this.reason = opts.reason ?? opts.status?.reason ?? '';
        this.retryAfterMs = opts.retryAfterMs;
        this.status = opts.status;
    }
}
function isKubeError(err, code) {
    return err instanceof KubeError && (code === undefined || err.code === code);
}
/** Whether trying again later can help: throttling, server trouble, no connection. */
function isTransient(err) {
    if (!(err instanceof KubeError))
        return false;
    return err.code === 0 || err.code === 429 || (err.code >= 500 && err.code !== 501);
}
//# sourceMappingURL=errors.js.map

/***/ }),

/***/ 5920:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DeployPreparationError: () => (/* binding */ DeployPreparationError),
  prepareDeploy: () => (/* binding */ prepareDeploy),
  rollOut: () => (/* binding */ rollOut)
});

// EXTERNAL MODULE: ./build/node_modules/@actions/core/lib/core.js + 5 modules
var core = __webpack_require__(2488);
// EXTERNAL MODULE: ./build/image/reference.js
var reference = __webpack_require__(7755);
// EXTERNAL MODULE: ./build/cancel.js
var build_cancel = __webpack_require__(40);
// EXTERNAL MODULE: ./build/util/duration.js
var duration = __webpack_require__(1081);
// EXTERNAL MODULE: ./build/util/verbatim-log.js
var verbatim_log = __webpack_require__(4004);
// EXTERNAL MODULE: ./build/kube/describe-error.js
var describe_error = __webpack_require__(700);
// EXTERNAL MODULE: ./build/kube/errors.js
var errors = __webpack_require__(5889);
// EXTERNAL MODULE: ./build/util/retry.js
var retry = __webpack_require__(7967);
;// CONCATENATED MODULE: ./build/kube/retry.js
// The cluster's calls under the one retry loop (util/retry.ts), with its waits.


/** The API server's retries: util/retry.ts's loop, with these waits. */
const KUBE_RETRY = {
    attempts: 6,
    baseDelayMs: 250,
    maxDelayMs: 8000,
    maxRetryAfterMs: 60_000,
};
/** Call `fn`, again after a back-off while it fails transiently (429, 5xx, no connection). */
function withKubeRetry(fn, opts = {}) {
    return (0,retry/* withRetry */.bD)(fn, { ...KUBE_RETRY, ...opts.policy }, {
        transient: errors/* isTransient */.dg,
        retryAfterMs: (err) => err.retryAfterMs,
        ...(opts.deadline !== undefined ? { deadline: opts.deadline } : {}),
        ...(opts.sleep ? { sleep: opts.sleep } : {}),
        onRetry: (err, ms, attempt) => opts.onRetry?.(err, ms, attempt),
    });
}
/** Wrap every call of an api in withKubeRetry (watches excepted: the reflector resumes them). */
function retrying(api, opts = {}) {
    return {
        server: api.server,
        getWorkload: (r, ns, name) => withKubeRetry(() => api.getWorkload(r, ns, name), opts),
        patchWorkload: (r, ns, name, body, o) => withKubeRetry(() => api.patchWorkload(r, ns, name, body, o), opts),
        deletePod: (ns, name, uid) => withKubeRetry(() => api.deletePod(ns, name, uid), opts),
        resourceFor: (v, k) => withKubeRetry(() => api.resourceFor(v, k), opts),
        getObject: (path) => withKubeRetry(() => api.getObject(path), opts),
        applyObject: (path, obj, o) => withKubeRetry(() => api.applyObject(path, obj, o), opts),
        list: (resource, ns, sel, keep) => withKubeRetry(() => api.list(resource, ns, sel, keep), opts),
        watch: (...args) => api.watch(...args),
        mayI: (check) => withKubeRetry(() => api.mayI(check), opts),
        podLog: (ns, pod, c, o) => withKubeRetry(() => api.podLog(ns, pod, c, o), opts),
    };
}
//# sourceMappingURL=retry.js.map
// EXTERNAL MODULE: ./build/kube/containers.js
var kube_containers = __webpack_require__(7570);
;// CONCATENATED MODULE: ./build/kube/patch.js
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const COMMIT_ANNOTATION = 'dock2pod.io/commit';
const RUN_ANNOTATION = 'dock2pod.io/run-url';
function changeAnnotations(cause, change) {
    return {
        [CHANGE_CAUSE]: cause,
        ...(change.commit ? { [COMMIT_ANNOTATION]: change.commit } : {}),
        ...(change.runUrl ? { [RUN_ANNOTATION]: change.runUrl } : {}),
    };
}
/**
 * Set `image` on the named containers. With `resourceVersion`, the API server refuses
 * (409) when the Deployment changed since it was read, so the previous template we keep
 * for a rollback is exactly the one replaced.
 */
function imagePatch(containers, image, change, resourceVersion) {
    const cause = `dock2pod: set image ${containers.join(', ')}=${image}${change.commit ? ` (commit ${change.commit.slice(0, 12)})` : ''}`;
    return {
        metadata: {
            ...(resourceVersion ? { resourceVersion } : {}),
            annotations: changeAnnotations(cause, change),
        },
        spec: { template: { spec: { containers: containers.map((name) => ({ name, image })) } } },
    };
}
/**
 * Put the pod template back as it was, whole (`$patch: replace`: a merge would keep
 * anything added meanwhile), guarded by `resourceVersion`.
 */
function rollbackPatch(previous, resourceVersion, cause, change) {
    return {
        metadata: { resourceVersion, annotations: changeAnnotations(cause, change) },
        spec: { template: { ...structuredClone(previous), $patch: 'replace' } },
    };
}
/** The image each named container runs in a template (for `previous-image`). */
function containerImages(template, names) {
    const out = {};
    for (const c of template?.spec?.containers ?? []) {
        if (names.includes(c.name))
            out[c.name] = c.image ?? '';
    }
    return out;
}
//# sourceMappingURL=patch.js.map
;// CONCATENATED MODULE: ./build/kube/types.js
// The Kubernetes objects dock2pod reads, as they come over the wire (JSON, timestamps as
// RFC 3339 strings): only the fields we look at. Every field is optional, as a partial
// or older API server may leave any of them out.
/** Milliseconds since the epoch of an RFC 3339 timestamp; undefined when absent or bad. */
function timeMs(t) {
    if (!t)
        return undefined;
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? undefined : ms;
}
//# sourceMappingURL=types.js.map
;// CONCATENATED MODULE: ./build/kube/diagnose.js
// "Is this Pod failing, and why": a pure function of the Pod and the Events about it.
// The answer names the container, the reason the kubelet gives, its message and the
// latest Event's (which carries the registry's own words for a failed pull), and the
// cluster's timestamp of when the Pod entered that state, so the caller can apply a
// grace period in cluster time.


/**
 * Every reason a Diagnosis can carry: the kubelet's waiting reasons dock2pod acts on,
 * its own names for what the kubelet, scheduler and controller show (`Crashed`,
 * `ReadinessProbeFailed`, …), and what ends a deploy without a Pod to blame. README's
 * Troubleshooting has a heading for each (__tests__/docs/troubleshooting.test.ts).
 */
const DIAGNOSIS_REASONS = (/* unused pure expression or super */ null && ([
    'ErrImagePull',
    'ImagePullBackOff',
    'InvalidImageName',
    'CreateContainerConfigError',
    'ErrImageNeverPull',
    'CrashLoopBackOff',
    'OOMKilled',
    'Crashed',
    'StartError',
    'LivenessProbeFailed',
    'StartupProbeFailed',
    'Unschedulable',
    'FailedCreate',
    'ReadinessProbeFailed',
    'Unready',
    'Evicted',
    'ProgressDeadlineExceeded',
    'Timeout',
    'PatchFailed',
    'WatchFailed',
    'Cancelled',
    'ChangedByAnotherWriter',
]));
/** The kind of a failed pull, from the kubelet's message and the latest Failed event. */
function pullFailureKind(text) {
    if (isUnauthorized(text))
        return 'unauthorized';
    if (/\bnot found\b|manifest unknown|NotFound|name unknown|404 Not Found/i.test(text))
        return 'not-found';
    if (/dial tcp|connection refused|no such host|i\/o timeout|network is unreachable|no route to host|TLS handshake timeout|x509:|server gave HTTP response to HTTPS client|connection reset/i.test(text))
        return 'unreachable';
    return 'other';
}
/** What to do about a failed pull of `image`, by its kind. */
function pullFailureHint(kind, image, namespace, 
/** The Pod's imagePullSecrets: refused credentials are not missing ones. */
pullSecrets = []) {
    let domain = '<registry>';
    try {
        if (image)
            domain = (0,reference/* registryDomain */.Em)((0,reference/* parseImageReference */.o_)(image));
    }
    catch {
        // keep the placeholder
    }
    switch (kind) {
        case 'unauthorized':
            if (pullSecrets.length === 0)
                return pullSecretHint(image, namespace);
            return `the registry ${domain} refused the credentials of the Pod's imagePullSecrets (${pullSecrets.join(', ')}): check that one of them holds a user and a token for ${domain} that may pull this image and has not expired, or replace it (kubectl create secret docker-registry).`;
        case 'not-found':
            return `the registry ${domain} answered the node that this image does not exist. If it is the image this run pushed, the registry confirmed its digest to the runner before the patch: the node reaches another registry under that name (a mirror, a different address), or the image was deleted since. Otherwise check the image's name and tag in the pod template.`;
        case 'unreachable':
            return `the node could not reach the registry ${domain}, though the runner could. Check the node's network, DNS and proxy settings for ${domain}, and, for a registry on plain HTTP or with a private CA, the node's container runtime configuration for it.`;
        default:
            return undefined;
    }
}
const PULL_FAILURES = new Set(['ErrImagePull', 'ImagePullBackOff']);
const NEVER_RECOVERS = new Set([
    'InvalidImageName',
    'CreateContainerConfigError',
    'ErrImageNeverPull',
]);
/** The kubelet's waiting reasons for a container it has not created yet. */
const NOT_CREATED_YET = new Set(['ContainerCreating', 'PodInitializing']);
/** What the runtime says when it cannot start the command (containerd, Docker). */
const START_FAILURES = new Set(['StartError', 'ContainerCannotRun', 'RunContainerError']);
/** A start that failed because the runtime's own call timed out (Go's context deadline). */
const RUNTIME_TIMEOUT = /\bcontext deadline exceeded\b|\bDeadlineExceeded\b/;
const isOneOf = (set, s) => set.has(s);
/** Events about this pod (by uid, or by name for events without one), oldest first. */
function eventsFor(pod, events) {
    return byTime([...new PodEvents(events).of(pod)]);
}
function byTime(events) {
    return events.sort((a, b) => (eventTime(a) ?? 0) - (eventTime(b) ?? 0));
}
/** What PodEvents.of hands out for a Pod without events. */
const NONE = Object.freeze([]);
/**
 * Events grouped by the Pod they are about, in one pass: a rollout of N Pods looks up
 * each Pod's events here instead of filtering all of them N times. The match is
 * eventsFor's: by uid when both sides have one, else by name.
 */
class PodEvents {
    byUid = new Map();
    /** Events without a uid, by name. */
    byNameOnly = new Map();
    /** Every event, by name (for a Pod without a uid). */
    byName = new Map();
    events;
    constructor(events) {
        this.events = events;
        const add = (m, k, e) => {
            const list = m.get(k);
            if (list)
                list.push(e);
            else
                m.set(k, [e]);
        };
        for (const e of events) {
            const o = e.involvedObject;
            if (!o || (o.kind && o.kind !== 'Pod'))
                continue;
            if (o.uid)
                add(this.byUid, o.uid, e);
            else if (o.name !== undefined)
                add(this.byNameOnly, o.name, e);
            if (o.name !== undefined)
                add(this.byName, o.name, e);
        }
    }
    /** This Pod's events, in the order they were given (not sorted); the index's own array
     *  when it can be (called for every Pod at every assessment), so never to be changed. */
    of(pod) {
        const { uid, name } = pod.metadata;
        if (!uid)
            return (name !== undefined && this.byName.get(name)) || NONE;
        const withUid = this.byUid.get(uid) ?? NONE;
        const withName = (name !== undefined && this.byNameOnly.get(name)) || NONE;
        if (!withName.length)
            return withUid;
        if (!withUid.length)
            return withName;
        // Both kinds (rare: a writer that left the uid out): the whole list again, so that
        // they come in the order given.
        const mine = new Set([...withUid, ...withName]);
        return this.events.filter((e) => mine.has(e));
    }
}
/** PodEvents of this array, kept per array (a reflector hands the same one until a change). */
const grouped = new WeakMap();
function podEventsOf(events) {
    let index = grouped.get(events);
    if (!index)
        grouped.set(events, (index = new PodEvents(events)));
    return index;
}
/** When an event last happened, in cluster milliseconds. */
function eventTime(e) {
    return timeMs(e.lastTimestamp) ?? timeMs(e.eventTime) ?? timeMs(e.firstTimestamp);
}
function eventFirstTime(e) {
    return timeMs(e.firstTimestamp) ?? timeMs(e.eventTime) ?? timeMs(e.lastTimestamp);
}
function forContainer(events, container) {
    return events.filter((e) => {
        const path = e.involvedObject?.fieldPath;
        return (!path ||
            path === `spec.containers{${container}}` ||
            path === `spec.initContainers{${container}}`);
    });
}
const iso = (ms) => ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z');
function condition(pod, type) {
    return pod.status?.conditions?.find((c) => c.type === type);
}
/** A registry that wants credentials the cluster does not have. */
function isUnauthorized(text) {
    return /\b401\b|unauthorized|authentication required|no basic auth credentials|authorization failed/i.test(text);
}
/** The fix for a private registry: a docker-registry Secret and imagePullSecrets. */
function pullSecretHint(image, namespace) {
    let server = '<registry>';
    try {
        if (image) {
            const domain = (0,reference/* registryDomain */.Em)((0,reference/* parseImageReference */.o_)(image));
            server = domain === 'docker.io' ? 'https://index.docker.io/v1/' : domain;
        }
    }
    catch {
        // keep the placeholder
    }
    const ns = namespace ? ` --namespace ${namespace}` : '';
    return [
        'the cluster cannot pull from this private registry: add an imagePullSecret.',
        `  kubectl create secret docker-registry regcred${ns} --docker-server=${server} --docker-username=<user> --docker-password=<token>`,
        `  kubectl patch serviceaccount default${ns} -p '{"imagePullSecrets":[{"name":"regcred"}]}'`,
        "(or list it under the pod template's spec.imagePullSecrets)",
    ].join('\n');
}
function specImage(pod, name) {
    const all = [
        ...(pod.spec?.containers ?? []),
        ...(pod.spec?.initContainers ?? []),
    ];
    return all.find((c) => c.name === name)?.image;
}
function isInit(pod, name) {
    return (pod.spec?.initContainers ?? []).some((c) => c.name === name);
}
function latest(events, test) {
    const hits = events.filter(test);
    return hits[hits.length - 1];
}
function diagnoseContainer(pod, cs, podEvents) {
    const name = pod.metadata.name;
    const events = forContainer(podEvents, cs.name);
    const image = specImage(pod, cs.name) ?? cs.image;
    const base = { pod: name, container: cs.name, ...(image ? { image } : {}) };
    const waiting = cs.state?.waiting;
    const reason = waiting?.reason ?? '';
    if (isOneOf(PULL_FAILURES, reason)) {
        const failed = events.filter((e) => e.reason === 'Failed' || e.reason === 'ErrImagePull' || e.reason === 'BackOff');
        const pullError = latest(failed, (e) => e.reason === 'Failed' && !/^Error: (ErrImagePull|ImagePullBackOff)$/.test(e.message ?? ''));
        const firstFailure = Math.min(...failed.map((e) => eventFirstTime(e) ?? Infinity));
        const sinceMs = Number.isFinite(firstFailure)
            ? firstFailure
            : (timeMs(condition(pod, 'ContainersReady')?.lastTransitionTime) ??
                timeMs(pod.metadata.creationTimestamp));
        const message = waiting?.message ?? reason;
        const event = pullError?.message;
        return pullDiagnosis(pod, base, reason, message, event, sinceMs);
    }
    // The kubelet's failed pull, before its status says so. Its `Failed` Event comes at
    // once, the ErrImagePull status only with its next sync of the Pod: on the test bed
    // 10-16 s later when the pull followed an init container (the pod worker waits out a
    // back-off after an error). A container still waiting to be created whose latest
    // pull Event is a failure, with no successful pull since, has failed to pull.
    if (!cs.state?.running && !cs.state?.terminated && (!reason || NOT_CREATED_YET.has(reason))) {
        const failedPulls = events.filter((e) => e.reason === 'Failed' && (e.message ?? '').startsWith('Failed to pull image'));
        const lastFailed = failedPulls[failedPulls.length - 1];
        const failedAt = lastFailed && eventTime(lastFailed);
        const pulledAt = Math.max(-Infinity, ...events.filter((e) => e.reason === 'Pulled').map((e) => eventTime(e) ?? Infinity));
        // Event times are whole seconds: a success in the same second as the failure wins.
        if (lastFailed && failedAt !== undefined && failedAt > pulledAt) {
            const first = Math.min(...failedPulls.map((e) => eventFirstTime(e) ?? Infinity));
            // The runtime's words, as the ErrImagePull status would give them: the Event's
            // `Failed to pull image "<ref>": ` repeats the image the report already names,
            // and with a digest pushes the registry's answer at the end past the quoted length.
            const message = (lastFailed.message ?? '').replace(/^Failed to pull image "[^"]*": /, '') ||
                'Failed to pull image';
            return pullDiagnosis(pod, base, 'ErrImagePull', message, undefined, first);
        }
    }
    if (isOneOf(NEVER_RECOVERS, reason)) {
        const ev = latest(events, (e) => e.type === 'Warning');
        return {
            reason,
            ...base,
            message: waiting?.message ?? reason,
            ...(ev?.message && ev.message !== waiting?.message ? { event: ev.message } : {}),
            ...since((ev && eventFirstTime(ev)) ??
                timeMs(condition(pod, 'ContainersReady')?.lastTransitionTime) ??
                timeMs(pod.metadata.creationTimestamp)),
            grace: 'grace',
        };
    }
    const last = cs.lastState?.terminated;
    const now = cs.state?.terminated;
    const restarts = cs.restartCount ? { restartCount: cs.restartCount } : {};
    const kind = isInit(pod, cs.name) ? 'init container' : 'container';
    // The runtime could not start the command: a binary that is not in the image, a
    // working directory that cannot be made. containerd answers StartError, exit code 128.
    const startTerm = [now, last].find((t) => t?.reason !== undefined && START_FAILURES.has(t.reason));
    // A start the runtime timed out on, and a container running since: the retry worked.
    const retried = !!cs.state?.running && startTerm === last && RUNTIME_TIMEOUT.test(last?.message ?? '');
    if ((START_FAILURES.has(reason) || startTerm) && !retried) {
        const ev = latest(events, (e) => e.reason === 'Failed' && e.type === 'Warning');
        const message = (START_FAILURES.has(reason) ? waiting?.message : undefined) ??
            startTerm?.message ??
            ev?.message ??
            `the ${kind} could not be started`;
        // The runtime gave up waiting on itself (an overloaded node), not on the image. It
        // is still a StartError under `grace` (INTERFACE.md), but the hint says whose it is.
        const timedOut = RUNTIME_TIMEOUT.test(message);
        return {
            reason: 'StartError',
            ...base,
            message,
            ...(ev?.message && ev.message !== message ? { event: ev.message } : {}),
            ...since(timeMs(startTerm?.finishedAt) ?? (ev && eventFirstTime(ev))),
            grace: 'grace',
            ...(timedOut
                ? {
                    hint: "the container runtime timed out starting the container (the node's containerd or CRI-O under load), not a fault of the image; the kubelet retries it. Look at the node's load and the runtime's logs; a `grace` of a minute or two lets the retry happen.",
                }
                : {}),
            ...(startTerm?.exitCode !== undefined ? { exitCode: startTerm.exitCode } : {}),
            ...restarts,
        };
    }
    // The kubelet killed the container for a failing liveness or startup probe (it says
    // so in a Killing event); the container's own exit code is then whatever its signal
    // handler chose, often 0.
    const created = timeMs(pod.metadata.creationTimestamp) ?? 0;
    const killed = latest(events, (e) => e.reason === 'Killing' &&
        /failed (liveness|startup) probe/i.test(e.message ?? '') &&
        (eventTime(e) ?? 0) >= created);
    if (killed) {
        const probe = /startup/i.test(killed.message ?? '') ? 'Startup' : 'Liveness';
        const unhealthy = latest(events, (e) => e.reason === 'Unhealthy' && (e.message ?? '').startsWith(`${probe} probe`));
        const message = unhealthy?.message ?? killed.message ?? `${probe} probe failed`;
        return {
            reason: probe === 'Startup' ? 'StartupProbeFailed' : 'LivenessProbeFailed',
            ...base,
            message,
            ...(killed.message && killed.message !== message ? { event: killed.message } : {}),
            ...since(eventFirstTime(killed)),
            grace: 'grace',
            ...restarts,
        };
    }
    // Out of memory now, or before the container's last restart: a container whose
    // main process survives the kill of a child is reported OOMKilled with exit code 0.
    const oom = [now, last].find((t) => t?.reason === 'OOMKilled');
    if (oom) {
        const back = latest(events, (e) => e.reason === 'BackOff');
        return {
            reason: 'OOMKilled',
            ...base,
            message: `the ${kind} was killed for running out of memory (exit code ${oom.exitCode ?? 137})`,
            ...(oom.message ? { event: oom.message } : back?.message ? { event: back.message } : {}),
            ...since(timeMs(oom.finishedAt) ?? (back && eventFirstTime(back))),
            grace: 'grace',
            ...(oom.exitCode !== undefined ? { exitCode: oom.exitCode } : {}),
            ...restarts,
        };
    }
    if (reason === 'CrashLoopBackOff') {
        const back = latest(events, (e) => e.reason === 'BackOff');
        const message = waiting?.message ?? `back-off restarting failed ${kind} ${cs.name}`;
        // The container's own termination message says more than the kubelet's back-off.
        const event = last?.message || back?.message;
        return {
            reason: 'CrashLoopBackOff',
            ...base,
            message,
            ...(event && event !== message ? { event } : {}),
            ...since(timeMs(last?.finishedAt) ?? (back && eventFirstTime(back))),
            grace: 'grace',
            ...(last?.exitCode !== undefined ? { exitCode: last.exitCode } : {}),
            ...(cs.restartCount !== undefined ? { restartCount: cs.restartCount } : {}),
        };
    }
    // A new Pod's container that exited with an error has crashed: at once, not at the
    // kubelet's CrashLoopBackOff a few seconds later, and also when it came back up (a
    // rollout could otherwise finish between two crashes). Exit code 0 is not a crash.
    const crash = [now, (cs.restartCount ?? 0) > 0 && !retried ? last : undefined].find((t) => t?.exitCode !== undefined && t.exitCode !== 0);
    if (crash) {
        return {
            reason: 'Crashed',
            ...base,
            message: `the ${kind} exited with code ${crash.exitCode}${crash.reason ? ` (${crash.reason})` : ''}${cs.restartCount ? ` and was restarted ${cs.restartCount === 1 ? 'once' : `${cs.restartCount} times`}` : ''}`,
            ...(crash.message ? { event: crash.message } : {}),
            ...since(timeMs(crash.finishedAt)),
            grace: 'grace',
            exitCode: crash.exitCode,
            ...restarts,
        };
    }
    const running = cs.state?.running;
    if (running && cs.ready === false) {
        const startedMs = timeMs(running.startedAt) ?? 0;
        const probe = events.filter((e) => e.reason === 'Unhealthy' &&
            /^Readiness probe/i.test(e.message ?? '') &&
            (eventTime(e) ?? 0) >= startedMs);
        if (probe.length === 0)
            return undefined;
        const first = Math.max(startedMs, Math.min(...probe.map((e) => eventFirstTime(e) ?? Infinity)));
        const ev = probe[probe.length - 1];
        return {
            reason: 'ReadinessProbeFailed',
            ...base,
            message: ev.message ?? 'Readiness probe failed',
            ...since(Number.isFinite(first) ? first : startedMs || undefined),
            grace: 'ready-grace',
            ...(cs.restartCount ? { restartCount: cs.restartCount } : {}),
        };
    }
    return undefined;
}
/** A failed pull: its kind, read from the kubelet's and the registry's words, and the fix. */
function pullDiagnosis(pod, base, reason, message, event, sinceMs) {
    const pullFailure = pullFailureKind(`${message}\n${event ?? ''}`);
    const secrets = (pod.spec?.imagePullSecrets ?? [])
        .map((r) => r.name ?? '')
        .filter(Boolean);
    const hint = pullFailureHint(pullFailure, base.image, pod.metadata.namespace, secrets);
    return {
        reason,
        ...base,
        message,
        ...(event && event !== message ? { event } : {}),
        ...since(Number.isFinite(sinceMs) ? sinceMs : undefined),
        grace: 'grace',
        pullFailure,
        ...(hint ? { hint } : {}),
    };
}
function since(ms) {
    const s = iso(ms);
    return s ? { since: s } : {};
}
/**
 * Why the controller cannot create the new ReplicaSet's Pods: its `ReplicaFailure`
 * condition (`FailedCreate`: a ResourceQuota, a LimitRange, PodSecurity or a webhook
 * refused them), with the API server's words.
 */
function diagnoseReplicaSet(rs) {
    const c = rs.status?.conditions?.find((x) => x.type === 'ReplicaFailure' && x.status === 'True');
    if (!c)
        return undefined;
    return {
        reason: 'FailedCreate',
        message: c.message ?? `the controller cannot create the Pods of ReplicaSet ${rs.metadata.name}`,
        ...(c.reason && c.reason !== 'FailedCreate' ? { event: c.reason } : {}),
        ...since(timeMs(c.lastTransitionTime) ?? timeMs(rs.metadata.creationTimestamp)),
        grace: 'grace',
        hint: "the API server refused the new Pods: check the namespace's ResourceQuota, LimitRange and Pod Security level against the new template (kubectl describe replicaset).",
    };
}
/**
 * Why this Pod cannot come up, or undefined while it may still: a pull that failed,
 * an image name or configuration the kubelet refuses, a crash loop, an out-of-memory
 * kill, no node to run on, or a readiness probe that keeps failing. The caller decides,
 * with `since` and the grace, whether that ends the rollout yet.
 */
function diagnose(pod, events) {
    if (pod.metadata.deletionTimestamp)
        return undefined;
    const mine = events.of(pod);
    // The same Pod object with the same events (a rollout re-assessed after some other
    // object changed) has the same diagnosis: the last one is kept per Pod object.
    const last = lastDiagnosis.get(pod);
    if (last && sameItems(last.events, mine))
        return last.diagnosis;
    const diagnosis = diagnosePod(pod, byTime([...mine]));
    lastDiagnosis.set(pod, { events: mine, diagnosis });
    return diagnosis;
}
/** The last diagnosis of each Pod object, with the events it was made from. */
const lastDiagnosis = new WeakMap();
function sameItems(a, b) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
}
/** diagnose, given this Pod's own events, oldest first. */
function diagnosePod(pod, podEvents) {
    const scheduled = condition(pod, 'PodScheduled');
    if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
        const ev = latest(podEvents, (e) => e.reason === 'FailedScheduling');
        const message = scheduled.message ?? ev?.message ?? 'no node can run this pod';
        return {
            reason: 'Unschedulable',
            pod: pod.metadata.name,
            message,
            ...(ev?.message && ev.message !== message ? { event: ev.message } : {}),
            ...since(timeMs(scheduled.lastTransitionTime) ??
                (ev && eventFirstTime(ev)) ??
                timeMs(pod.metadata.creationTimestamp)),
            grace: 'grace',
        };
    }
    for (const cs of [
        ...(pod.status?.initContainerStatuses ?? []),
        ...(pod.status?.containerStatuses ?? []),
    ]) {
        const d = diagnoseContainer(pod, cs, podEvents);
        if (d)
            return d;
    }
    return undefined;
}
//# sourceMappingURL=diagnose.js.map
// EXTERNAL MODULE: ./build/kube/workload.js
var workload = __webpack_require__(1115);
;// CONCATENATED MODULE: ./build/kube/rollout-state.js
// Where a rollout stands, as a pure function of what the watches have seen: the
// Deployment, its ReplicaSets, the new ReplicaSet's Pods and their Events.
//
// "Done" is what `kubectl rollout status` means (kubectl's DeploymentStatusViewer: the
// controller has observed the latest generation; updated = desired; no old replicas
// left; available = updated), and on top of it every Pod of the new ReplicaSet Ready.
// "Failed" is a new Pod in a state it will not leave on its own (diagnose.ts) for longer
// than its grace, measured in cluster time, or ProgressDeadlineExceeded.
//
// A rollout is assessed again after the changes the watches see, so what costs most (a
// template's normal form, a Pod's diagnosis and timestamps, the Events grouped by Pod) is
// kept per object in WeakMaps: a watch replaces an object, never changes it in place, so
// an object seen before gives the same answer. Callers must not change the objects.



const POD_TEMPLATE_HASH = 'pod-template-hash';
const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** kubectl's DeploymentStatusViewer.Status, as data. */
function deploymentStatus(d) {
    const name = d.metadata.name ?? '';
    const gen = d.metadata.generation ?? 0;
    const st = d.status ?? {};
    if (gen > (st.observedGeneration ?? 0))
        return { done: false, timedOut: false, message: 'waiting for the spec update to be observed' };
    const progressing = st.conditions?.find((c) => c.type === 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded')
        return {
            done: false,
            timedOut: true,
            message: `deployment "${name}" exceeded its progress deadline`,
        };
    const updated = st.updatedReplicas ?? 0;
    const replicas = st.replicas ?? 0;
    const available = st.availableReplicas ?? 0;
    const desired = d.spec?.replicas;
    if (desired !== undefined && updated < desired)
        return {
            done: false,
            timedOut: false,
            message: `${updated} out of ${desired} new replicas have been updated`,
        };
    if (replicas > updated)
        return {
            done: false,
            timedOut: false,
            message: `${replicas - updated} old replicas are pending termination`,
        };
    if (available < updated)
        return {
            done: false,
            timedOut: false,
            message: `${available} of ${updated} updated replicas are available`,
        };
    return { done: true, timedOut: false, message: `deployment "${name}" successfully rolled out` };
}
/** kubectl's StatefulSetStatusViewer.Status, as data (OnDelete is refused before). */
function statefulSetStatus(s) {
    const st = s.status ?? {};
    const replicas = s.spec?.replicas ?? 1;
    const partition = s.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    const desired = Math.max(0, replicas - partition);
    const updated = st.updatedReplicas ?? 0;
    const base = {
        desired,
        updated,
        available: st.availableReplicas ?? st.readyReplicas ?? 0,
        old: Math.max(0, (st.replicas ?? 0) - updated),
        timedOut: false,
    };
    if (!st.observedGeneration || (s.metadata.generation ?? 0) > st.observedGeneration)
        return { ...base, done: false, message: 'waiting for the spec update to be observed' };
    if ((st.readyReplicas ?? 0) < replicas)
        return {
            ...base,
            done: false,
            message: `waiting for ${replicas - (st.readyReplicas ?? 0)} pods to be ready`,
        };
    if (partition > 0) {
        if (updated < desired)
            return {
                ...base,
                done: false,
                message: `waiting for partitioned roll out to finish: ${updated} out of ${desired} new pods have been updated`,
            };
        return {
            ...base,
            old: 0,
            done: true,
            message: `partitioned roll out complete: ${updated} new pods have been updated`,
        };
    }
    if (st.updateRevision !== st.currentRevision)
        return {
            ...base,
            done: false,
            message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${st.updateRevision ?? ''}`,
        };
    return {
        ...base,
        done: true,
        message: `statefulset rolling update complete ${st.currentReplicas ?? updated} pods at revision ${st.currentRevision ?? ''}`,
    };
}
/** kubectl's DaemonSetStatusViewer.Status, as data: one Pod per node that should run one. */
function daemonSetStatus(d) {
    const st = d.status ?? {};
    const desired = st.desiredNumberScheduled ?? 0;
    const updated = st.updatedNumberScheduled ?? 0;
    const base = {
        desired,
        updated,
        available: st.numberAvailable ?? 0,
        old: Math.max(0, (st.currentNumberScheduled ?? 0) - updated),
        timedOut: false,
    };
    if ((d.metadata.generation ?? 0) > (st.observedGeneration ?? 0))
        return { ...base, done: false, message: 'waiting for the spec update to be observed' };
    if (updated < desired)
        return {
            ...base,
            done: false,
            message: `${updated} out of ${desired} new pods have been updated`,
        };
    if ((st.numberAvailable ?? 0) < desired)
        return {
            ...base,
            done: false,
            message: `${st.numberAvailable ?? 0} of ${desired} updated pods are available`,
        };
    return {
        ...base,
        done: true,
        message: `daemon set "${d.metadata.name ?? ''}" successfully rolled out`,
    };
}
/** Where the workload's own status says its rollout stands, by its kind's rule. */
function workloadStatus(kind, w) {
    if (kind === 'StatefulSet')
        return statefulSetStatus(w);
    if (kind === 'DaemonSet')
        return daemonSetStatus(w);
    const st = w.status ?? {};
    const updated = st.updatedReplicas ?? 0;
    return {
        ...deploymentStatus(w),
        desired: w.spec?.replicas ?? 1,
        updated,
        available: st.availableReplicas ?? 0,
        old: Math.max(0, (st.replicas ?? 0) - updated),
    };
}
/** The revision to report: the Deployment's number, the StatefulSet's revision, the DaemonSet's generation. */
function revisionOf(kind, w) {
    if (!w)
        return undefined;
    if (kind === 'StatefulSet')
        return w.status?.updateRevision;
    if (kind === 'DaemonSet')
        return w.metadata.annotations?.['deprecated.daemonset.template.generation'];
    return w.metadata.annotations?.[REVISION_ANNOTATION];
}
function withoutHash(t) {
    const labels = t?.metadata?.labels;
    if (!t || !labels || !Object.hasOwn(labels, POD_TEMPLATE_HASH))
        return normalise(t ?? {});
    // normalise copies; only the path to the label is copied here (no deep clone), and an
    // empty labels map is dropped by normalise as nil
    const { [POD_TEMPLATE_HASH]: _hash, ...rest } = labels;
    return normalise({ ...t, metadata: { ...t.metadata, labels: rest } });
}
/** JSON with keys sorted and null/empty values dropped: nil and empty compare equal. */
function normalise(v) {
    if (Array.isArray(v))
        return v.map(normalise);
    if (v && typeof v === 'object') {
        const out = {};
        for (const k of Object.keys(v).sort()) {
            const x = normalise(v[k]);
            if (x === null || x === undefined)
                continue;
            if (typeof x === 'object' && Object.keys(x).length === 0)
                continue;
            out[k] = x;
        }
        return out;
    }
    return v;
}
/** Kubernetes' EqualIgnoreHash: the templates match but for the pod-template-hash label. */
function templatesEqual(a, b) {
    return templateKey(a) === templateKey(b);
}
/**
 * A template's normal form as a string, kept per template object: a watch replaces an
 * object rather than changing it, so a rollout re-assessed on every change compares each
 * ReplicaSet's template once per version of it, not once per assessment.
 */
const templateKeys = new WeakMap();
function templateKey(t) {
    if (!t)
        return JSON.stringify(withoutHash(t));
    let key = templateKeys.get(t);
    if (key === undefined)
        templateKeys.set(t, (key = JSON.stringify(withoutHash(t))));
    return key;
}
function ownedBy(rs, d) {
    const refs = rs.metadata.ownerReferences;
    if (!refs || !d.metadata.uid)
        return true;
    return refs.some((r) => r.controller && r.uid === d.metadata.uid);
}
/**
 * Kubernetes' FindNewReplicaSet: the ReplicaSet whose template equals the Deployment's
 * (ignoring the hash label); the oldest when several do.
 */
function findNewReplicaSet(d, sets) {
    return sets
        .filter((rs) => ownedBy(rs, d) && templatesEqual(rs.spec?.template, d.spec?.template))
        .sort((a, b) => (timeMs(a.metadata.creationTimestamp) ?? 0) - (timeMs(b.metadata.creationTimestamp) ?? 0) ||
        (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))[0];
}
/** The Pods of a ReplicaSet that are not going away. */
function podsOf(rs, pods) {
    const hash = rs.metadata.labels?.[POD_TEMPLATE_HASH];
    return pods.filter((p) => {
        if (p.metadata.deletionTimestamp)
            return false;
        const owner = p.metadata.ownerReferences?.find((r) => r.controller);
        if (owner?.uid && rs.metadata.uid)
            return owner.uid === rs.metadata.uid;
        return hash !== undefined && p.metadata.labels?.[POD_TEMPLATE_HASH] === hash;
    });
}
function isPodReady(p) {
    return p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}
/**
 * The latest cluster timestamp in the snapshot that the cluster itself stamped: a lower
 * bound of "now". Events are left out: whoever may create an Event in the namespace
 * writes its timestamps, and one `lastTimestamp` in 2030 would make every problem look
 * years old. Creation times come from the API server; conditions and container states
 * from the controllers and the kubelet.
 */
function latestClusterTime(s) {
    let max;
    const see = (ms) => {
        if (ms !== undefined && (max === undefined || ms > max))
            max = ms;
    };
    if (s.deployment)
        see(latestOf(s.deployment, workloadTimes));
    for (const rs of s.replicaSets)
        see(latestOf(rs, (r) => [r.metadata.creationTimestamp]));
    for (const p of s.pods)
        see(latestOf(p, podTimes));
    return max;
}
/** The latest of an object's timestamps, kept per object (see templateKeys). */
const latestTimes = new WeakMap();
function latestOf(obj, times) {
    if (latestTimes.has(obj))
        return latestTimes.get(obj);
    let max;
    for (const t of times(obj)) {
        const ms = timeMs(t);
        if (ms !== undefined && (max === undefined || ms > max))
            max = ms;
    }
    latestTimes.set(obj, max);
    return max;
}
function workloadTimes(d) {
    return [
        d.metadata.creationTimestamp,
        ...(d.status?.conditions ?? []).flatMap((c) => [c.lastUpdateTime, c.lastTransitionTime]),
    ];
}
function podTimes(p) {
    const out = [p.metadata.creationTimestamp, p.metadata.deletionTimestamp, p.status?.startTime];
    for (const c of p.status?.conditions ?? [])
        out.push(c.lastTransitionTime);
    for (const cs of [
        ...(p.status?.containerStatuses ?? []),
        ...(p.status?.initContainerStatuses ?? []),
    ])
        for (const st of [cs.state, cs.lastState])
            out.push(st?.running?.startedAt, st?.terminated?.startedAt, st?.terminated?.finishedAt);
    return out;
}
function progressOf(d, newRs, pods, kind = 'Deployment', label) {
    const st = d.status ?? {};
    const status = workloadStatus(kind, d);
    const observed = (d.metadata.generation ?? 0) <= (st.observedGeneration ?? 0);
    const revision = observed ? revisionOf(kind, d) : undefined;
    const known = kind === 'Deployment' ? newRs !== undefined : label !== undefined;
    return {
        desired: status.desired,
        updated: status.updated,
        ready: known ? pods.filter(isPodReady).length : 0,
        available: status.available,
        old: status.old,
        ...(revision ? { revision } : {}),
        ...(newRs?.metadata.name ? { newReplicaSet: newRs.metadata.name } : {}),
        ...(label ? { newPodLabel: label } : {}),
        observed,
        status: status.message,
    };
}
/** One line for the log: `web: 3/5 updated, 2 ready, 1 old`. Printed when it changes. */
function progressLine(name, v) {
    const p = v.progress;
    if (!p.observed)
        return `${name}: waiting for the controller to see the change`;
    let line = `${name}: ${p.updated}/${p.desired} updated, ${p.ready} ready`;
    if (p.old > 0)
        line += `, ${p.old} old`;
    if (v.state === 'progress' && v.pending)
        line += ` (${v.pending.pod ?? ''}: ${v.pending.reason}, within ${v.pending.grace})`;
    if (v.state === 'done')
        line += ': done';
    return line;
}
/**
 * When a problem began, as far as the action can vouch for it: never after "now" (a
 * timestamp from the future says nothing), never before its Pod was created (the API
 * server stamps that; an Event's time is whatever its writer put there).
 */
function clampSince(sinceMs, podCreatedMs, nowMs) {
    let t = sinceMs ?? nowMs;
    if (podCreatedMs !== undefined && t < podCreatedMs)
        t = podCreatedMs;
    return Math.min(t, nowMs);
}
/**
 * The verdict on a rollout. `clusterNowMs` is the caller's best knowledge of the
 * cluster's clock (latestClusterTime plus the wall time since it was seen); a problem
 * younger than its grace leaves the rollout in progress with `recheckInMs` set.
 */
function assessRollout(s, limits, clusterNowMs) {
    const d = s.deployment;
    if (!d) {
        const progress = {
            desired: 0,
            updated: 0,
            ready: 0,
            available: 0,
            old: 0,
            observed: false,
            status: 'waiting for the Deployment',
        };
        return { state: 'progress', progress };
    }
    const kind = s.kind ?? 'Deployment';
    const observed = (d.metadata.generation ?? 0) <= (d.status?.observedGeneration ?? 0);
    const newRs = observed && kind === 'Deployment' ? findNewReplicaSet(d, s.replicaSets) : undefined;
    const hash = newRs?.metadata.labels?.[POD_TEMPLATE_HASH];
    const label = !observed
        ? undefined
        : kind === 'Deployment'
            ? hash !== undefined
                ? `${POD_TEMPLATE_HASH}=${hash}`
                : undefined
            : (0,workload/* newPodLabel */._5)(kind, d);
    const pods = newRs ? podsOf(newRs, s.pods) : label ? (0,workload/* podsWithLabel */.xU)(d, label, s.pods) : [];
    const progress = progressOf(d, newRs, pods, kind, label);
    const status = workloadStatus(kind, d);
    const now = clusterNowMs ?? latestClusterTime(s) ?? 0;
    const rsProblem = newRs ? diagnoseReplicaSet(newRs) : undefined;
    const events = podEventsOf(s.events);
    const found = [];
    if (rsProblem)
        found.push({ diag: rsProblem, createdMs: timeMs(newRs?.metadata.creationTimestamp) });
    for (const p of pods) {
        const diag = diagnose(p, events);
        if (diag)
            found.push({ diag, createdMs: timeMs(p.metadata.creationTimestamp) });
    }
    const problems = found
        .map(({ diag, createdMs }) => {
        const grace = diag.grace === 'ready-grace' ? limits.readyGraceMs : limits.graceMs;
        const sinceMs = clampSince(timeMs(diag.since), createdMs, now);
        return { diag, left: grace - (now - sinceMs), sinceMs };
    })
        .sort((a, b) => a.sinceMs - b.sinceMs);
    if (status.timedOut) {
        const condition = d.status?.conditions?.find((c) => c.type === 'Progressing');
        const diagnosis = problems[0]?.diag ?? {
            reason: 'ProgressDeadlineExceeded',
            message: condition?.message ??
                `no progress for ${d.spec?.progressDeadlineSeconds ?? 600}s (progressDeadlineSeconds)`,
        };
        return { state: 'failed', progress, diagnosis };
    }
    const due = problems.find((p) => p.left <= 0);
    if (due) {
        const graceMs = due.diag.grace === 'ready-grace' ? limits.readyGraceMs : limits.graceMs;
        const diagnosis = graceMs > 0
            ? {
                ...due.diag,
                message: `${due.diag.message} (for ${Math.round((now - due.sinceMs) / 1000)}s, longer than ${due.diag.grace} ${Math.round(graceMs / 1000)}s)`,
            }
            : due.diag;
        return { state: 'failed', progress, diagnosis };
    }
    if (status.done && (newRs || (kind !== 'Deployment' && label))) {
        // progress.ready counts these Pods' Ready ones: all of them, and enough.
        if (progress.ready >= progress.desired && progress.ready === pods.length)
            return { state: 'done', progress };
    }
    const pending = problems[0];
    return {
        state: 'progress',
        progress,
        ...(pending
            ? {
                pending: pending.diag,
                recheckInMs: Math.min(...problems.map((p) => p.left)),
            }
            : {}),
    };
}
/** What to report when the overall `timeout` ends the wait. */
function timeoutDiagnosis(v, timeoutMs) {
    const seconds = Math.round(timeoutMs / 1000);
    if (v.state === 'progress' && v.pending)
        return {
            ...v.pending,
            message: `${v.pending.message} (still so when the ${seconds}s timeout ran out)`,
        };
    return {
        reason: 'Timeout',
        message: `not ready after ${seconds}s (timeout): ${v.progress.status}`,
    };
}
//# sourceMappingURL=rollout-state.js.map
;// CONCATENATED MODULE: ./build/kube/outcome.js



/**
 * Whether the run failed, and which patched workloads to roll back: all of them (the
 * healthy ones too: a run deploys all or none) when anything failed and `rollback` is
 * on; none otherwise. A workload another writer changed during the wait is never rolled
 * back: that would overwrite their change.
 */
function planRollback(patched, s) {
    const failed = s.cancelled || s.patchFailed || patched.some((p) => p.wait === 'failed' || p.wait === 'error');
    const rollBack = failed && s.rollbackOn ? patched.filter((p) => !p.changedByAnother).map((p) => p.item) : [];
    return { failed, rollBack };
}
/** The wait ended because another writer changed the workload. */
function changedByAnother(w) {
    return w?.outcome === 'failed' && w.diagnosis.reason === 'ChangedByAnotherWriter';
}
/** The note of a workload left as another writer made it. */
const LEFT_TO_THE_OTHER_WRITER = "Not rolled back: another writer changed it after dock2pod's patch, and dock2pod does not overwrite their change. It stays as they left it.";
/** Whether one finished wait (or a refused patch) should stop the other waits at once. */
function stopsTheOthers(w, rollbackOn) {
    // Only when they are all going to be rolled back anyway.
    return rollbackOn && (w === 'failed' || w === 'error' || w === 'patch-failed');
}
/** Ready replicas of any kind (a DaemonSet counts `numberReady`). */
function readyReplicas(d) {
    return d?.status?.readyReplicas ?? d?.status?.numberReady ?? 0;
}
/** How many Pods the workload wants: a DaemonSet one per node it schedules to. */
function desiredReplicas(kind, d) {
    return kind === 'DaemonSet' ? (d.status?.desiredNumberScheduled ?? 0) : (d.spec?.replicas ?? 1);
}
function outcome_revisionOf(kind, d, v) {
    return v?.progress.revision ?? revisionOf(kind, d) ?? '';
}
/** A rollback sent and not waited for (a cancel): what its answer said. */
function rollbackReport(sent, previousImage) {
    if (!sent)
        return { state: 'sent', message: `rollback patch to ${previousImage} sent` };
    if (sent.state === 'sent')
        return { state: 'sent', message: `rollback patch to ${previousImage} accepted` };
    return { state: sent.state, message: sent.message };
}
/** A rollback waited for: healthy again, or what is wrong with it. */
function rollbackFromWait(kind, r) {
    const revision = outcome_revisionOf(kind, r.deployment, r.verdict);
    const ready = r.deployment ? { readyReplicas: readyReplicas(r.deployment) } : {};
    if (r.outcome === 'done')
        return {
            state: 'ready',
            message: 'back on the previous template and ready',
            revision,
            ...ready,
        };
    if (r.outcome === 'failed')
        return {
            state: 'failed',
            message: `${r.diagnosis.reason}: ${r.diagnosis.message}`,
            diagnosis: r.diagnosis,
            revision,
            ...ready,
        };
    return {
        ...ready,
        state: 'failed',
        message: r.outcome === 'error' ? String(r.error?.message ?? r.error) : 'not waited for',
        revision,
    };
}
/** One workload's row of the report: its status, diagnosis, revision and note. */
function resultOf(s, run) {
    const t = s.target;
    const base = {
        kind: t.kind,
        namespace: t.namespace,
        name: t.name,
        container: t.containers.join(','),
        image: run.imageRef,
    };
    // Not patched (nothing to change, or the patch refused): the workload as it was read.
    const asRead = (d) => ({
        ...base,
        previousImage: s.previousImage,
        revision: outcome_revisionOf(t.kind, d),
        readyReplicas: readyReplicas(d),
        desiredReplicas: desiredReplicas(t.kind, d),
        seconds: 0,
    });
    if (s.kind === 'unchanged')
        return { ...asRead(s.deployment), status: 'unchanged', diagnosis: null };
    if (s.kind === 'error')
        return {
            ...asRead(t.deployment),
            status: 'failed',
            diagnosis: { reason: s.cancelled ? 'Cancelled' : 'PatchFailed', message: s.message },
        };
    const w = s.wait;
    const rb = s.rollback;
    const d = w?.deployment ?? s.deployment;
    let diagnosis = null;
    let note;
    if (w?.outcome === 'failed')
        diagnosis = w.diagnosis;
    else if (w?.outcome === 'error')
        diagnosis = {
            reason: 'WatchFailed',
            message: (0,describe_error/* describeKubeError */.j3)(w.error, { verb: 'watch', resource: workload/* RESOURCE_OF */.bA[t.kind], namespace: t.namespace, name: t.name }, ''),
        };
    else if (run.cancelled)
        diagnosis = {
            reason: 'Cancelled',
            message: `the run was cancelled while waiting: ${w ? progressLine(t.name, w.verdict) : 'before the wait'}`,
        };
    else if (rb && w?.outcome === 'done')
        note =
            'This rollout was healthy; it was rolled back because another Deployment of this run failed.';
    else if (rb)
        note = 'Rolled back because another Deployment of this run failed.';
    const ok = w?.outcome === 'done' && !rb && !run.cancelled;
    const rolledBack = rb?.state === 'ready' || (run.cancelled && rb?.state === 'sent');
    return {
        ...base,
        previousImage: s.previousImage,
        revision: rb?.revision || outcome_revisionOf(t.kind, d, w?.verdict),
        readyReplicas: rb?.readyReplicas ?? readyReplicas(d),
        desiredReplicas: desiredReplicas(t.kind, d),
        seconds: ((s.finishedAt ?? s.patchedAt) - s.patchedAt) / 1000,
        status: ok ? 'ready' : rolledBack ? 'rolled-back' : 'failed',
        diagnosis,
        ...(rb ? { rollback: rb } : {}),
        ...(note ? { note } : {}),
        ...(!run.rollbackOn && !ok
            ? { note: 'rollback is off: the Deployment stays on the new image.' }
            : {}),
        ...(changedByAnother(w) && !rb ? { note: LEFT_TO_THE_OTHER_WRITER } : {}),
        ...(s.created && !ok
            ? {
                note: `First deploy: there is nothing to roll back to. The objects stay, as kubectl leaves them; this run created ${s.created.join(', ')}.`,
            }
            : {}),
    };
}
/** The run fails (exit 1) when any workload failed or was rolled back. */
function runFailed(results) {
    return results.some((r) => r.status === 'failed' || r.status === 'rolled-back');
}
//# sourceMappingURL=outcome.js.map
// EXTERNAL MODULE: ./build/util/bounds.js
var bounds = __webpack_require__(5152);
;// CONCATENATED MODULE: ./build/kube/other-writer.js
// Another writer: while dock2pod waits for its rollout, someone else (a person with
// kubectl, a GitOps controller, another pipeline, an autoscaler) changes the workload's
// spec. The generation then moves past the one dock2pod's write produced, and the
// rollout being watched is no longer dock2pod's. Pure: given the object as dock2pod's
// patch (or apply, or rollback) left it and the object now, say who wrote since
// (`metadata.managedFields`) and which fields of the spec differ. rollout.ts ends the
// wait with it; outcome.ts keeps the workload out of the rollback. A change that leaves
// the Pod template as dock2pod wrote it (a scale by an autoscaler) is not one.

/** How many changed fields a report lists; the rest are counted. */
const MAX_CHANGES = 8;
/** A value longer than this is cut (an image reference pinned by digest fits). */
const MAX_VALUE = 300;
const entryKey = (e) => `${e.manager ?? ''}\u0000${e.operation ?? ''}\u0000${e.subresource ?? ''}`;
/** Whether a managedFields entry owns anything under `spec`. */
function ownsSpec(e) {
    const f = e.fieldsV1;
    return typeof f === 'object' && f !== null && 'f:spec' in f;
}
/**
 * Who changed the workload's spec after dock2pod's write, and what: undefined while the
 * generation is the one `ours` carries. Writers are the managedFields entries (status
 * aside) that own part of the spec and are new or changed since `ours`; dock2pod's own
 * manager counts too (another run of dock2pod is another writer).
 */
function otherWrite(ours, now) {
    const ourGeneration = ours.metadata.generation;
    const generation = now.metadata.generation;
    if (ourGeneration === undefined || generation === undefined)
        return undefined;
    if (ours.metadata.uid && now.metadata.uid && ours.metadata.uid !== now.metadata.uid)
        return undefined;
    if (generation <= ourGeneration)
        return undefined;
    // A scale (by hand or by an autoscaler), a new strategy or deadline: what rolls out is
    // still dock2pod's template, so the wait goes on. Only a change of the Pod template, or
    // a pause, makes the rollout someone else's.
    if (whatRollsOut(ours) === whatRollsOut(now))
        return undefined;
    const changes = specChanges(ours.spec, now.spec);
    const before = new Map((ours.metadata.managedFields ?? []).map((e) => [entryKey(e), e]));
    const writers = (now.metadata.managedFields ?? [])
        .filter((e) => e.subresource !== 'status' && ownsSpec(e))
        .filter((e) => {
        const b = before.get(entryKey(e));
        return !b || b.time !== e.time || JSON.stringify(b.fieldsV1) !== JSON.stringify(e.fieldsV1);
    })
        .map((e) => ({
        manager: e.manager ?? '(no manager)',
        operation: e.operation ?? 'Update',
        ...(e.time ? { time: e.time } : {}),
        ...(e.subresource ? { subresource: e.subresource } : {}),
    }))
        .sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''));
    return { ourGeneration, generation, writers, changes };
}
/** What decides what rolls out: the Pod template, and whether the rollout is paused. */
const whatRollsOut = (w) => JSON.stringify([w.spec?.template, w.spec?.paused ?? false]);
function render(v) {
    if (v === undefined)
        return '(none)';
    return (0,bounds/* cut */.Jj)(typeof v === 'string' ? v : JSON.stringify(v), MAX_VALUE);
}
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A list whose items are objects with a `name`: containers, env, ports, volumes. */
const isNamedList = (v) => Array.isArray(v) && v.length > 0 && v.every((x) => isObject(x) && typeof x.name === 'string');
/**
 * The fields that differ between two specs, deepest first found: objects key by key,
 * lists of named items by name (`containers[web]`), anything else as a whole value.
 */
function specChanges(ours, theirs, path = 'spec') {
    const out = [];
    const walk = (a, b, at) => {
        if (JSON.stringify(a) === JSON.stringify(b))
            return;
        if (isObject(a) && isObject(b)) {
            for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
                walk(a[k], b[k], `${at}.${k}`);
            return;
        }
        if ((isNamedList(a) || a === undefined) && (isNamedList(b) || b === undefined) && (a || b)) {
            const byName = (l) => new Map((l ?? []).map((x) => [x.name, x]));
            const [ma, mb] = [byName(a), byName(b)];
            for (const n of [...new Set([...ma.keys(), ...mb.keys()])])
                walk(ma.get(n), mb.get(n), `${at}[${n}]`);
            return;
        }
        out.push({ field: at, ours: render(a), theirs: render(b) });
    };
    walk(ours, theirs, path);
    return out;
}
/** `ops-team (Update at 2026-11-26T07:01:02Z)`, `kubectl (Update of scale at …)`. */
function describeWriter(w) {
    const what = `${w.operation}${w.subresource ? ` of ${w.subresource}` : ''}`;
    return `${w.manager} (${what}${w.time ? ` at ${w.time}` : ''})`;
}
/** The wait's failure when another writer changed the workload: who, what, and no rollback. */
function otherWriterDiagnosis(kind, namespace, name, w) {
    const who = w.writers.length
        ? w.writers.map(describeWriter).join(', ')
        : 'a writer its metadata.managedFields do not name';
    const changes = w.changes.slice(0, MAX_CHANGES).map((c) => `${c.field}: ${c.ours} → ${c.theirs}`);
    if (w.changes.length > MAX_CHANGES)
        changes.push(`… and ${w.changes.length - MAX_CHANGES} more fields`);
    return {
        reason: 'ChangedByAnotherWriter',
        message: `${kind} ${namespace}/${name} was changed by ${who} while dock2pod waited for its rollout: generation ${w.generation}, past the ${w.ourGeneration} of dock2pod's change. dock2pod stopped waiting, since what rolls out now is not its own.`,
        ...(changes.length ? { changes } : {}),
        hint: `find out who else writes this ${kind} (a GitOps controller such as Argo CD or Flux, an autoscaler, another pipeline or a person with kubectl: the field managers above) and let one of them own its image; a \`concurrency:\` group serialises runs of this workflow. Then run again.`,
    };
}
//# sourceMappingURL=other-writer.js.map
;// CONCATENATED MODULE: ./build/kube/reflector.js
// A local copy of one kind of object that a list and then a watch keep current, in the
// manner of client-go's reflector and client-node's ListWatch (cache.ts): a watch that
// ends is resumed from the last resourceVersion seen; a 410 Gone (our version is older
// than the server keeps) re-lists; throttling and server errors back off (Retry-After
// when given) and try again, for as long as the caller wants. The caller's deadline, not
// the connection, decides when to give up. No polling: a quiet watch sends nothing.



/**
 * The object without `metadata.managedFields`: who owns which field, a large part of a
 * Pod, a ReplicaSet or an Event, which the wait never reads of them (only of the workload,
 * other-writer.ts). A shallow copy: the object handed in is left as it is.
 */
function withoutManagedFields(obj) {
    if (!obj.metadata?.managedFields)
        return obj;
    const { managedFields: _, ...metadata } = obj.metadata;
    return { ...obj, metadata };
}
class Reflector {
    opts;
    objects = new Map();
    /** items(), until the next change. */
    current;
    resourceVersion = '';
    stopped = false;
    /** A list is wanted again (relist()): at the next turn of the loop. */
    relistWanted = false;
    cancelWatch;
    wake;
    /** Whether the first list has arrived. */
    synced = false;
    stats = { lists: 0, watches: 0, relists: 0, retries: 0 };
    constructor(opts) {
        this.opts = opts;
    }
    /**
     * The objects now. The same array until the next change, so that a reader that looks
     * after every change of any watch (a rollout's assessment) copies only what changed.
     */
    items() {
        return (this.current ??= [...this.objects.values()]);
    }
    start() {
        void this.run();
        return this;
    }
    stop() {
        this.stopped = true;
        this.cancelWatch?.();
        this.cancelWatch = undefined;
        this.wake?.();
    }
    /**
     * List again, now or once the list in flight is in: `keep` widened (a new reader of a
     * shared reflector), so the last list may have dropped what is now wanted. The watch
     * in progress is ended; the copy stays as it is until the new list replaces it.
     */
    relist() {
        if (this.stopped)
            return;
        this.relistWanted = true;
        this.wake?.();
    }
    /** Drop what `keep` no longer accepts (it narrowed: the new ReplicaSet is known). */
    prune() {
        const keep = this.opts.keep;
        if (!keep)
            return;
        for (const [k, obj] of this.objects)
            if (!keep(obj))
                this.objects.delete(k);
        this.current = undefined;
    }
    key(obj) {
        const m = obj.metadata ?? {};
        return m.uid ?? `${m.namespace ?? ''}/${m.name ?? ''}`;
    }
    put(obj) {
        if (this.opts.keep && !this.opts.keep(obj))
            return;
        this.objects.set(this.key(obj), this.opts.trim ? this.opts.trim(obj) : obj);
        this.current = undefined;
    }
    async run() {
        let failures = 0;
        while (!this.stopped) {
            try {
                if (this.relistWanted) {
                    this.relistWanted = false;
                    this.resourceVersion = '';
                }
                if (!this.resourceVersion) {
                    this.stats.lists++;
                    const list = await this.opts.api.list(this.opts.resource, this.opts.namespace, this.opts.selectors, this.opts.keep);
                    if (this.stopped)
                        return;
                    this.objects.clear();
                    this.current = undefined;
                    for (const item of list.items)
                        this.put(item);
                    this.resourceVersion = list.resourceVersion;
                    this.synced = true;
                    this.opts.onChange();
                    if (this.relistWanted)
                        continue;
                }
                const { err, progressed } = await this.watchOnce();
                if (this.stopped)
                    return;
                if (progressed)
                    failures = 0;
                if (err === undefined)
                    continue; // ended normally: resume from resourceVersion
                throw err;
            }
            catch (err) {
                if (this.stopped)
                    return;
                if ((0,errors/* isKubeError */.Cv)(err, 410)) {
                    // Relist: our resourceVersion is older than the API server keeps.
                    this.stats.relists++;
                    this.opts.onNote?.(`${this.opts.resource}: resourceVersion expired (410), listing again`);
                    this.resourceVersion = '';
                    continue;
                }
                if (!(0,errors/* isTransient */.dg)(err)) {
                    this.stop();
                    this.opts.onFatal(err);
                    return;
                }
                failures++;
                this.stats.retries++;
                const e = err;
                // client-node's Watch does not hand over the headers of a refused watch: a 429
                // without Retry-After waits the 1 s the API server's own throttle asks for.
                const delay = e.code === 429 && e.retryAfterMs === undefined
                    ? Math.max(1000, this.opts.baseDelayMs ?? KUBE_RETRY.baseDelayMs)
                    : (0,retry/* retryDelay */.a2)(failures, e.retryAfterMs, {
                        ...KUBE_RETRY,
                        baseDelayMs: this.opts.baseDelayMs ?? KUBE_RETRY.baseDelayMs,
                        maxDelayMs: this.opts.maxDelayMs ?? KUBE_RETRY.maxDelayMs,
                    });
                this.opts.onNote?.(`${this.opts.resource}: ${err.code || 'connection'} ${err.message}; again in ${delay} ms`);
                await this.pause(delay);
            }
        }
    }
    pause(ms) {
        return new Promise((resolve) => {
            const timer = setTimeout(done, ms);
            function done() {
                clearTimeout(timer);
                resolve();
            }
            this.wake = done;
        });
    }
    /** One watch request, to its end. */
    watchOnce() {
        return new Promise((resolve) => {
            let progressed = false;
            let settled = false;
            const finish = (err) => {
                if (settled)
                    return;
                settled = true;
                this.cancelWatch?.();
                this.cancelWatch = undefined;
                resolve({ err, progressed });
            };
            this.wake = () => finish();
            const onEvent = (ev) => {
                if (settled)
                    return;
                if (ev.type === 'ERROR') {
                    const status = ev.object;
                    finish(new errors/* KubeError */.a3(status?.code ?? 500, status?.message ?? 'watch error', {
                        ...(status ? { status } : {}),
                    }));
                    return;
                }
                const obj = ev.object;
                const rv = obj?.metadata?.resourceVersion;
                if (rv)
                    this.resourceVersion = rv;
                progressed = true;
                if (ev.type === 'BOOKMARK')
                    return;
                if (ev.type === 'DELETED') {
                    this.objects.delete(this.key(obj));
                    this.current = undefined;
                }
                else
                    this.put(obj);
                this.opts.onChange();
            };
            this.stats.watches++;
            this.opts.api
                .watch(this.opts.resource, this.opts.namespace, {
                ...this.opts.selectors,
                ...(this.resourceVersion ? { resourceVersion: this.resourceVersion } : {}),
                timeoutSeconds: this.opts.timeoutSeconds ?? 300,
            }, onEvent, (err) => finish(err))
                .then((cancel) => {
                if (settled || this.stopped)
                    cancel();
                else
                    this.cancelWatch = cancel;
            }, (err) => finish(err));
        });
    }
}
//# sourceMappingURL=reflector.js.map
;// CONCATENATED MODULE: ./build/kube/reflector-pool.js

/** The key of what one reflector reads: readers with the same key share it. */
function poolKey(resource, namespace, selectors) {
    return JSON.stringify([
        resource,
        namespace,
        selectors.labelSelector ?? '',
        selectors.fieldSelector ?? '',
    ]);
}
class ReflectorPool {
    api;
    opts;
    /** By poolKey; each a Shared<T> of the T its first reader asked for. */
    shared = new Map();
    constructor(api, opts = {}) {
        this.api = api;
        this.opts = opts;
    }
    /** How many shared reflectors run now (for tests and debug logs). */
    get size() {
        return this.shared.size;
    }
    /**
     * Read `resource` in `namespace` by `selectors`. The first reader's acquire starts the
     * reflector on the next turn of the event loop, so readers that arrive together (the
     * waits of one run) share its first list. `trim` is the reflector's (Reflector's
     * `trim`), set by the reader that opens it: readers of one key must agree on it.
     */
    acquire(resource, namespace, selectors, reader, trim) {
        const key = poolKey(resource, namespace, selectors);
        let entry = this.shared.get(key);
        if (!entry)
            entry = this.open(key, resource, namespace, selectors, trim);
        // The list already out dropped what no reader then kept: unless one of them keeps
        // everything, list again for this one.
        else if (entry.started && [...entry.readers].every((r) => r.keep))
            entry.reflector.relist();
        entry.readers.add(reader);
        const e = entry;
        let released = false;
        // This reader's view of the shared copy, made again only after that copy changed.
        let seen;
        return {
            items: () => {
                const all = e.reflector.items();
                if (seen?.all !== all)
                    seen = { all, mine: reader.keep ? all.filter(reader.keep) : all };
                return seen.mine;
            },
            get synced() {
                return e.reflector.synced;
            },
            prune: () => e.reflector.prune(),
            release: () => {
                if (released)
                    return;
                released = true;
                e.readers.delete(reader);
                if (e.readers.size) {
                    e.reflector.prune();
                    return;
                }
                e.reflector.stop();
                if (this.shared.get(key) === e)
                    this.shared.delete(key);
            },
        };
    }
    open(key, resource, namespace, selectors, trim) {
        const readers = new Set();
        const entry = {
            readers,
            started: false,
            reflector: new Reflector({
                api: this.api,
                resource,
                namespace,
                selectors,
                // What any reader keeps; everything when one of them keeps everything.
                keep: (obj) => {
                    for (const r of readers)
                        if (!r.keep || r.keep(obj))
                            return true;
                    return false;
                },
                ...(trim ? { trim } : {}),
                onChange: () => {
                    for (const r of [...readers])
                        r.onChange();
                },
                onFatal: (err) => {
                    if (this.shared.get(key) === entry)
                        this.shared.delete(key);
                    for (const r of [...readers])
                        r.onFatal(err);
                },
                ...(this.opts.onNote ? { onNote: this.opts.onNote } : {}),
            }),
        };
        this.shared.set(key, entry);
        setImmediate(() => {
            if (!readers.size)
                return;
            entry.started = true;
            entry.reflector.start();
        });
        return entry;
    }
}
//# sourceMappingURL=reflector-pool.js.map
;// CONCATENATED MODULE: ./build/kube/soak.js
// The soak: once a rollout is complete, its new Pods are watched for `soak` longer, and
// any sign that the new version does not hold up fails the run (and rolls it back) the
// way a failure during the wait does. A pure function of what the watches see: the Pods
// as they were when the rollout completed (the baseline) and as they are now.
//
// What fails a soak, the first found, in this order:
//   - a container of a new Pod that exited or was restarted since the baseline: the
//     crash after Ready that `kubectl rollout status` reports as a success;
//   - a new Pod evicted or disrupted (kubelet eviction, the Eviction API, preemption:
//     status.reason `Evicted`, or a `DisruptionTarget` condition), or failed;
//   - a new Pod that was Ready and is not any more (its readiness probe, most often).
// A Pod the ReplicaSet adds during the soak (a replacement) fails it only with what
// diagnose.ts calls failing (a crash loop, a pull failure, no node), not for being
// unready while it starts.



/** How a soak tells Pods apart: the uid (a Pod re-created under its name is another). */
const podKey = (p) => p.metadata.uid ?? `${p.metadata.namespace ?? ''}/${p.metadata.name}`;
const statuses = (p) => [
    ...(p.status?.initContainerStatuses ?? []),
    ...(p.status?.containerStatuses ?? []),
];
/** The baseline of a soak: the Pods that made the rollout complete. */
function soakBaseline(pods) {
    const out = new Map();
    for (const p of pods) {
        if (p.metadata.deletionTimestamp)
            continue;
        const restarts = {};
        for (const cs of statuses(p))
            restarts[cs.name] = cs.restartCount ?? 0;
        out.set(podKey(p), { name: p.metadata.name ?? '', restarts });
    }
    return out;
}
const soak_iso = (ms) => ms === undefined ? {} : { since: new Date(ms).toISOString().replace('.000Z', 'Z') };
const times = (n) => (n === 1 ? 'once' : `${n} times`);
/** A container of a baseline Pod that exited or restarted since the baseline. */
function restarted(pod, before) {
    const initNames = new Set((pod.status?.initContainerStatuses ?? []).map((c) => c.name));
    for (const cs of statuses(pod)) {
        const was = before[cs.name] ?? 0;
        const restarts = (cs.restartCount ?? 0) - was;
        const exited = cs.state?.terminated;
        // A finished init container's terminated state is where it belongs.
        if (restarts <= 0 && (!exited || (initNames.has(cs.name) && exited.exitCode === 0)))
            continue;
        const term = exited ?? cs.lastState?.terminated;
        const where = {
            pod: pod.metadata.name,
            container: cs.name,
            ...(cs.image ? { image: cs.image } : {}),
        };
        const counted = cs.restartCount !== undefined ? { restartCount: cs.restartCount } : {};
        const code = term?.exitCode;
        const again = restarts > 0 ? ` and was restarted ${times(restarts)}` : '';
        const during = 'during the soak, after the rollout had completed';
        if (term?.reason === 'OOMKilled')
            return {
                reason: 'OOMKilled',
                ...where,
                message: `the container was killed for running out of memory (exit code ${code ?? 137})${again} ${during}`,
                ...(term.message ? { event: term.message } : {}),
                ...soak_iso(timeMs(term.finishedAt)),
                exitCode: code ?? 137,
                ...counted,
            };
        if (cs.state?.waiting?.reason === 'CrashLoopBackOff')
            return {
                reason: 'CrashLoopBackOff',
                ...where,
                message: `${cs.state.waiting.message ?? `back-off restarting failed container ${cs.name}`} (${restarts > 0 ? `restarted ${times(restarts)} ` : ''}${during})`,
                ...(term?.message ? { event: term.message } : {}),
                ...soak_iso(timeMs(term?.finishedAt)),
                ...(code !== undefined ? { exitCode: code } : {}),
                ...counted,
            };
        return {
            reason: 'Crashed',
            ...where,
            message: `the container ${code !== undefined ? `exited with code ${code}${term?.reason ? ` (${term.reason})` : ''}` : 'was restarted'}${again} ${during}`,
            ...(term?.message ? { event: term.message } : {}),
            ...soak_iso(timeMs(term?.finishedAt)),
            ...(code !== undefined ? { exitCode: code } : {}),
            ...counted,
        };
    }
    return undefined;
}
/** A Pod evicted, disrupted or failed: the kubelet's or the API server's words on it. */
function evicted(pod) {
    const st = pod.status;
    const disruption = st?.conditions?.find((c) => c.type === 'DisruptionTarget' && c.status === 'True');
    if (st?.reason !== 'Evicted' && !disruption && st?.phase !== 'Failed')
        return undefined;
    const message = st?.message ??
        disruption?.message ??
        `the Pod ${st?.reason === 'Evicted' ? 'was evicted' : 'failed'}`;
    return {
        reason: 'Evicted',
        pod: pod.metadata.name,
        message: `${message} (${disruption?.reason ?? st?.reason ?? st?.phase}, during the soak, after the rollout had completed)`,
        ...soak_iso(timeMs(disruption?.lastTransitionTime) ?? timeMs(pod.metadata.deletionTimestamp) ?? undefined),
    };
}
/** A Pod of the baseline that is no longer Ready. */
function unready(pod, events) {
    if (isPodReady(pod))
        return undefined;
    const d = diagnose(pod, podEventsOf(events));
    const during = 'during the soak, after the rollout had completed';
    if (d?.reason === 'ReadinessProbeFailed')
        return { ...d, message: `${d.message} (${during})` };
    const cond = pod.status?.conditions?.find((c) => c.type === 'Ready');
    const probe = eventsFor(pod, [...events]).filter((e) => e.reason === 'Unhealthy' && /^Readiness probe/i.test(e.message ?? ''));
    const last = probe[probe.length - 1];
    return {
        reason: 'Unready',
        pod: pod.metadata.name,
        message: `the Pod was Ready and is not any more: ${cond?.message ?? cond?.reason ?? 'Ready is not True'} (${during})`,
        ...(last?.message ? { event: last.message } : {}),
        ...soak_iso(timeMs(cond?.lastTransitionTime)),
    };
}
/**
 * Whether the soak has failed, and why: `pods` are the new ReplicaSet's Pods as the
 * watch sees them now, `gone` the baseline Pods that have left that list (their last
 * state seen), `events` the Events about them.
 */
function assessSoak(baseline, pods, events, gone = []) {
    const seen = [...pods, ...gone];
    for (const p of seen) {
        const b = baseline.get(podKey(p));
        if (!b)
            continue;
        // A Pod being deleted stops its containers: only an eviction or a failure counts then.
        const d = evicted(p) ?? (p.metadata.deletionTimestamp ? undefined : restarted(p, b.restarts));
        if (d)
            return d;
    }
    for (const p of pods) {
        const b = baseline.get(podKey(p));
        if (b && !p.metadata.deletionTimestamp) {
            const d = unready(p, events);
            if (d)
                return d;
        }
        else if (!b) {
            // A replacement: only what would have failed the rollout itself.
            const d = diagnose(p, podEventsOf(events));
            if (d && d.grace !== 'ready-grace')
                return { ...d, message: `${d.message} (a replacement Pod, during the soak)` };
        }
    }
    return undefined;
}
//# sourceMappingURL=soak.js.map
;// CONCATENATED MODULE: ./build/kube/rollout.js
// The wait: watches → verdict. Four reflectors per Deployment (the Deployment itself by
// name, its ReplicaSets and its Pods by its selector, and the Events about Pods); three
// per StatefulSet or DaemonSet (no ReplicaSets). A change is assessed by the pure
// rollout-state.ts, which picks out the new Pods: at once after a quiet spell, at most
// once per assessGapMs (25 ms, longer with many Pods) during a burst. The watches are
// opened before our patch (watchRollout), so that what the cluster records right after
// it is already coming; once the new Pods' label is known, the Pod watch is narrowed to it.
// The Events one reads the whole namespace, so it comes from a ReflectorPool
// (reflector-pool.ts): the waits of one run in one namespace share one list and watch.
// Where the run waits on several workloads in one namespace, their workload, ReplicaSet
// and Pod watches come from the pool too, one for all of them (`shareWatches`). The
// verdict, not the connection, ends the wait: done, failed with a diagnosis, the overall
// deadline, a cancel, another writer's change of the workload (other-writer.ts), or an
// error no retry can fix.







/** `matchLabels`/`matchExpressions` as a `?labelSelector=` string. */
function selectorString(sel) {
    const parts = Object.entries(sel?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
    for (const e of sel?.matchExpressions ?? []) {
        const values = (e.values ?? []).join(',');
        if (e.operator === 'In')
            parts.push(`${e.key} in (${values})`);
        else if (e.operator === 'NotIn')
            parts.push(`${e.key} notin (${values})`);
        else if (e.operator === 'Exists')
            parts.push(e.key);
        else if (e.operator === 'DoesNotExist')
            parts.push(`!${e.key}`);
    }
    return parts.join(',');
}
/**
 * The least time between two assessments while changes keep coming. A large rollout's
 * watches bring changes in bursts, and each assessment walks every Pod (and allocates
 * as it goes), so the gap grows with the Pods the wait holds: ASSESS_GAP_MS, or 1 ms per
 * Pod when that is longer, up to ASSESS_GAP_MAX_MS. The CPU the assessments take then
 * stays about the same per second of a rollout whatever its size. A change after a quiet
 * spell is still assessed at once; one during a burst waits at most the gap.
 */
const ASSESS_GAP_MS = 25;
const ASSESS_GAP_MAX_MS = 250;
/** The gap after an assessment that walked `pods` Pods. */
function assessGapMs(pods) {
    return Math.min(ASSESS_GAP_MAX_MS, Math.max(ASSESS_GAP_MS, pods));
}
const CRASHES = new Set(['CrashLoopBackOff', 'OOMKilled', 'Crashed']);
/** The last lines a crashed container wrote: its previous instance first, else the current. */
const KUBELET_NO_LOG = /^unable to retrieve container logs for \S+$/;
async function lastLogLines(api, namespace, pod, container, lines = bounds/* LIMITS */.b1.podLogLines) {
    for (const previous of [true, false]) {
        try {
            // Bounded by the API server: a container that logs one 50 MiB line costs 64 KiB.
            const text = await api.podLog(namespace, pod, container, {
                previous,
                tailLines: lines,
                limitBytes: bounds/* LIMITS */.b1.podLogBytes,
            });
            // The kubelet answers 200 with this one line when that container's log is gone
            // (it keeps one dead container): not the container's log.
            if (KUBELET_NO_LOG.test(text.trim()))
                continue;
            const out = text.replace(/\n$/, '').split('\n');
            if (text.trim() !== '')
                return out.slice(-lines).map((l) => (0,bounds/* cut */.Jj)(l, bounds/* LIMITS */.b1.quotedLine));
        }
        catch {
            // no log of that instance: try the other
        }
    }
    return undefined;
}
/**
 * Wait for one Deployment's rollout. `deployment` is the object as our patch left it:
 * its selector picks the ReplicaSets to watch, and a generation past its own is
 * another writer's change, which ends the wait.
 */
function waitForRollout(api, deployment, opts) {
    return watchRollout(api, deployment, opts).begin(deployment);
}
/**
 * Open the watches of one workload's rollout now, before the patch, so that what the
 * cluster records right after it (a Pod the scheduler refuses within milliseconds) is
 * already on its way when the wait begins. `current` is the workload as read before
 * the patch: its name and selector (immutable in apps/v1) are what is watched. The
 * Pods are watched by the workload's selector, the new ones picked out on our side
 * once the new ReplicaSet (or revision) is known, and then by its label alone (the old
 * Pods no longer read). Nothing is assessed before `begin`,
 * nor while the workload watch still shows a generation older than the patch's.
 */
function watchRollout(api, current, opts) {
    const namespace = current.metadata.namespace ?? 'default';
    const name = current.metadata.name ?? '';
    const label = opts.label ?? name;
    const selector = selectorString(current.spec?.selector);
    const kind = opts.kind ?? 'Deployment';
    /** The object as our patch left it, once `begin` is called. */
    let deployment;
    let resolve;
    const result = new Promise((r) => (resolve = r));
    let finished = false;
    let scheduled = false;
    let recheck;
    let deadlineTimer;
    let lastLine = '';
    let verdict = assessRollout({ replicaSets: [], pods: [], events: [] }, opts.limits, 0);
    // Cluster time: the latest timestamp seen, plus the wall time since it was first seen.
    let clusterSeen;
    let wallAtSeen = 0;
    // Whose Events are kept: `<name>-` until the new ReplicaSet's hash is known.
    let eventPrefix = `${name}-`;
    let podLabel;
    // Once the rollout is complete and `soakMs` is set: the Pods that completed it, and
    // the last state seen of each (a deleted Pod leaves the watch's list).
    let soak;
    let readyAt;
    /** How many times the rollout was assessed, and the time that took (for the debug log). */
    const assessed = { count: 0, ms: 0, last: -Infinity, pods: 0 };
    const common = {
        api,
        namespace,
        onChange: () => schedule(),
        onFatal: (err) => finish({ outcome: 'error', verdict, error: err }),
        ...(opts.debug ? { onNote: opts.debug } : {}),
    };
    const pool = opts.pool ?? new ReflectorPool(api, opts.debug ? { onNote: opts.debug } : {});
    const shared = opts.shareWatches !== undefined;
    const sharedSelectors = opts.shareWatches?.labelSelector
        ? { labelSelector: opts.shareWatches.labelSelector }
        : {};
    const selects = (0,workload/* selectorMatcher */.kS)(current.spec?.selector);
    /** With shared watches: the new Pods' label, once known (the Pods kept narrow to it). */
    let newLabel;
    /** The reflectors of this wait's own, started below. */
    const own = [];
    /**
     * The objects of `resource` this wait reads: a watch of its own by `selectors`, or,
     * when several waits of the run share the namespace, the pool's watch of the whole
     * namespace, of which this wait keeps what `keep` (the same test, on our side) accepts.
     */
    function watchOf(resource, selectors, keep, trim) {
        if (shared) {
            const lease = pool.acquire(resource, namespace, 
            // The workloads by name: a field selector has no set form, so the namespace's.
            resource === 'replicasets' || resource === 'pods' ? sharedSelectors : {}, { keep, onChange: common.onChange, onFatal: common.onFatal }, trim);
            return {
                items: () => lease.items(),
                get synced() {
                    return lease.synced;
                },
                prune: () => lease.prune(),
                stop: () => lease.release(),
            };
        }
        const r = new Reflector({ ...common, resource, selectors, ...(trim ? { trim } : {}) });
        own.push(r);
        return r;
    }
    const bySelector = selector ? { labelSelector: selector } : {};
    const deployments = watchOf(workload/* RESOURCE_OF */.bA[kind], { fieldSelector: `metadata.name=${name}` }, (d) => d.metadata.name === name);
    // Only a Deployment has ReplicaSets; StatefulSets and DaemonSets own their Pods.
    // What the wait reads of them does not include who owns which field: dropped on arrival.
    const replicaSets = kind === 'Deployment'
        ? watchOf('replicasets', bySelector, (rs) => selects(rs.metadata.labels), withoutManagedFields)
        : undefined;
    // Every Pod of the workload, the old ones too, so the watch is open at the patch: the
    // new ones are picked out by the assessment (their ReplicaSet or revision label). Once
    // that label is known, a watch of it alone takes over as soon as it has listed (the
    // broad one is read until then, so nothing is missed), and the old Pods are dropped;
    // from a shared watch, they are dropped at once.
    let pods = watchOf('pods', bySelector, (p) => selects(p.metadata.labels) && (newLabel?.(p) ?? true), withoutManagedFields);
    /** The watch of the new Pods' label, until its first list has come. */
    let narrower;
    const events = pool.acquire('events', namespace, { fieldSelector: 'involvedObject.kind=Pod' }, {
        onChange: common.onChange,
        onFatal: common.onFatal,
        // Pods of this Deployment are named <deployment>-<hash>-<suffix>: once the new
        // ReplicaSet is known, only the events of its Pods are kept. A StatefulSet's are
        // <name>-<ordinal>, a DaemonSet's <name>-<suffix>.
        keep: (e) => e.involvedObject?.name?.startsWith(eventPrefix) ?? false,
    }, withoutManagedFields);
    const onAbort = () => finish({ outcome: 'cancelled', verdict });
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    function latestDeployment() {
        return deployments.items()[0];
    }
    function finish(result) {
        if (finished)
            return;
        finished = true;
        clearTimeout(deadlineTimer);
        if (soak?.timer)
            clearTimeout(soak.timer);
        if (recheck)
            clearTimeout(recheck);
        opts.signal?.removeEventListener('abort', onAbort);
        for (const r of [deployments, replicaSets, pods, narrower])
            r?.stop();
        events.release();
        opts.debug?.(`${label}: rollout assessed ${assessed.count} times, ${Math.round(assessed.ms)} ms in all`);
        const d = latestDeployment();
        const withDeployment = d ? { ...result, deployment: d } : result;
        if (result.outcome === 'done' && readyAt !== undefined)
            withDeployment.readyAt = readyAt;
        if (result.outcome === 'failed' && CRASHES.has(result.diagnosis.reason)) {
            const { pod, container } = result.diagnosis;
            if (pod && container) {
                void lastLogLines(api, namespace, pod, container).then((logs) => resolve({
                    ...withDeployment,
                    diagnosis: { ...result.diagnosis, ...(logs ? { logs } : {}) },
                }));
                return;
            }
        }
        resolve(withDeployment);
    }
    function schedule() {
        if (scheduled || finished || !deployment)
            return;
        scheduled = true;
        // Coalesce a burst of watch events into one assessment, and assess at most once per
        // gap: a change after a quiet spell is assessed at once.
        const run = () => {
            scheduled = false;
            evaluate();
        };
        const wait = assessed.last + assessGapMs(assessed.pods) - performance.now();
        if (wait <= 0)
            setImmediate(run);
        else
            setTimeout(run, wait);
    }
    function clusterNow(snapshot) {
        const latest = latestClusterTime(snapshot);
        if (latest !== undefined && (clusterSeen === undefined || latest > clusterSeen)) {
            clusterSeen = latest;
            wallAtSeen = Date.now();
        }
        return clusterSeen === undefined ? undefined : clusterSeen + (Date.now() - wallAtSeen);
    }
    /** Once the new Pods' label is known, keep only the Events of the new Pods. */
    function followPods() {
        const label = verdict.progress.newPodLabel;
        if (!label || label === podLabel)
            return;
        podLabel = label;
        if (kind === 'Deployment') {
            eventPrefix = `${name}-${label.slice(label.indexOf('=') + 1)}-`;
            events.prune();
        }
        if (shared) {
            newLabel = (0,workload/* hasLabel */.RX)(label);
            pods.prune?.();
            return;
        }
        narrower?.stop();
        const narrow = new Reflector({
            ...common,
            trim: withoutManagedFields,
            resource: 'pods',
            selectors: { labelSelector: [selector, label].filter(Boolean).join(',') },
            onChange: () => {
                if (narrow === narrower && narrow.synced) {
                    pods.stop();
                    pods = narrow;
                    narrower = undefined;
                }
                schedule();
            },
        });
        narrower = narrow.start();
    }
    /** The Pods of the new template (they carry its label), not going away. */
    function newPods() {
        return podLabel ? pods.items().filter((0,workload/* hasLabel */.RX)(podLabel)) : [];
    }
    function startSoak(ms) {
        const current = newPods().filter((p) => !p.metadata.deletionTimestamp);
        soak = { baseline: soakBaseline(current), lastSeen: new Map() };
        for (const p of current)
            soak.lastSeen.set(podKey(p), p);
        // The soak has its own bound, not the wait's timeout.
        clearTimeout(deadlineTimer);
        opts.log(`${label}: rollout complete; soaking for ${Math.round(ms / 1000)}s (${soak.baseline.size} Pods watched for a restart, an unready Pod or an eviction)`);
        soak.timer = setTimeout(() => {
            evaluateSoak();
            if (finished)
                return;
            opts.log(`${label}: soak of ${Math.round(ms / 1000)}s passed: no restart, no unready Pod, no eviction`);
            finish({ outcome: 'done', verdict });
        }, ms);
    }
    function evaluateSoak() {
        if (finished || !soak)
            return;
        const now = newPods();
        const present = new Set();
        for (const p of now) {
            const key = podKey(p);
            present.add(key);
            if (soak.baseline.has(key))
                soak.lastSeen.set(key, p);
        }
        const gone = [...soak.lastSeen].filter(([k]) => !present.has(k)).map(([, p]) => p);
        const diagnosis = assessSoak(soak.baseline, now, events.items(), gone);
        if (diagnosis)
            finish({ outcome: 'failed', verdict, diagnosis });
    }
    function evaluate() {
        if (finished || !deployment)
            return;
        const latest = latestDeployment();
        // The watch has not delivered our patch yet: what it shows is the rollout before it.
        if (latest && (latest.metadata.generation ?? 0) < (deployment.metadata.generation ?? 0))
            return;
        // Someone else changed the spec since our write: what rolls out now is theirs.
        const other = latest ? otherWrite(deployment, latest) : undefined;
        if (other) {
            finish({
                outcome: 'failed',
                verdict,
                diagnosis: otherWriterDiagnosis(kind, namespace, name, other),
            });
            return;
        }
        if (soak) {
            evaluateSoak();
            return;
        }
        const snapshot = {
            kind,
            ...(latest ? { deployment: latest } : {}),
            replicaSets: replicaSets?.items() ?? [],
            pods: pods.items(),
            events: events.items(),
        };
        const started = performance.now();
        verdict = assessRollout(snapshot, opts.limits, clusterNow(snapshot));
        assessed.count++;
        assessed.pods = snapshot.pods.length;
        assessed.last = performance.now();
        assessed.ms += assessed.last - started;
        followPods();
        const line = progressLine(label, verdict);
        if (line !== lastLine && verdict.state !== 'failed') {
            lastLine = line;
            opts.log(line);
        }
        if (verdict.state === 'done') {
            // Done needs the Pods as the pod watch sees them, not only the Deployment's word.
            readyAt = Date.now();
            if (opts.soakMs && opts.soakMs > 0)
                startSoak(opts.soakMs);
            else
                finish({ outcome: 'done', verdict });
            return;
        }
        if (verdict.state === 'failed') {
            finish({ outcome: 'failed', verdict, diagnosis: verdict.diagnosis });
            return;
        }
        if (recheck)
            clearTimeout(recheck);
        recheck = undefined;
        // A problem inside its grace: look again when the grace runs out, should the
        // cluster stay silent until then.
        if (verdict.recheckInMs !== undefined)
            recheck = setTimeout(evaluate, Math.max(1, verdict.recheckInMs));
    }
    if (opts.signal?.aborted)
        onAbort();
    // The pool starts its own (on the next turn, once every wait of the run has asked).
    else
        for (const r of own)
            r.start();
    return {
        begin(patched) {
            if (finished || deployment)
                return result;
            deployment = patched;
            deadlineTimer = setTimeout(() => {
                evaluate();
                if (finished)
                    return;
                finish({
                    outcome: 'failed',
                    verdict,
                    diagnosis: timeoutDiagnosis(verdict, opts.timeoutMs),
                });
            }, Math.max(0, opts.deadline - Date.now()));
            // The first assessment once the workload is listed (its list's change schedules it).
            if (deployments.synced)
                schedule();
            return result;
        },
        cancel() {
            finish({ outcome: 'cancelled', verdict });
        },
    };
}
//# sourceMappingURL=rollout.js.map
;// CONCATENATED MODULE: ./build/kube/rollback.js






function rollback_images(t) {
    return (t?.spec?.containers ?? []).map((c) => `${c.name}=${c.image ?? ''}`).join(', ');
}
/**
 * Send the rollback patch. `latest` is the newest copy we already hold (from the watch);
 * without one, after a 409, or when that copy is older than our patch (a watch that had
 * not yet seen it, as when a cancel comes while the patch is on its way), the Deployment
 * is read again: an older copy still shows the previous template, which is not someone
 * else's change.
 */
async function sendRollback(api, target, latest, cause, change, attempts = 3) {
    const { namespace, name } = target;
    const kind = target.kind ?? 'Deployment';
    const resource = workload/* RESOURCE_OF */.bA[kind];
    let current = latest && (latest.metadata.generation ?? 0) >= (target.patchedGeneration ?? 0)
        ? latest
        : undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
            current ??= await api.getWorkload(resource, namespace, name);
        }
        catch (err) {
            return {
                state: 'error',
                message: (0,describe_error/* describeKubeError */.j3)(err, { verb: 'get', resource, namespace, name }, api.server),
            };
        }
        if (!templatesEqual(current.spec?.template, target.applied)) {
            return {
                state: 'conflict',
                message: `${kind} ${namespace}/${name} was changed by someone else after dock2pod's patch (its pod template now runs ${rollback_images(current.spec?.template)}); not rolled back, so as not to overwrite that change.`,
            };
        }
        const body = rollbackPatch(target.previous, current.metadata.resourceVersion ?? '', cause, change);
        try {
            const sent = await api.patchWorkload(resource, namespace, name, body);
            if (kind === 'StatefulSet')
                await deleteBrokenPods(api, current);
            return { state: 'sent', deployment: sent };
        }
        catch (err) {
            if ((0,errors/* isKubeError */.Cv)(err, 409)) {
                // Written meanwhile (often only its status): read again and check the template.
                current = undefined;
                continue;
            }
            return {
                state: 'error',
                message: (0,describe_error/* describeKubeError */.j3)(err, { verb: 'patch', resource, namespace, name }, api.server),
            };
        }
    }
    return {
        state: 'conflict',
        message: `${kind} ${namespace}/${name} kept changing while dock2pod tried to roll it back (409 Conflict ${attempts} times); not rolled back.`,
    };
}
/**
 * A StatefulSet whose new Pod never becomes Ready waits for it forever, even once its
 * template is put back (Kubernetes' documented "forced rollback"): its not-Ready Pods of
 * the failed revision are deleted, each only while it is still that Pod (uid), and the
 * controller recreates them from the restored template. Ready Pods are left to the
 * controller's own rolling update. Best effort: a Pod that cannot be deleted leaves the
 * rollback's wait to report what still blocks it.
 */
async function deleteBrokenPods(api, failed) {
    const st = failed.status;
    const revision = st?.updateRevision;
    // Only a revision the controller has seen our template under is the failed one.
    if (!revision || (failed.metadata.generation ?? 0) > (st?.observedGeneration ?? 0))
        return;
    if (revision === st?.currentRevision && (st?.readyReplicas ?? 0) >= (failed.spec?.replicas ?? 1))
        return;
    const namespace = failed.metadata.namespace ?? 'default';
    const selector = [
        selectorString(failed.spec?.selector),
        `${workload/* CONTROLLER_REVISION_HASH */.aA}=${revision}`,
    ]
        .filter(Boolean)
        .join(',');
    try {
        const pods = await api.list('pods', namespace, { labelSelector: selector });
        for (const p of pods.items) {
            if (isPodReady(p) || p.metadata.deletionTimestamp || !p.metadata.name || !p.metadata.uid)
                continue;
            await api.deletePod(namespace, p.metadata.name, p.metadata.uid).catch(() => undefined);
        }
    }
    catch {
        // The rollback's wait says what is left.
    }
}
//# sourceMappingURL=rollback.js.map
// EXTERNAL MODULE: ./build/report/publish.js + 5 modules
var publish = __webpack_require__(17);
;// CONCATENATED MODULE: ./build/kube/index.js
// Deploy and wait: the second half of deploy mode.
//   prepareDeploy — before anything is built: the cluster, every workload (Deployment,
//                   StatefulSet, DaemonSet) and container, and a server-side dry run of
//                   the patch (RBAC), so a problem fails the run before an image is pushed.
//   rollOut       — one patch per Deployment, the watch-based wait (rollout.ts), on
//                   failure the rollback of every patched Deployment (rollback.ts), then
//                   outputs, annotations and the job summary (report/deploy.ts).

















/** Problems found before anything was changed, one line each. */
class DeployPreparationError extends Error {
    name = 'DeployPreparationError';
}
const id = (t) => `${t.namespace}/${t.name}`;
/**
 * The wait options that share a namespace's watches, per namespace: where the run waits
 * on more than one workload, they share its ReplicaSet and Pod watches by one selector
 * (each open watch is a connection of its own); where it waits on one, nothing.
 */
function watchSharing(waits) {
    const byNamespace = new Map();
    for (const [ns, w] of waits)
        byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), w]);
    return (ns) => {
        const ws = byNamespace.get(ns) ?? [];
        if (ws.length < 2)
            return {};
        return { shareWatches: { labelSelector: (0,workload/* sharedSelector */.nj)(ws.map((w) => w.spec?.selector)) } };
    };
}
/** Find and validate every deployment and container before anything is changed. */
async function prepareDeploy(settings, image) {
    const { connect } = await __webpack_require__.e(/* import() */ 929).then(__webpack_require__.bind(__webpack_require__, 1929));
    const access = await connect(settings);
    const api = retrying(access.api, {
        onRetry: (err, ms) => (0,verbatim_log/* infoVerbatim */.Bz)(`The API server answered ${err.code || err.message}; trying again in ${(0,duration/* formatDuration */.a)(ms)}.`),
    });
    (0,verbatim_log/* infoVerbatim */.Bz)(`Cluster ${access.server} (context ${access.context})`);
    const problems = [];
    const found = await Promise.all(settings.deployments.map(async (t) => {
        const namespace = t.namespace ?? access.namespace;
        const resource = workload/* RESOURCE_OF */.bA[t.kind];
        let deployment;
        try {
            deployment = await api.getWorkload(resource, namespace, t.name);
        }
        catch (err) {
            problems.push((0,errors/* isKubeError */.Cv)(err, 404)
                ? `Input 'deployment': ${t.kind} ${namespace}/${t.name} does not exist in context "${access.context}" (${access.server}). Check the kind, the name and the namespace.`
                : (0,describe_error/* describeKubeError */.j3)(err, { verb: 'get', resource, namespace, name: t.name }, access.server));
            return undefined;
        }
        const never = (0,workload/* unrollable */.lg)(t.kind, deployment);
        if (never) {
            problems.push(`Input 'deployment': ${never}`);
            return undefined;
        }
        try {
            const containers = (0,kube_containers/* chooseContainers */.uy)(deployment, settings.container, image);
            return { kind: t.kind, namespace, name: t.name, containers, deployment };
        }
        catch (err) {
            if (!(err instanceof kube_containers/* ContainerChoiceError */.VB))
                throw err;
            problems.push(err.message);
            return undefined;
        }
    }));
    if (problems.length)
        throw new DeployPreparationError(problems.join('\n'));
    const targets = found;
    // Only once every Deployment and container checks out: a server-side dry run of the
    // patch, so missing RBAC fails here rather than after the push.
    const probe = (0,reference/* formatReference */.FH)(image);
    await Promise.all(targets.map(async (t) => {
        try {
            await api.patchWorkload(workload/* RESOURCE_OF */.bA[t.kind], t.namespace, t.name, imagePatch(t.containers, probe, { commit: '', runUrl: '' }), { dryRun: true });
        }
        catch (err) {
            problems.push((0,describe_error/* describeKubeError */.j3)(err, { verb: 'patch', resource: workload/* RESOURCE_OF */.bA[t.kind], namespace: t.namespace, name: t.name }, access.server));
        }
    }));
    if (problems.length)
        throw new DeployPreparationError(problems.join('\n'));
    // What the wait reads (and a crash's log), asked of the authorizer before anything
    // changes: a Role that allows the patch but not the watch would otherwise fail after it.
    for (const namespace of new Set(targets.map((t) => t.namespace))) {
        const kinds = new Set(targets.filter((t) => t.namespace === namespace).map((t) => t.kind));
        const checks = waitAccess(kinds).map((a) => ({ ...a, namespace }));
        const allowed = await Promise.all(checks.map((c) => api.mayI(c)));
        const denied = checks.filter((_, i) => !allowed[i]);
        if (denied.length)
            problems.push((0,describe_error/* describeDenied */.BX)(denied));
    }
    if (problems.length)
        throw new DeployPreparationError(problems.join('\n'));
    for (const t of targets)
        (0,verbatim_log/* infoVerbatim */.Bz)(`Will deploy to ${id(t)}, container ${t.containers.join(', ')}`);
    let manifests;
    if (settings.manifests.length) {
        const { objectId, prepareManifests } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(454)]).then(__webpack_require__.bind(__webpack_require__, 6454));
        manifests = await prepareManifests(settings.manifests, settings.forceConflicts, api, access.namespace, image);
        (0,verbatim_log/* infoVerbatim */.Bz)(`Manifests checked by a server-side dry run: ${manifests.objects.map(objectId).join(', ')}`);
    }
    return { settings, access, api, image, targets, ...(manifests ? { manifests } : {}) };
}
async function patchOne(api, t, imageRef, container, image, change) {
    let previousImage = Object.values(containerImages(t.deployment.spec?.template, t.containers))[0] ?? '';
    for (let attempt = 1;; attempt++) {
        try {
            // The template just before our patch is what a rollback restores.
            const fresh = await api.getWorkload(workload/* RESOURCE_OF */.bA[t.kind], t.namespace, t.name);
            const containers = templatesEqual(fresh.spec?.template, t.deployment.spec?.template)
                ? t.containers
                : (0,kube_containers/* chooseContainers */.uy)(fresh, container, image);
            const before = containerImages(fresh.spec?.template, containers);
            previousImage = before[containers[0]] ?? '';
            if (containers.every((c) => before[c] === imageRef))
                return { kind: 'unchanged', target: { ...t, containers }, deployment: fresh, previousImage };
            // A cancel that came before the patch left (while the watches were being opened, or
            // the read above answered): nothing is changed, so nothing needs rolling back.
            if ((0,build_cancel/* cancelSignal */.Bj)().aborted)
                return {
                    kind: 'error',
                    target: { ...t, containers },
                    message: `not patched: the run was cancelled before the patch was sent; it still runs ${previousImage || '(no image)'}`,
                    previousImage,
                    cancelled: true,
                };
            const deployment = await api.patchWorkload(workload/* RESOURCE_OF */.bA[t.kind], t.namespace, t.name, imagePatch(containers, imageRef, change, fresh.metadata.resourceVersion));
            return {
                kind: 'patched',
                p: {
                    target: { ...t, containers },
                    previousImage,
                    previousTemplate: fresh.spec?.template ?? {},
                    appliedTemplate: deployment.spec?.template ?? {},
                    deployment,
                    patchedAt: Date.now(),
                },
            };
        }
        catch (err) {
            // 409: written between our read and our patch (often just its status): again.
            if ((0,errors/* isKubeError */.Cv)(err, 409) && attempt < 4)
                continue;
            const message = err instanceof kube_containers/* ContainerChoiceError */.VB
                ? err.message
                : (0,describe_error/* describeKubeError */.j3)(err, {
                    verb: 'patch',
                    resource: workload/* RESOURCE_OF */.bA[t.kind],
                    namespace: t.namespace,
                    name: t.name,
                }, api.server);
            return { kind: 'error', target: t, message, previousImage };
        }
    }
}
/** Patch every Deployment, wait, roll back on failure, report. Sets the exit code. */
async function rollOut(plan, image, facts) {
    const { settings, api } = plan;
    const imageRef = image.imageRef;
    const change = { commit: facts.sha, runUrl: facts.runUrl ?? '' };
    const started = Date.now();
    const deadline = started + settings.timeoutMs;
    const limits = { graceMs: settings.graceMs, readyGraceMs: settings.readyGraceMs };
    // A cancel (SIGINT/SIGTERM, src/cancel.ts) stops the watches and rolls back at once.
    const cancel = { signal: (0,build_cancel/* cancelSignal */.Bj)() };
    (0,build_cancel/* setPhase */.A)('patch');
    const outcomes = [];
    if (plan.manifests) {
        const { applyManifests, ApplyError } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(454)]).then(__webpack_require__.bind(__webpack_require__, 6454));
        try {
            const applied = await applyManifests(plan.manifests, api, imageRef, (l) => (0,verbatim_log/* infoVerbatim */.Bz)(l));
            outcomes.push(...applied.workloads.map((w) => appliedOutcome(w, applied.created)));
        }
        catch (err) {
            if (!(err instanceof ApplyError))
                throw err;
            // Nothing to wait for: what was applied stays, as kubectl leaves it, and is listed.
            const done = err.result.lines.length
                ? `\nApplied before the failure (they stay): ${err.result.lines.join(', ')}.`
                : '\nNothing was applied.';
            core/* error */.z3(err.message + done, err.annotation.annotation);
            process.exitCode = core/* ExitCode */.yU.Failure;
            return;
        }
    }
    // The waits' watches open before the patch, so that a failure the cluster records at
    // once (a Pod no node can take) is on its way when the wait begins. The first failure
    // stops the others' waits when they are all going to be rolled back anyway.
    const stopAll = new AbortController();
    if (cancel.signal.aborted)
        stopAll.abort();
    cancel.signal.addEventListener('abort', () => stopAll.abort(), { once: true });
    // One namespace-wide Events watch per namespace, shared by the waits (and rollbacks);
    // where the run waits on several workloads in one namespace, their workload, ReplicaSet
    // and Pod watches too (each open watch is a connection of its own).
    const pool = new ReflectorPool(api, { onNote: (line) => core/* debug */.Yz(line) });
    const sharing = watchSharing(plan.targets.map((t) => [t.namespace, t.deployment]));
    const waitOptions = (t) => ({
        kind: t.kind,
        limits,
        deadline,
        timeoutMs: settings.timeoutMs,
        signal: stopAll.signal,
        log: (line) => (0,verbatim_log/* infoVerbatim */.Bz)(line),
        debug: (line) => core/* debug */.Yz(line),
        label: plan.targets.length > 1 ? id(t) : t.name,
        soakMs: settings.soakMs,
        pool,
        ...sharing(t.namespace),
    });
    const opened = plan.targets.map((t) => watchRollout(api, t.deployment, waitOptions(t)));
    const patches = await Promise.all(plan.targets.map((t) => patchOne(api, t, imageRef, settings.container, plan.image, change)));
    const watches = new Map();
    patches.forEach((o, i) => {
        if (o.kind === 'patched')
            watches.set(o.p, opened[i]);
        else
            opened[i].cancel();
    });
    outcomes.push(...patches);
    const patched = [];
    for (const o of outcomes) {
        if (o.kind === 'patched') {
            patched.push(o.p);
            (0,verbatim_log/* infoVerbatim */.Bz)(`Patched ${id(o.p.target)}: ${o.p.previousImage || '(none)'} → ${imageRef}`);
        }
        else if (o.kind === 'unchanged') {
            (0,verbatim_log/* infoVerbatim */.Bz)(`${id(o.target)} already runs ${imageRef}: unchanged.`);
        }
    }
    // Wait for every patched Deployment at once.
    (0,build_cancel/* setPhase */.A)('wait');
    const patchFailed = outcomes.some((o) => o.kind === 'error');
    if (patchFailed && stopsTheOthers('patch-failed', settings.rollback))
        stopAll.abort();
    if (patched.length)
        (0,verbatim_log/* infoVerbatim */.Bz)(`Waiting for ${patched.map((p) => p.target.name).join(', ')} (timeout ${(0,duration/* formatDuration */.a)(settings.timeoutMs)}, grace ${(0,duration/* formatDuration */.a)(settings.graceMs)})`);
    const waits = new Map();
    const finishedAt = new Map();
    await Promise.all(patched.map(async (p) => {
        // A workload of the manifests was applied, not patched here: its watches open now.
        const watch = watches.get(p) ?? watchRollout(api, p.deployment, waitOptions(p.target));
        const r = await watch.begin(p.deployment);
        waits.set(p, r);
        // Time to ready ends when the rollout completed, not when its soak did.
        const readyAt = (r.outcome === 'done' && r.readyAt) || Date.now();
        finishedAt.set(p, readyAt);
        if (stopsTheOthers(r.outcome, settings.rollback))
            stopAll.abort();
        if (r.outcome === 'done')
            (0,verbatim_log/* infoVerbatim */.Bz)(`${p.target.name}: ready in ${(0,duration/* formatDuration */.a)(readyAt - p.patchedAt)} (revision ${outcome_revisionOf(p.target.kind, r.deployment, r.verdict)})`);
    }));
    const cancelled = cancel.signal.aborted;
    if (cancelled) {
        for (const p of patched) {
            const w = waits.get(p);
            if (w)
                (0,verbatim_log/* infoVerbatim */.Bz)(`${progressLine(id(p.target), w.verdict)} (when cancelled)`);
        }
    }
    // Roll back every patched Deployment, the healthy ones too: the run deploys all or none.
    const { failed, rollBack } = planRollback(patched.map((p) => ({
        item: p,
        wait: waits.get(p)?.outcome,
        changedByAnother: changedByAnother(waits.get(p)),
    })), { rollbackOn: settings.rollback, cancelled, patchFailed });
    const rollbacks = new Map();
    // A workload this run created has no previous template: it stays, as kubectl leaves it.
    const created = patched.filter((p) => p.created);
    if (failed && created.length)
        (0,verbatim_log/* infoVerbatim */.Bz)(`First deploy: nothing to roll back to; the objects stay: ${created.flatMap((p) => p.created).join(', ')}`);
    const restorable = rollBack.filter((p) => !p.created);
    if (restorable.length) {
        (0,build_cancel/* setPhase */.A)('rollback');
        const cause = `dock2pod: rolled back to the previous template after ${imageRef} failed`;
        const sends = Promise.all(restorable.map(async (p) => {
            const target = {
                kind: p.target.kind,
                namespace: p.target.namespace,
                name: p.target.name,
                previous: p.previousTemplate,
                applied: p.appliedTemplate,
                ...(p.deployment.metadata.generation !== undefined
                    ? { patchedGeneration: p.deployment.metadata.generation }
                    : {}),
            };
            const sent = await sendRollback(api, target, waits.get(p)?.deployment, cause, change);
            return [p, sent];
        }));
        if (cancelled) {
            // The runner kills us a few seconds after the signal (and cancel.ts exits 1.5 s
            // after it): send, do not wait for more than the answer.
            const done = await Promise.race([
                sends,
                new Promise((r) => setTimeout(() => r(undefined), 1000).unref()),
            ]);
            for (const p of restorable) {
                const sent = done?.find(([q]) => q === p)?.[1];
                rollbacks.set(p, rollbackReport(sent, p.previousImage));
                (0,verbatim_log/* infoVerbatim */.Bz)(`${id(p.target)}: rollback ${sent ? sent.state : 'sent'} (not waited for)`);
            }
        }
        else {
            const sent = await sends;
            // Sent and answered: what follows only watches (a cancel now leaves nothing half-done).
            (0,build_cancel/* setPhase */.A)('the wait for the rollback');
            const rollbackDeadline = Date.now() + Math.min(settings.timeoutMs, 5 * 60_000);
            const sharingBack = watchSharing(sent.filter(([, s]) => s.state === 'sent').map(([p]) => [p.target.namespace, p.deployment]));
            await Promise.all(sent.map(async ([p, s]) => {
                if (s.state !== 'sent') {
                    rollbacks.set(p, { state: s.state, message: s.message });
                    return;
                }
                (0,verbatim_log/* infoVerbatim */.Bz)(`${id(p.target)}: rolling back to ${p.previousImage}`);
                const r = await waitForRollout(api, s.deployment, {
                    kind: p.target.kind,
                    limits,
                    deadline: rollbackDeadline,
                    timeoutMs: rollbackDeadline - Date.now(),
                    log: (line) => (0,verbatim_log/* infoVerbatim */.Bz)(`rollback ${line}`),
                    debug: (line) => core/* debug */.Yz(line),
                    label: p.target.name,
                    pool,
                    ...sharingBack(p.target.namespace),
                });
                rollbacks.set(p, rollbackFromWait(p.target.kind, r));
            }));
        }
    }
    const run = { imageRef, cancelled, rollbackOn: settings.rollback };
    const results = outcomes.map((o) => {
        if (o.kind !== 'patched')
            return resultOf(o, run);
        const { p } = o;
        const [wait, finished, rollback] = [waits.get(p), finishedAt.get(p), rollbacks.get(p)];
        return resultOf({
            kind: 'patched',
            target: p.target,
            previousImage: p.previousImage,
            deployment: p.deployment,
            patchedAt: p.patchedAt,
            ...(p.created ? { created: p.created } : {}),
            ...(wait ? { wait } : {}),
            ...(finished !== undefined ? { finishedAt: finished } : {}),
            ...(rollback ? { rollback } : {}),
        }, run);
    });
    await (0,publish/* publishDeploy */.DU)(results);
    if (runFailed(results))
        process.exitCode = core/* ExitCode */.yU.Failure;
}
/** What the wait reads, per kind of workload in a namespace (examples/rbac.yaml). */
function waitAccess(kinds) {
    const byKind = (r) => r === 'deployments' || r === 'replicasets' ? kinds.has('Deployment') : true;
    const checks = describe_error/* WAIT_ACCESS */.DQ.filter((a) => byKind(a.resource));
    for (const kind of ['StatefulSet', 'DaemonSet'])
        if (kinds.has(kind))
            for (const verb of ['list', 'watch'])
                checks.push({ verb, resource: workload/* RESOURCE_OF */.bA[kind] });
    return checks;
}
/** What the apply of one workload of `manifests` did, as the patches' outcomes say it. */
function appliedOutcome(w, created) {
    const target = {
        kind: w.kind,
        namespace: w.namespace,
        name: w.name,
        containers: w.containers,
        deployment: w.after,
    };
    const previousImage = w.before
        ? (Object.values(containerImages(w.before.spec?.template, w.containers))[0] ?? '')
        : '';
    // The same generation: the apply changed nothing the controller acts on.
    if (w.before && w.before.metadata.generation === w.after.metadata.generation)
        return { kind: 'unchanged', target, deployment: w.after, previousImage };
    return {
        kind: 'patched',
        p: {
            target,
            previousImage,
            previousTemplate: w.before?.spec?.template ?? {},
            appliedTemplate: w.after.spec?.template ?? {},
            deployment: w.after,
            patchedAt: Date.now(),
            ...(w.before ? {} : { created }),
        },
    };
}
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 7967:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a2: () => (/* binding */ retryDelay),
/* harmony export */   bD: () => (/* binding */ withRetry),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter)
/* harmony export */ });
// The one retry policy of dock2pod's HTTP clients (the registry's and the cluster's):
// try again on a transient failure after an exponential back-off, unless the server
// said how long to wait (`Retry-After`); both waits capped, and never past a deadline.
// Each client says what is transient and what the server asked; the loop is the same.
/**
 * `Retry-After` in ms: delta-seconds or an HTTP date; undefined when absent or
 * unreadable. RFC 9110 allows whole seconds only; a fraction (`0.5`) is honoured as
 * written, since reading it costs nothing and rounding would wait longer than asked.
 */
function parseRetryAfter(value, nowMs) {
    if (!value)
        return undefined;
    const v = value.trim();
    if (/^\d+(\.\d+)?$/.test(v))
        return Math.round(Number(v) * 1000);
    // Only a date from here on: a number-like text is not one, whatever Date.parse says.
    if (/^[\d.\s-]*$/.test(v))
        return undefined;
    const at = Date.parse(v);
    return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
/** The wait before retry number `retry` (1 = the second try): the server's, else the back-off. */
function retryDelay(retry, retryAfterMs, policy) {
    if (retryAfterMs !== undefined)
        return Math.min(retryAfterMs, policy.maxRetryAfterMs);
    return Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Call `fn`, again after each transient failure, until it succeeds or the policy gives up. */
async function withRetry(fn, policy, hooks) {
    for (let attempt = 1;; attempt++) {
        try {
            return await fn();
        }
        catch (err) {
            if (!hooks.transient(err) || attempt >= policy.attempts)
                throw err;
            const delay = retryDelay(attempt, hooks.retryAfterMs?.(err), policy);
            if (hooks.deadline !== undefined && Date.now() + delay > hooks.deadline)
                throw err;
            await hooks.onRetry?.(err, delay, attempt + 1);
            await (hooks.sleep ?? sleep)(delay);
        }
    }
}
//# sourceMappingURL=retry.js.map

/***/ })

};
