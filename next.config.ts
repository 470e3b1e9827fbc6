import type { NextConfig } from "next";

const nextConfig: NextConfig = {
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
