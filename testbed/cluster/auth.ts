// Bearer-token authentication and a two-user authorizer: the full-access token may do
// anything; the restricted one may only read (get/list/watch), as a service account
// bound to the `view` role would. Messages follow the RBAC authorizer's wording.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { ApiError, qualified } from './errors.ts'

export const ADMIN_USER = 'system:serviceaccount:kube-system:dock2pod-admin'
export const RESTRICTED_USER = 'system:serviceaccount:default:dock2pod-restricted'

export interface Tokens {
  admin: string
  restricted: string
}

export function newTokens(): Tokens {
  return { admin: randomBytes(24).toString('hex'), restricted: randomBytes(24).toString('hex') }
}

export interface User {
  name: string
  readOnly: boolean
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export const unauthorized = () => new ApiError(401, 'Unauthorized', 'Unauthorized')

/** The user behind an Authorization header, or a 401. */
export function authenticate(header: string | undefined, tokens: Tokens): User {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  if (!m) throw unauthorized()
  if (same(m[1]!, tokens.admin)) return { name: ADMIN_USER, readOnly: false }
  if (same(m[1]!, tokens.restricted)) return { name: RESTRICTED_USER, readOnly: true }
  throw unauthorized()
}

export interface Attributes {
  verb: string
  group: string
  resource: string
  subresource?: string
  namespace?: string
  name?: string
}

const READ_VERBS = new Set(['get', 'list', 'watch'])

/** 403 Forbidden in RBAC's words when `user` may not do this; nothing otherwise. */
export function authorize(user: User, a: Attributes): void {
  if (!user.readOnly || READ_VERBS.has(a.verb)) return
  const what = a.name
    ? `${qualified(a.group, a.resource)} "${a.name}"`
    : qualified(a.group, a.resource)
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope'
  throw new ApiError(
    403,
    'Forbidden',
    `${what} is forbidden: User "${user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${scope}`,
    { ...(a.name ? { name: a.name } : {}), group: a.group, kind: a.resource },
  )
}

/** The 403 for a non-resource path (the test hooks) and a read-only user. */
export function forbidPath(user: User, verb: string, path: string): ApiError {
  return new ApiError(
    403,
    'Forbidden',
    `forbidden: User "${user.name}" cannot ${verb} path "${path}"`,
    {},
  )
}
