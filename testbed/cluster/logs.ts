// Container logs: written by the simulated kubelet, read by GET pods/{name}/log.
// Not API objects, so they live beside the store. One buffer per container instance:
// `previous` is the instance before the current restart, as `kubectl logs --previous`.
export interface LogLine {
  /** Cluster time (ms since epoch) the line was written. */
  time: number
  text: string
}

export class ContainerLogs {
  private readonly buffers = new Map<string, LogLine[][]>()

  private static key(ns: string, pod: string, container: string): string {
    return `${ns}/${pod}/${container}`
  }

  /** Start a new container instance (at start and at each restart). */
  startInstance(ns: string, pod: string, container: string): void {
    const k = ContainerLogs.key(ns, pod, container)
    const list = this.buffers.get(k) ?? []
    list.push([])
    this.buffers.set(k, list)
  }

  append(ns: string, pod: string, container: string, time: number, lines: string[]): void {
    const k = ContainerLogs.key(ns, pod, container)
    let list = this.buffers.get(k)
    if (!list || list.length === 0) {
      list = [[]]
      this.buffers.set(k, list)
    }
    list[list.length - 1]!.push(...lines.map((text) => ({ time, text })))
  }

  /** Lines of the current (or, with `previous`, the last terminated) instance; undefined if none. */
  read(
    ns: string,
    pod: string,
    container: string,
    opts: { previous?: boolean } = {},
  ): LogLine[] | undefined {
    const list = this.buffers.get(ContainerLogs.key(ns, pod, container))
    if (!list || list.length === 0) return undefined
    const idx = opts.previous ? list.length - 2 : list.length - 1
    return idx >= 0 ? [...list[idx]!] : undefined
  }

  /** Forget a pod's logs when the pod is gone. */
  forgetPod(ns: string, pod: string): void {
    for (const k of [...this.buffers.keys()])
      if (k.startsWith(`${ns}/${pod}/`)) this.buffers.delete(k)
  }
}
