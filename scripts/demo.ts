// `npm run demo`: the main job on the embedded default. Starts the local test bed (a
// real Docker engine, registries and BuildKit, and a real cluster), then runs the committed
// bundle through the runner harness twice, printing what a workflow would show:
//   1. a good image: build → push → patch the Deployment pinned by digest → wait → ready;
//   2. a broken image (it crashes at start): the wait fails fast with the diagnosis and
//      the Deployment is rolled back to the good image.
// The scenario itself is scripts/demo-scenario.ts (the job-summary picture reuses it).
import { bold, runDemoScenario } from './demo-scenario.ts'

await runDemoScenario({
  out: (text) => console.log(text),
  done: ({ asExpected }) => {
    process.exitCode = asExpected ? 0 : 1
    console.log(
      bold(
        asExpected
          ? 'Demo done: the good image is running, pinned by digest; the broken one failed fast and was rolled back.'
          : 'Demo did NOT go as expected (see above).',
      ),
    )
  },
})
// Nothing of the test bed may keep the demo alive once it is stopped.
process.exit(process.exitCode ?? 0)
