import type { Config } from '@react-router/dev/config';

export default {
  // Every page is rendered on the server at request time; the resource routes need a server anyway.
  ssr: true,
  // The flags a new React Router 7 app starts with: the behaviour of React Router 8.
  future: {
    v8_middleware: true,
    v8_passThroughRequests: true,
    v8_splitRouteModules: true,
    v8_trailingSlashAwareDataRequests: true,
    v8_viteEnvironmentApi: true,
  },
} satisfies Config;
