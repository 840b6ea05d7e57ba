export const id = 529;
export const ids = [529,940];
export const modules = {

/***/ 6529:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  bP: () => (/* binding */ RegistryClient),
  gl: () => (/* binding */ RegistryError),
  resolveDigest: () => (/* binding */ resolveDigest)
});

// UNUSED EXPORTS: firstPlatformManifest, imageContentSize, readBounded

// EXTERNAL MODULE: ./build/util/bounds.js
var bounds = __webpack_require__(5152);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./build/image/reference.js
var image_reference = __webpack_require__(7755);
// EXTERNAL MODULE: ./build/cancel.js
var cancel = __webpack_require__(40);
// EXTERNAL MODULE: ./build/util/retry.js
var retry = __webpack_require__(7967);
// EXTERNAL MODULE: ./build/registry/credentials.js
var credentials = __webpack_require__(5760);
;// CONCATENATED MODULE: ./build/registry/http-headers.js
// Pure readers of what a registry says in its headers, and where a registry lives.
/**
 * Parse a `WWW-Authenticate` header (RFC 7235): one or more challenges, each a scheme
 * and comma-separated `name=value` or `name="quoted value"` parameters. Commas inside
 * quotes (a scope listing several actions) stay in the value.
 */
function parseWwwAuthenticate(header) {
    const out = [];
    const token = /[A-Za-z0-9!#$%&'*+.^_`|~-]+/y;
    const quoted = /"((?:[^"\\]|\\.)*)"/y;
    // Lenient: some registries send an unquoted realm URL, which is not an RFC token.
    const bare = /[^,\s"]+/y;
    let i = 0;
    const skip = (chars) => {
        while (i < header.length && chars.test(header[i]))
            i++;
    };
    while (i < header.length) {
        skip(/[\s,]/);
        token.lastIndex = i;
        const t = token.exec(header);
        if (!t) {
            i++;
            continue;
        }
        i = token.lastIndex;
        skip(/\s/);
        if (header[i] !== '=') {
            out.push({ scheme: t[0].toLowerCase(), params: {} });
            continue;
        }
        i++;
        skip(/\s/);
        let value;
        quoted.lastIndex = i;
        const q = quoted.exec(header);
        if (q) {
            value = q[1].replace(/\\(.)/g, '$1');
            i = quoted.lastIndex;
        }
        else {
            bare.lastIndex = i;
            const v = bare.exec(header);
            value = v ? v[0] : '';
            i = v ? bare.lastIndex : i;
        }
        const current = out[out.length - 1];
        if (current)
            current.params[t[0].toLowerCase()] = value;
    }
    return out;
}
/** Hosts docker talks plain HTTP to by default: loopback. */
function isLoopbackHost(host) {
    const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}
/** Where a registry domain (`docker.io`, `ghcr.io`, `127.0.0.1:5000`) serves the v2 API. */
function registryBaseUrl(domain) {
    const host = domain === 'docker.io' ? 'registry-1.docker.io' : domain;
    return `${isLoopbackHost(host) ? 'http' : 'https'}://${host}`;
}
/** The media types a client accepts for a manifest: Docker v2 and OCI, images and indexes. */
const MANIFEST_MEDIA_TYPES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
];
//# sourceMappingURL=http-headers.js.map
;// CONCATENATED MODULE: ./build/registry/client.js
// A small client for the Registry HTTP API v2: what a manifest's digest is at the
// registry (the one a node will pull), the manifest itself, a blob. It authenticates as
// the docker CLI does (the runner's Docker config; bearer-token or basic challenge) and
// retries 5xx, 429 and failed connections a bounded number of times with back-off.







