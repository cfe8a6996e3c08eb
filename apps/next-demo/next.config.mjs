/** @type {import('next').NextConfig} */
export default {
  reactStrictMode: true,
  poweredByHeader: false,
  // `/emulator/` is the embedded emulator's page; its relative links need the trailing slash.
  skipTrailingSlashRedirect: true,
  // Loaded by Node at run time, not bundled: the demo's shared server helpers pull in Express, and
  // the emulator is a Node server. @fyno-kit/core needs no entry: it bundles as it is.
  serverExternalPackages: ['@fyno-kit/demo', '@fyno-kit/emulator'],
  // `pnpm typecheck` (tsc) checks these files; the build does not do it twice.
  typescript: { ignoreBuildErrors: true },
};
