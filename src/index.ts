// The runner calls this file for both `main` and `post` (action.yml runs.post).
import { isPost } from './state.ts'

if (isPost()) {
  const { post } = await import('./post.ts')
  await post()
} else {
  const { run } = await import('./main.ts')
  await run()
}

// The run is reported. A connection something left open (a watch whose response headers
// a proxy holds back cannot be aborted through client-node's Watch until they come) must
// not hold the step: if the process is still alive a second from now, it ends, with the
// exit code the run set.
setTimeout(() => process.exit(), 1000).unref()
