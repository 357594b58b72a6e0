/** The msw path pattern for a merchant endpoint given as to `<FlowwiseProvider endpoint>`. */
export function endpointPattern(endpoint: string): string {
  // A leading wildcard lets one handler serve jsdom (http://localhost:3000), Node and any browser origin.
  return endpoint.startsWith('/') ? `*${endpoint}` : endpoint;
}
