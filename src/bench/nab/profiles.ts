/** NAB's application profiles (profiles.json): the cost weights of true positives, false positives and misses. */
import { z } from 'zod';

const costMatrixSchema = z.object({
  tpWeight: z.number().nonnegative(),
  fnWeight: z.number().nonnegative(),
  fpWeight: z.number().nonnegative(),
  tnWeight: z.number().nonnegative(),
});
export type CostMatrix = z.infer<typeof costMatrixSchema>;

export const profilesSchema = z.record(z.string(), z.object({ CostMatrix: costMatrixSchema }));
export type Profiles = z.infer<typeof profilesSchema>;

/** NAB v1.1's shipped profiles, used when a data folder has no profiles.json. */
export const NAB_PROFILES: Profiles = {
  standard: { CostMatrix: { tpWeight: 1, fnWeight: 1, fpWeight: 0.11, tnWeight: 1 } },
  reward_low_FP_rate: { CostMatrix: { tpWeight: 1, fnWeight: 1, fpWeight: 0.22, tnWeight: 1 } },
  reward_low_FN_rate: { CostMatrix: { tpWeight: 1, fnWeight: 2, fpWeight: 0.11, tnWeight: 1 } },
};

/** Validates a parsed profiles.json; throws a zod error naming the bad field. */
export function parseProfiles(json: unknown): Profiles {
  return profilesSchema.parse(json);
}
