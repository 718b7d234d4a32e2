import { z } from 'zod';

/** An object with every key present, each a count: zero where there is none. */
export const counts = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])) as Record<K, z.ZodNumber>);

/** An object with every key present, each of the same shape. */
export const keyed = <K extends string, S extends z.ZodType>(keys: readonly K[], shape: S) =>
  z.object(Object.fromEntries(keys.map((k) => [k, shape])) as Record<K, S>);
