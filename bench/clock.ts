/** Wall-clock epoch ms, sub-millisecond: the clock of every bench timestamp. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now()
}
