// Skaffold: the images a `skaffold.yaml` builds (`build.artifacts[].image`, also under
// `profiles[]`). Skaffold replaces every reference to an artifact's name in the
// manifests with the tag it built (`image: adservice` becomes `…/adservice:v1@sha256:…`),
// so such a reference is not a mutable pull: it is marked as built. Pure.
import type { ImageUse } from './findings.ts'
import { imageName } from './kustomize.ts'
import { asSeq, get, parseYamlStream, scalarText } from './yaml-nodes.ts'

export const SKAFFOLD_NAMES = ['skaffold.yaml', 'skaffold.yml']

/** The artifact image names of a skaffold.yaml text (every document, every profile). */
export function skaffoldArtifacts(text: string): string[] {
  const { docs } = parseYamlStream(text)
  const out = new Set<string>()
  for (const doc of docs) {
    if (doc.errors.length > 0) continue
    const builds = [get(doc.contents, doc, 'build')]
    for (const p of asSeq(get(doc.contents, doc, 'profiles'), doc)?.items ?? [])
      builds.push(get(p, doc, 'build'))
    for (const build of builds) {
      for (const a of asSeq(get(build, doc, 'artifacts'), doc)?.items ?? []) {
        const image = scalarText(get(a, doc, 'image'))?.trim()
        if (image) out.add(image)
      }
    }
  }
  return [...out]
}

/** A skaffold.yaml and the artifacts it builds. */
export interface SkaffoldConfig {
  file: string
  artifacts: string[]
}

/**
 * Mark the uses that name a Skaffold artifact (by name, without tag) as built. Dockerfile
 * uses are left alone: Skaffold does not rewrite a FROM.
 */
export function markSkaffoldArtifacts(uses: ImageUse[], configs: SkaffoldConfig[]): ImageUse[] {
  if (configs.length === 0) return uses
  return uses.map((u) => {
    if (u.built || u.unresolved || u.kind.startsWith('dockerfile')) return u
    const config = configs.find((c) => c.artifacts.includes(imageName(u.image)))
    return config
      ? {
          ...u,
          built: `a Skaffold artifact of ${config.file}: Skaffold replaces it with the image it builds`,
        }
      : u
  })
}