class RegistryError extends Error {
    name = 'RegistryError';
    kind;
    status;
    constructor(kind, message, status) {
        // A registry's header or answer quoted in it is the registry's to make long.
        super((0,bounds/* cut */.Jj)(message, 2 * bounds/* LIMITS */.b1.quotedLine));
        this.kind = kind;
        if (status !== undefined)
            this.status = status;
    }
}
const ACCEPT = MANIFEST_MEDIA_TYPES.join(', ');
/** Bytes an image manifest points at (config and layers, compressed as stored). */
function imageContentSize(body) {
    if (!body.config || !body.layers)
        return undefined;
    return body.layers.reduce((n, l) => n + l.size, body.config.size);
}
/** In an index, the first entry for a real platform (not an attestation's `unknown/unknown`). */
function firstPlatformManifest(body) {
    return (body.manifests ?? []).filter((m) => m.platform?.os !== 'unknown' && m.platform?.architecture !== 'unknown');
}
class RegistryClient {
    opts;
    /** Authorization header per `domain scope`, so a token is fetched once. */
    auth = new Map();
    constructor(opts = {}) {
        this.opts = {
            fetch: opts.fetch ?? globalThis.fetch,
            credentials: opts.credentials ?? ((d) => (0,credentials/* credentialsFor */.Og)(d)),
            retries: opts.retries ?? 3,
            backoffMs: opts.backoffMs ?? 500,
            maxWaitMs: opts.maxWaitMs ?? 30_000,
            timeoutMs: opts.timeoutMs ?? 30_000,
            sleep: opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
            baseUrl: opts.baseUrl ?? registryBaseUrl,
        };
    }
    /** Is the registry there at all? Any HTTP answer of /v2/ below 500 counts (401 too). */
    async ping(domain) {
        await this.send(domain, `${this.opts.baseUrl(domain)}/v2/`, { method: 'GET' }, 'registry:catalog:*', {
            anonymous: true,
        });
    }
    /** The digest of `ref` at the registry: its tag's, or its digest confirmed to exist. */
    async resolveDigest(ref) {
        const url = this.manifestUrl(ref);
        const head = await this.send((0,image_reference/* registryDomain */.Em)(ref), url, { method: 'HEAD', headers: { accept: ACCEPT } }, pullScope(ref));
        const digest = head.headers.get('docker-content-digest');
        if (head.ok && digest) {
            const size = Number(head.headers.get('content-length'));
            return {
                digest,
                mediaType: head.headers.get('content-type')?.split(';')[0]?.trim() ?? '',
                ...(size > 0 ? { size } : {}),
            };
        }
        // Some registries answer HEAD without the digest (or refuse HEAD): GET and hash.
        const m = await this.getManifest(ref);
        return { digest: m.digest, mediaType: m.mediaType, ...(m.size ? { size: m.size } : {}) };
    }
    async getManifest(ref) {
        const res = await this.send((0,image_reference/* registryDomain */.Em)(ref), this.manifestUrl(ref), { method: 'GET', headers: { accept: ACCEPT } }, pullScope(ref));
        const raw = await readBounded(res, bounds/* LIMITS */.b1.manifestBytes, `${(0,image_reference/* formatReference */.FH)(ref)}: the manifest`);
        const computed = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(raw).digest('hex')}`;
        const digest = res.headers.get('docker-content-digest') ?? computed;
        if (ref.digest && ref.digest.startsWith('sha256:') && computed !== ref.digest)
            throw new RegistryError('protocol', `${(0,image_reference/* formatReference */.FH)(ref)}: the registry sent a manifest whose sha256 is ${computed}`);
        let body;
        try {
            body = JSON.parse(raw.toString('utf8'));
        }
        catch {
            throw new RegistryError('protocol', `${(0,image_reference/* formatReference */.FH)(ref)}: the manifest is not JSON`);
        }
        const mediaType = res.headers.get('content-type')?.split(';')[0]?.trim() || body.mediaType || '';
        return { digest, mediaType, size: raw.length, body, raw };
    }
    async getBlob(ref, digest) {
        const res = await this.send((0,image_reference/* registryDomain */.Em)(ref), `${this.opts.baseUrl((0,image_reference/* registryDomain */.Em)(ref))}/v2/${(0,image_reference/* registryPath */.Tt)(ref)}/blobs/${digest}`, { method: 'GET' }, pullScope(ref));
        return Buffer.from(await res.arrayBuffer());
    }
    /** The image's size as stored: of its first platform when `ref` is an index. */
    async imageSize(ref) {
        const m = await this.getManifest(ref);
        const direct = imageContentSize(m.body);
        if (direct !== undefined)
            return direct;
        const first = firstPlatformManifest(m.body)?.[0];
        if (!first)
            return undefined;
        const child = await this.getManifest({ ...ref, digest: first.digest });
        return imageContentSize(child.body);
    }
    manifestUrl(ref) {
        const domain = (0,image_reference/* registryDomain */.Em)(ref);
        const reference = ref.digest ?? ref.tag ?? 'latest';
        return `${this.opts.baseUrl(domain)}/v2/${(0,image_reference/* registryPath */.Tt)(ref)}/manifests/${reference}`;
    }
    /**
     * One request with authentication and retries. Answers 2xx, or 401 when `anonymous`;
     * anything else becomes a RegistryError saying what the registry said.
     */
    async send(domain, url, init, scope, { anonymous = false } = {}) {
        const key = `${domain} ${scope}`;
        let authenticated = false;
        for (let attempt = 0;; attempt++) {
            const headers = new Headers(init.headers);
            const authorization = this.auth.get(key);
            if (authorization && !anonymous)
                headers.set('authorization', authorization);
            const res = await this.fetchRetrying(domain, url, { ...init, headers });
            if (res.status === 401 && !anonymous && !authenticated && attempt === 0) {
                await res.body?.cancel();
                this.auth.set(key, await this.authorize(domain, res.headers.get('www-authenticate'), scope));
                authenticated = true;
                continue;
            }
            if (res.ok || (anonymous && res.status === 401))
                return res;
            await res.body?.cancel().catch(() => { });
            throw statusError(res.status, url, authenticated);
        }
    }
    /** fetch, retried on failed connections, 5xx and 429 with back-off (Retry-After honoured). */
    async fetchRetrying(domain, url, init) {
        const policy = {
            attempts: this.opts.retries + 1,
            baseDelayMs: this.opts.backoffMs,
            maxDelayMs: this.opts.maxWaitMs,
            maxRetryAfterMs: this.opts.maxWaitMs,
        };
        try {
            return await (0,retry/* withRetry */.bD)(async () => {
                let res;
                try {
                    res = await this.opts.fetch(url, {
                        ...init,
                        signal: AbortSignal.any([AbortSignal.timeout(this.opts.timeoutMs), (0,cancel/* cancelSignal */.Bj)()]),
                    });
                }
                catch (err) {
                    // A cancelled run retries nothing: the abort's reason says in which phase.
                    (0,cancel/* cancelSignal */.Bj)().throwIfAborted();
                    throw new Unanswered(err);
                }
                (0,cancel/* cancelSignal */.Bj)().throwIfAborted();
                if (res.status === 429 || res.status >= 500)
                    throw new RetryableAnswer(res);
                return res;
            }, policy, {
                transient: (err) => err instanceof Unanswered || err instanceof RetryableAnswer,
                retryAfterMs: (err) => err instanceof RetryableAnswer
                    ? (0,retry/* parseRetryAfter */.mu)(err.res.headers.get('retry-after'), Date.now())
                    : undefined,
                sleep: async (ms) => {
                    await this.opts.sleep(ms);
                    (0,cancel/* cancelSignal */.Bj)().throwIfAborted();
                },
                onRetry: async (err) => {
                    if (err instanceof RetryableAnswer)
                        await err.res.body?.cancel().catch(() => { });
                },
            });
        }
        catch (err) {
            // Out of tries: the last answer is the caller's to read, no answer is an error.
            if (err instanceof RetryableAnswer)
                return err.res;
            if (err instanceof Unanswered)
                throw new RegistryError('unreachable', `the registry ${domain} is unreachable (${url}): ${causeOf(err.cause)}`);
            throw err;
        }
    }
    /** The Authorization header that answers a 401's challenge. */
    async authorize(domain, header, scope) {
        const challenges = parseWwwAuthenticate(header ?? '');
        const credential = await this.opts.credentials(domain);
        const bearer = challenges.find((c) => c.scheme === 'bearer');
        if (bearer?.params.realm) {
            return `Bearer ${await this.fetchToken(domain, bearer.params, scope, credential)}`;
        }
        if (challenges.some((c) => c.scheme === 'basic')) {
            if (credential?.kind !== 'basic')
                throw new RegistryError('unauthorized', `the registry ${domain} needs a login and the runner's Docker config has no credentials for it (give username and password, or log in before this step)`, 401);
            return basicHeader(credential);
        }
        throw new RegistryError('protocol', `the registry ${domain} answered 401 without a challenge we know (${header ?? 'none'})`, 401);
    }
    /** The distribution token flow: GET the realm (basic auth when we have a login), or POST a refresh token. */
    async fetchToken(domain, challenge, scope, credential) {
        const realm = new URL(challenge.realm);
        const scopes = challenge.scope ? challenge.scope : scope;
        let res;
        if (credential?.kind === 'identity') {
            const form = new URLSearchParams({
                grant_type: 'refresh_token',
                refresh_token: credential.token,
                client_id: 'dock2pod',
                ...(challenge.service ? { service: challenge.service } : {}),
                scope: scopes,
            });
            res = await this.fetchRetrying(domain, realm.toString(), {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: form.toString(),
            });
        }
        else {
            if (challenge.service)
                realm.searchParams.set('service', challenge.service);
            for (const s of scopes.split(' '))
                realm.searchParams.append('scope', s);
            res = await this.fetchRetrying(domain, realm.toString(), {
                method: 'GET',
                headers: credential ? { authorization: basicHeader(credential) } : {},
            });
        }
        if (res.status === 401 || res.status === 403) {
            await res.body?.cancel().catch(() => { });
            throw new RegistryError('unauthorized', credential
                ? `the token service of ${domain} refused the runner's credentials for it (${res.status})`
                : `the registry ${domain} refused an anonymous token (${res.status}); log in to it first`, res.status);
        }
        if (!res.ok)
            throw new RegistryError('server', `the token service of ${domain} answered ${res.status}`, res.status);
        const text = (await readBounded(res, bounds/* LIMITS */.b1.tokenBytes, `the token of ${domain}`)).toString();
        let body;
        try {
            body = JSON.parse(text);
        }
        catch {
            throw new RegistryError('protocol', `the token service of ${domain} answered no JSON`);
        }
        const token = body.token ?? body.access_token;
        if (!token)
            throw new RegistryError('protocol', `the token service of ${domain} sent no token`);
        return token;
    }
}
function pullScope(ref) {
    return `repository:${(0,image_reference/* registryPath */.Tt)(ref)}:pull`;
}
function basicHeader(c) {
    return c.kind === 'basic'
        ? `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`
        : '';
}
/** A 429 or 5xx, thrown inside the retry loop so that it is tried again. */
class RetryableAnswer extends Error {
    res;
    constructor(res) {
        super(`HTTP ${res.status}`);
        this.res = res;
    }
}
/** No answer at all: refused, reset, timed out. */
class Unanswered extends Error {
    constructor(cause) {
        super('no answer', { cause });
    }
}
function causeOf(err) {
    if (err instanceof Error) {
        const cause = err.cause;
        if (err.name === 'TimeoutError')
            return 'no answer in time';
        return cause?.code ?? cause?.message ?? err.message;
    }
    return String(err);
}
function statusError(status, url, authenticated) {
    const what = new URL(url).pathname;
    if (status === 401)
        return new RegistryError('unauthorized', authenticated
            ? `the registry refused the credentials for ${what} (401)`
            : `the registry needs a login for ${what} (401)`, 401);
    if (status === 403)
        return new RegistryError('denied', `the registry denied access to ${what} (403)`, 403);
    if (status === 404)
        return new RegistryError('not-found', `${what} does not exist at the registry (404)`, 404);
    if (status >= 500 || status === 429)
        return new RegistryError('server', `the registry kept failing for ${what} (${status})`, status);
    return new RegistryError('protocol', `the registry answered ${status} for ${what}`, status);
}
/** Resolve `ref`'s digest at its registry with a fresh client. */
function resolveDigest(ref, opts = {}) {
    return new RegistryClient(opts).resolveDigest(ref);
}
/**
 * A response body of at most `max` bytes, read as it streams: a registry that sends
 * more (or says it will) is refused once it passes the bound, not after it is all held.
 */
