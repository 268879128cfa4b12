import { createBench } from './createBench.ts'

window.starlingBench = createBench()
