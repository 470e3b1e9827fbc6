/** Types of lib/cache/handler.mjs (plain JavaScript: Next.js imports it as it is). */
export default class NamespacedCache {
  constructor(ctx: unknown);
  /** The key under which `key` is stored: build id and catalog namespace first. */
  scoped(key: string): string;
  get(key: string, ctx: unknown): Promise<unknown>;
  set(key: string, data: unknown, ctx: unknown): Promise<void>;
}
