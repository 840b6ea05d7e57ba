// Kubernetes-shaped errors: every failure the API server answers is a metav1.Status.
export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'Forbidden'
  | 'Unauthorized'
  | 'Gone'
  | 'Expired'
  | 'TooManyRequests'
  | 'BadRequest'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'NotAcceptable'
  | 'Timeout'
  | 'MethodNotAllowed'

export interface StatusDetails {
  name?: string
  group?: string
  kind?: string
  causes?: { reason?: string; message?: string; field?: string }[]
  retryAfterSeconds?: number
}

export class ApiError extends Error {
  readonly code: number
  readonly reason: StatusReason
  readonly details?: StatusDetails

  constructor(code: number, reason: StatusReason, message: string, details?: StatusDetails) {
    super(message)
    this.code = code
    this.reason = reason
    this.details = details
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    }
  }
}

/** `deployments.apps "web" not found` — the wording kubectl users know. */
export function qualified(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource
}

export const notFound = (group: string, resource: string, name: string) =>
  new ApiError(404, 'NotFound', `${qualified(group, resource)} "${name}" not found`, {
    name,
    group,
    kind: resource,
  })

export const alreadyExists = (group: string, resource: string, name: string) =>
  new ApiError(409, 'AlreadyExists', `${qualified(group, resource)} "${name}" already exists`, {
    name,
    group,
    kind: resource,
  })

export const conflict = (group: string, resource: string, name: string) =>
  new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(group, resource)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group, kind: resource },
  )

export const invalid = (kind: string, name: string, field: string, message: string) =>
  new ApiError(422, 'Invalid', `${kind} "${name}" is invalid: ${field}: ${message}`, {
    name,
    kind,
    causes: [{ reason: 'FieldValueInvalid', message, field }],
  })

export const gone = (message = 'too old resource version') => new ApiError(410, 'Expired', message)
