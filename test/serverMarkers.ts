import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Strings that only the merchant side has: none may reach a file a shopper's browser downloads. */
export const serverMarkers = [
  /x-client-secret/i,
  /x-client-id/i,
  /clientSecret/,
  /\bcreateOrderHandler\b/,
  /toNodeHandler/,
  /createFlowwiseClient/,
  /sandbox\.flowwise\.com/,
  /app\.flowwise\.com\/router/,
];

/** Every script or page under `dir`, with the server markers found in it. */
export function serverMarkersUnder(dir: string): Array<{ file: string; found: string[] }> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(m?js|cjs|html)$/.test(entry.name))
    .map((entry) => {
      const file = join(entry.parentPath, entry.name);
      const text = readFileSync(file, 'utf8');
      return { file, found: serverMarkers.filter((pattern) => pattern.test(text)).map(String) };
    });
}