async function readBounded(res, max, what) {
    const tooBig = () => new RegistryError('protocol', `${what} is larger than ${max} bytes; refused unread`);
    if (Number(res.headers.get('content-length') ?? 0) > max) {
        await res.body?.cancel().catch(() => { });
        throw tooBig();
    }
    if (!res.body)
        return Buffer.alloc(0);
    const parts = [];
    let size = 0;
    for await (const chunk of res.body) {
        size += chunk.length;
        // Leaving the loop cancels the stream: the rest is never read.
        if (size > max)
            throw tooBig();
        parts.push(Buffer.from(chunk));
    }
    return Buffer.concat(parts);
}
//# sourceMappingURL=client.js.map

/***/ }),

/***/ 5760:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Og: () => (/* binding */ credentialsFor)
/* harmony export */ });
/* unused harmony exports DOCKER_HUB_KEY, configKeyHost, decodeAuth, credentialSource, parseHelperOutput, readDockerConfig, runCredentialHelper */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var _util_exec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5940);
// Registry credentials found the way the docker CLI finds them, so whatever logged the
// runner in (docker/login-action, `docker login`, an ECR or GCR credential helper) works
// for us too: `$DOCKER_CONFIG/config.json` (else `~/.docker/config.json`), then per host
// `credHelpers[host]`, else `credsStore`, else `auths[host]`.




