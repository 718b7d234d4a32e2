import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';

/**
 * Responses are serialised by code compiled once per route from the zod schema's JSON Schema (the output side),
 * as fastify does for JSON Schema routes: properties outside the schema are never written, and nothing is
 * validated a second time on the way out.
 */
export const serializerCompiler: FastifySerializerCompiler<z.ZodType> = ({ schema }) =>
  fastJson(z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'any' }) as object);
