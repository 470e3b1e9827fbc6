/**
 * The start-up check of `npm start` (scripts/start.mjs), run before Next.js opens its port:
 * the server's environment (with the .env files `next start` would load) and the catalog,
 * through the same validateStartup as instrumentation.ts. Exits 1 with one line on a bad
 * value; prints nothing when all is well.
 */
import { loadEnvConfig } from "@next/env";
import { validateStartup } from "../lib/startup";

// As `next start` does (production: .env.production.local, .env.local, .env.production, .env),
// without its "Loaded env from" line: Next prints that itself once it starts.
loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
validateStartup();
