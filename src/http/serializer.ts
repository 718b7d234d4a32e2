import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';

/**
 * Responses are serialised by code compiled from the zod schema's JSON Schema (the output side), as fastify does
 * for JSON Schema routes: properties outside the schema are never written, and nothing is validated a second time
 * on the way out. Each serialiser is compiled on its first use, not at start-up: most routes and status codes are
 * never answered in the life of a process, and compiling them all would add a tenth of a second to every start.
 */
export const serializerCompiler: FastifySerializerCompiler<z.ZodType> = ({ schema }) => {
  let serialize: ((data: unknown) => string) | undefined;
  return (data) => {
    serialize ??= fastJson(
      z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'any' }) as object,
    );
    return serialize(data);
  };
};