/** Docker Hub's key in config.json, as `docker login` writes it. */
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
/** A config.json key (`https://ghcr.io`, `ghcr.io/v1/`) reduced to its host, as the CLI does. */
function configKeyHost(key) {
    const host = key
        .replace(/^[a-z]+:\/\//i, '')
        .split('/')[0]
        .toLowerCase();
    return HUB_ALIASES.has(host) ? 'docker.io' : host;
}
/** `auth` is base64 of `user:password`. */
function decodeAuth(auth) {
    const text = Buffer.from(auth, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    return colon > 0 ? { username: text.slice(0, colon), password: text.slice(colon + 1) } : undefined;
}
/** Where the credentials of `domain` (`docker.io`, `ghcr.io`, `127.0.0.1:5000`) come from. */
function credentialSource(config, domain) {
    const host = configKeyHost(domain);
    const serverUrl = host === 'docker.io' ? DOCKER_HUB_KEY : host;
    for (const [key, helper] of Object.entries(config.credHelpers ?? {})) {
        if (configKeyHost(key) === host && helper)
            return { from: 'helper', helper, serverUrl };
    }
    if (config.credsStore)
        return { from: 'helper', helper: config.credsStore, serverUrl };
    return fromAuths(config, host);
}
function fromAuths(config, host) {
    for (const [key, entry] of Object.entries(config.auths ?? {})) {
        if (configKeyHost(key) !== host)
            continue;
        if (entry.identitytoken)
            return { from: 'auths', key, credential: { kind: 'identity', token: entry.identitytoken } };
        const pair = entry.auth
            ? decodeAuth(entry.auth)
            : entry.username && entry.password
                ? { username: entry.username, password: entry.password }
                : undefined;
        if (pair)
            return { from: 'auths', key, credential: { kind: 'basic', ...pair } };
    }
    return undefined;
}
/** A credential helper's `get` answer; `<token>` as the user means an identity token. */
function parseHelperOutput(stdout) {
    const j = JSON.parse(stdout);
    if (!j.Secret)
        return undefined;
    if (j.Username === '<token>')
        return { kind: 'identity', token: j.Secret };
    return { kind: 'basic', username: j.Username ?? '', password: j.Secret };
}
/** The config file the docker CLI reads; an absent file is an empty config. */
function readDockerConfig(env = process.env) {
    const dir = env.DOCKER_CONFIG || (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(env.HOME || (0,node_os__WEBPACK_IMPORTED_MODULE_1__.homedir)(), '.docker');
    let text;
    try {
        text = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'config.json'), 'utf8');
    }
    catch {
        return {};
    }
    try {
        return JSON.parse(text);
    }
    catch (err) {
        throw new Error(`${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'config.json')} is not valid JSON: ${err.message}`, {
            cause: err,
        });
    }
}
const runCredentialHelper = (helper, serverUrl) => (0,_util_exec_js__WEBPACK_IMPORTED_MODULE_3__.execArgs)(`docker-credential-${helper}`, ['get'], { input: Buffer.from(serverUrl) });
/**
 * The credential for a registry domain, or undefined for anonymous access. A helper
 * that does not know the server is anonymous too, as for the CLI; a helper that cannot
 * run is an error naming it.
 */
async function credentialsFor(domain, opts = {}) {
    const config = opts.config ?? readDockerConfig();
    const source = credentialSource(config, domain);
    if (!source)
        return undefined;
    if (source.from === 'auths')
        return source.credential;
    const r = await (opts.runHelper ?? runCredentialHelper)(source.helper, source.serverUrl);
    if (r.exitCode !== 0) {
        if (/credentials not found/i.test(r.stdout + r.stderr))
            return fromAuths(config, configKeyHost(domain))?.credential;
        throw new Error(`the Docker credential helper docker-credential-${source.helper} failed for ${source.serverUrl}: ${(r.stderr || r.stdout).trim()}`);
    }
    return parseHelperOutput(r.stdout);
}
//# sourceMappingURL=credentials.js.map

/***/ }),

