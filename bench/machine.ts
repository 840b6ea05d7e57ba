// The machine the figures came from.
import { execFileSync } from 'node:child_process'
import { cpus, totalmem, type as osType, release } from 'node:os'
import { KUBECTL } from './harness.ts'

export interface Machine {
  cpu: string
  cores: number
  memoryGB: number
  os: string
  node: string
  kubectl: string
  date: string
}

export function machineInfo(now = new Date()): Machine {
  let kubectl = 'not found'
  try {
    const v = JSON.parse(
      execFileSync(KUBECTL, ['version', '--client', '-o', 'json'], { encoding: 'utf8' }),
    ) as { clientVersion?: { gitVersion?: string } }
    kubectl = v.clientVersion?.gitVersion ?? kubectl
  } catch {
    // reported as not found
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round((totalmem() / 1e9) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    kubectl,
    date: now.toISOString(),
  }
}

export function describeMachine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, ${m.os}, Node ${m.node}, kubectl ${m.kubectl}, ${m.date.slice(0, 10)}`
}
