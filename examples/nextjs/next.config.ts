import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite loads its WebAssembly and data files from its own package folder at run time: leave it unbundled.
  serverExternalPackages: ['@electric-sql/pglite'],
};

export default nextConfig;
