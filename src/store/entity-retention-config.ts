/** Configuration of the entity inventory: how long an entity not seen any more is kept. */
import { z } from 'zod';
import { durationField } from '../config/duration.js';

export const entitiesConfigSchema = z.strictObject({
  /** An entity not seen for this long is deleted from the inventory by the periodic maintenance. @default "30d" */
  retention: durationField.default(30 * 86_400_000),
});
export type EntitiesConfig = z.infer<typeof entitiesConfigSchema>;
