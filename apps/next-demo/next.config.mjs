/** @type {import('next').NextConfig} */
export default {
  reactStrictMode: true,
  poweredByHeader: false,
  // `/emulator/` is the embedded emulator's page; its relative links need the trailing slash.
  skipTrailingSlashRedirect: true,
  // Loaded by Node at run time, not bundled: the emulator is a Node server. @fyno-kit/core and the
  // shared demo page and policy (@fyno-kit/demo-shared) bundle as they are.
  serverExternalPackages: ['@fyno-kit/emulator'],
  // `pnpm typecheck` (tsc) checks these files; the build does not do it twice.
  typescript: { ignoreBuildErrors: true },
};
