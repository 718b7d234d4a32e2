import { idempotencyProjection } from './idempotency.js';
import { allProjections } from './index.js';
import type { Projection } from './projection.js';
import { tokensProjection } from './tokens.js';

/** Every read model the service keeps, in the order they are applied. */
export const serviceProjections: Projection[] = [...allProjections, tokensProjection, idempotencyProjection];
