import type { NextConfig } from "next";

/** The scope the front door signed (lib/front-door): only it writes this header. */
const scoped = [
  { type: "header" as const, key: "x-sightline-scope", value: "(?<scope>[A-Za-z0-9_.-]+)" },
];

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
    // With a scope from the front door, the pages are served by their twins cached per
    // scope (app/s/[scope]/, docs/auth.md); without one, by the per-request pages.
    return {
      beforeFiles: [
        { source: "/", has: scoped, destination: "/s/:scope/overview/1h" },
        { source: "/overview/:range", has: scoped, destination: "/s/:scope/overview/:range" },
        { source: "/cost/:range", has: scoped, destination: "/s/:scope/cost/:range" },
        {
          source: "/workloads/:name/:range",
          has: scoped,
          destination: "/s/:scope/workloads/:name/:range",
        },
        { source: "/", destination: "/overview/1h" },
      ],
    };
  },
  async headers() {
    // docs/security.md. The Content-Security-Policy (with its nonce and frame-ancestors) is
    // the front door's; these hold whoever serves the app.
    const common = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    ];
    return [
      { source: "/:path*", headers: common },
      // Embeds are framed by the origins their token names (the front door's policy).
      { source: "/((?!embed/).*)", headers: [{ key: "X-Frame-Options", value: "DENY" }] },
      {
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [
          { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
        ],
      },
    ];
  },
};

export default nextConfig;
