import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // .next/standalone: the server and only the files it needs, for a container
  // (docs/deploying.md; scripts/standalone.mjs adds the front door and static files).
  output: "standalone",
  // chdb loads its native library (libchdb.so, beside the addon in @chdb/lib-<platform>)
  // from the addon itself, where the file tracer cannot see it: every route takes the
  // platform package whole. Only the installed platform's package matches.
  outputFileTracingIncludes: { "/**": ["./node_modules/@chdb/lib-*/**"] },
  // chdb is a native addon: load it from node_modules at run time, never bundle it.
  serverExternalPackages: ["chdb"],
  poweredByHeader: false,
  // An ETag is a hash of the whole page computed on every request, cache hits included
  // (a seventh of a cached overview's serving time). ISR pages are revalidated by their
  // s-maxage, not by If-None-Match.
  generateEtags: false,
  // The front door compresses, after it has written each response's nonce into the page
  // (lib/front-door, docs/security.md); Next.js's compression would come before it.
  compress: false,
  async rewrites() {
    // "/" is the overview's default preset; presets live in the path so the page stays ISR.
    // (The front door sends signed-in viewers to the pages cached per scope, app/s/[scope]/,
    // before Next.js sees the request: docs/auth.md.)
    return { beforeFiles: [{ source: "/", destination: "/overview/1h" }] };
  },
};

export default nextConfig;
