// An error that knows where it belongs in the user's files: main reports it as the one
// error annotation of the run, on that file and line, instead of a bare message.
import type { AnnotationProperties } from '@actions/core'

export class AnnotatedError extends Error {
  override name = 'AnnotatedError'
  readonly annotation: AnnotationProperties
  constructor(message: string, annotation: AnnotationProperties) {
    super(message)
    this.annotation = annotation
  }
}