/***/ 5940:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   execArgs: () => (/* binding */ execArgs),
/* harmony export */   g: () => (/* binding */ childEnv)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var _cancel_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(40);
// The one place the action starts a process. An argument array, never a shell: no input
// is ever parsed by one. Each child leads its own process group, so a cancel stops it
// and whatever it started (the buildx plugin, a credential helper) in one kill.


/**
 * Variables no child ever sees: the action's inputs (the runner hands `password`,
 * `github-token` and `kubeconfig` over as INPUT_*), post's state, and the runner's own
 * tokens. A child that prints its environment (a Dockerfile linked to /proc/self/environ,
 * a credential helper's error) has none of them to print.
 */
const WITHHELD = /^(INPUT_|STATE_)|^(GITHUB_TOKEN|ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN_REQUEST_TOKEN|ACTIONS_ID_TOKEN_REQUEST_URL)$/i;
/** The environment for a child: this process's without WITHHELD, plus `extra` by name. */
function childEnv(extra = {}, base = process.env) {
    const env = {};
    for (const [k, v] of Object.entries(base))
        if (v !== undefined && !WITHHELD.test(k))
            env[k] = v;
    return Object.assign(env, extra);
}
/** What a build's whole log needs at its end (the failing step, the digest), and more. */
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;
/** The last `max` bytes of a stream: a child that prints gigabytes costs `max`. */
class Tail {
    parts = [];
    size = 0;
    max;
    constructor(max) {
        this.max = max;
    }
    push(d) {
        this.parts.push(d);
        this.size += d.length;
        while (this.size - this.parts[0].length >= this.max)
            this.size -= this.parts.shift().length;
    }
    text() {
        const all = Buffer.concat(this.parts);
        return all.subarray(Math.max(0, all.length - this.max)).toString('utf8');
    }
}
/**
 * Run `file` (looked up on PATH) with `args`. Resolves with the exit code and output,
 * whatever the code (127 when it cannot be started); rejects with CancelledError when
 * the run is cancelled while it runs.
 */
