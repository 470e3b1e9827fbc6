import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // chdb is a native addon: load it from node_modules at run time, never bundle it.
  serverExternalPackages: ["chdb"],
  poweredByHeader: false,
  async rewrites() {
    // "/" is the overview's default preset; presets live in the path so the page stays ISR.
    return { beforeFiles: [{ source: "/", destination: "/overview/1h" }] };
  },
};

export default nextConfig;
