import type { Manifest, SyncSpec } from './Manifest.ts'

/**
 * The swarm's sync mode: the manifest's, else `every-step`, the only mode before the field existed. A default
 * rather than a required field: manifests written before it keep their swarm ids.
 */
export function syncOf(manifest: Pick<Manifest, 'training'>): SyncSpec {
  return manifest.training.sync ?? { mode: 'every-step' }
}

/**
 * What the launch form suggests for `local-steps`; a manifest always writes its values out, so changing these
 * changes no existing swarm. DiLoCo (arXiv 2311.08105) uses H = 500, outer lr 0.7 and Nesterov momentum 0.9 for
 * models that train for ~88,000 inner steps (~180 outer steps). Our presets reach their held-out targets in a few
 * hundred inner steps, so only a handful of outer steps: momentum has no time to pay off, and its long-run gain
 * lr/(1−μ) overshoots. Measured on the learning task with 3 members (core/training/localStepsConvergence.test.ts;
 * every-step needs 3,360 samples to 80 % and 6,120 to 84 %):
 *   H = 50:  lr 0.7 μ 0.9: 37,800 to 80 %;  lr 0.7 μ 0.5: 4,800 / 10,800;  lr 1 μ 0: 3,600 / 9,000
 *   H = 100: lr 0.7 μ 0.5: 3,600 / 10,800;  lr 0.8 μ 0.3: 3,600 / 7,200;   lr 1 μ 0: 3,600 / 6,000
 *   H = 200: lr 1 μ 0: 4,800 to 80 %
 * Hence H = 100 with lr 1 and no momentum (the outer step is then the members' mean): as many samples as every-step,
 * 100× fewer bytes per sample, and 400× with int8 pseudo-gradients, the issue's goal. A preset that trains for
 * thousands of outer steps (char-lm) should be measured again: DiLoCo's momentum may pay off there.
 */
export const suggestedLocalSteps = {
  mode: 'local-steps',
  innerSteps: 100,
  outerLearningRate: 1,
  outerMomentum: 0,
} as const satisfies SyncSpec
