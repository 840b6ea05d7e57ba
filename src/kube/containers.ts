// Which containers of a Deployment get the new image: pure, by the `container` input's
// rules. Images are compared as parsed references (never split on ':'), so
// `localhost:5000/app` and `docker.io/library/nginx` vs `nginx` compare as Docker does.
import {
  canonicalRepository,
  lastPathElement,
  parseImageReference,
  type ImageReference,
} from '../image/reference.ts'
import type { Deployment } from './types.ts'

export class ContainerChoiceError extends Error {
  override name = 'ContainerChoiceError'
}

/** The repository an image string runs, comparable; undefined when it does not parse. */
export function runsRepository(image: string | undefined, repo: ImageReference): boolean {
  if (!image) return false
  try {
    return canonicalRepository(parseImageReference(image)) === canonicalRepository(repo)
  } catch {
    return false
  }
}

/**
 * The names of the containers to set the image on.
 * - `container` empty: the only container; else the one named like the image's last
 *   path element; else an error that lists them.
 * - `*`: every container whose image is this repository (at least one).
 * - a name: that container.
 */
export function chooseContainers(
  deployment: Deployment,
  container: string,
  image: ImageReference,
): string[] {
  const id = `${deployment.kind ?? 'Deployment'} ${deployment.metadata.namespace ?? ''}/${deployment.metadata.name ?? ''}`
  const containers = deployment.spec?.template?.spec?.containers ?? []
  const listing = containers.map((c) => `${c.name} (${c.image ?? 'no image'})`).join(', ')
  if (containers.length === 0)
    throw new ContainerChoiceError(`${id} has no containers in its pod template.`)

  if (container === '*') {
    const matching = containers.filter((c) => runsRepository(c.image, image))
    if (matching.length === 0)
      throw new ContainerChoiceError(
        `Input 'container': "*" picks the containers that run ${canonicalRepository(image)}, but none of ${id} does: ${listing}. Name the container instead.`,
      )
    return matching.map((c) => c.name)
  }
  if (container !== '') {
    if (containers.some((c) => c.name === container)) return [container]
    throw new ContainerChoiceError(
      `Input 'container': ${id} has no container "${container}"; it has ${listing}.`,
    )
  }
  if (containers.length === 1) return [containers[0]!.name]
  const named = lastPathElement(image)
  if (containers.some((c) => c.name === named)) return [named]
  throw new ContainerChoiceError(
    `Input 'container': ${id} has ${containers.length} containers and none is named "${named}" after the image: ${listing}. Set container to one of them (or "*" for every container that runs this image's repository).`,
  )
}
