// Vite's `?raw` imports, used to show a story component's own source in the docs.
declare module '*?raw' {
  const source: string;
  export default source;
}
