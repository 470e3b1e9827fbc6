import type { NextConfig } from "next";

// Built by `npm run bench` from a copy inside the repository, so `next` and `react` resolve
// from the repository's node_modules; the bench passes the repository root for Turbopack.
const root = process.env.BENCH_REPO_ROOT;

const nextConfig: NextConfig = {
  poweredByHeader: false,
  ...(root ? { turbopack: { root } } : {}),
};

export default nextConfig;
