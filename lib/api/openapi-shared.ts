/** Schema pieces every part of the OpenAPI document (lib/api/openapi.ts) uses. */

export const nullableNumber = { type: ["number", "null"] };

/** A 400 or 404 answer: the parameter and what it expects. */
export const error = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      properties: { parameter: { type: "string" }, message: { type: "string" } },
    },
  },
};
