// Pure readers of what a finished build and push report: the digest in buildx's
// metadata file, or in `docker push`'s last line.
import { cut, LIMITS } from '../util/bounds.ts'

/** `containerimage.digest` of buildx's `--metadata-file` JSON, if present. */
export function metadataDigest(metadataJson: string): string | undefined {
  if (metadataJson.trim() === '') return undefined
  const meta = JSON.parse(metadataJson) as Record<string, unknown>
  const d = meta['containerimage.digest']
  return typeof d === 'string' && /^sha256:[0-9a-f]{64}$/.test(d) ? d : undefined
}

/** `v1: digest: sha256:… size: 734`, the last line `docker push` prints. */
export function pushedDigest(stdout: string): { digest: string; size: number } | undefined {
  const all = [...stdout.matchAll(/: digest: (sha256:[0-9a-f]{64}) size: (\d+)/g)]
  const m = all[all.length - 1]
  return m ? { digest: m[1]!, size: Number(m[2]) } : undefined
}

/** The last `n` non-empty lines of a log, for an error's context, each cut to LIMITS.quotedLine. */
export function tail(log: string, n: number): string {
  return log
    .replace(/\r/g, '')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-n)
    .map((l) => cut(l, LIMITS.quotedLine))
    .join('\n')
}
