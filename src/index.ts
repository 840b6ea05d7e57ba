// The runner calls this file for both `main` and `post` (action.yml runs.post).
import { isPost } from './state.ts'

if (isPost()) {
  const { post } = await import('./post.ts')
  await post()
} else {
  const { run } = await import('./main.ts')
  await run()
}
