/** @type {import('next').NextConfig} */
const nextConfig = {
  // e2e builds into its own folder so a running `next dev` keeps its own.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // rate-limiter-flexible loads drizzle-orm by a computed import: keep it (and redis) out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "rate-limiter-flexible", "redis"],
  poweredByHeader: false,
  experimental: {
    authInterrupts: true,
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "SAMEORIGIN" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
          // HTTPS only, for two years, once a browser has seen the portal over HTTPS (production).
          ...(process.env.NODE_ENV === "production"
            ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
            : []),
        ],
      },
    ];
  },
};

export default nextConfig;
