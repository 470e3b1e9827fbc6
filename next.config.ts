import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // chdb is a native addon: load it from node_modules at run time, never bundle it.
  serverExternalPackages: ["chdb"],
  poweredByHeader: false,
  // An ETag is a hash of the whole page computed on every request, cache hits included
  // (a seventh of a cached overview's serving time). ISR pages are revalidated by their
  // s-maxage, not by If-None-Match.
  generateEtags: false,
  async rewrites() {
    // "/" is the overview's default preset; presets live in the path so the page stays ISR.
    return { beforeFiles: [{ source: "/", destination: "/overview/1h" }] };
  },
};

export default nextConfig;