function execArgs(file, args, opts = {}) {
    const signal = (0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .cancelSignal */ .Bj)();
    if (signal.aborted)
        return Promise.reject(new _cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .CancelledError */ .cc((0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .cancelled */ .KW)()));
    return new Promise((resolve, reject) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(file, args, {
            env: opts.env ?? childEnv(),
            ...(opts.cwd ? { cwd: opts.cwd } : {}),
            stdio: ['pipe', 'pipe', 'pipe'],
            shell: false,
            // Its own process group (setsid): a cancel kills the group, grandchildren too.
            detached: true,
        });
        const out = new Tail(opts.maxOutputBytes ?? MAX_OUTPUT_BYTES);
        const err = new Tail(opts.maxOutputBytes ?? MAX_OUTPUT_BYTES);
        let startError;
        let killTimer;
        const killGroup = (sig) => {
            try {
                if (child.pid !== undefined)
                    process.kill(-child.pid, sig);
            }
            catch {
                // Already gone.
            }
        };
        const onAbort = () => {
            killGroup('SIGTERM');
            killTimer = setTimeout(() => killGroup('SIGKILL'), opts.killAfterMs ?? 1000);
            killTimer.unref();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        child.stdout.on('data', (d) => {
            out.push(d);
            opts.onStdout?.(d);
        });
        child.stderr.on('data', (d) => {
            err.push(d);
            opts.onStderr?.(d);
        });
        child.on('error', (e) => (startError = e));
        // A child that exits without reading stdin closes the pipe: not our failure.
        child.stdin.on('error', () => { });
        child.stdin.end(opts.input ?? Buffer.alloc(0));
        child.on('close', (code, sig) => {
            signal.removeEventListener('abort', onAbort);
            if (killTimer)
                clearTimeout(killTimer);
            // Anything the child left in its group goes with it.
            if (signal.aborted) {
                killGroup('SIGKILL');
                reject(new _cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .CancelledError */ .cc((0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .cancelled */ .KW)()));
                return;
            }
            // Could not start at all (ENOENT, EACCES): close comes with a negative errno.
            if (startError) {
                resolve({ exitCode: 127, stdout: '', stderr: `cannot run ${file}: ${startError.message}` });
                return;
            }
            resolve({
                exitCode: code ?? 128 + signalNumber(sig),
                stdout: out.text(),
                stderr: err.text(),
            });
        });
    });
}
function signalNumber(sig) {
    return sig === 'SIGKILL' ? 9 : sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1;
}
//# sourceMappingURL=exec.js.map

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
