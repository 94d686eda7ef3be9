/**
 * A uuid as the app writes it: 8-4-4-4-12 hex digits, either case (PostgreSQL's uuid type reads
 * upper case too). Any version: ids come from gen_random_uuid() and imports, and PostgreSQL checks
 * no version or variant nibble. Models and schemas check an id with this before it reaches a
 * query, so a malformed id is a 404 or a 400 rather than a database error on the cast.
 */
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && uuidPattern.test(value);
}
