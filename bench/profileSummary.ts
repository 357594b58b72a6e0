// Reads a V8 CPU profile (node --cpu-prof) of a bench endpoint and sums, per function, the time spent in it
// and in what it called, per order: where an endpoint's CPU goes, in microseconds.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** `[function, µs per order]`, most first, of the frames whose name `filter` accepts (idle time left out). */
export function profileSummary(file: string, orders: number, filter: (frame: string) => boolean): Array<[string, number]> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const name = ({ callFrame }: ProfileNode) =>
    `${callFrame.functionName || '(anonymous)'} ${callFrame.url.replace(/^.*\/(dist|bench|node_modules)\//, '$1/').replace(/^node:internal\//, '')}`;
  const total = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    if (['(idle)', '(program)'].includes(nodes.get(id)!.callFrame.functionName)) return;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const frame = name(nodes.get(at)!);
      if (seen.has(frame)) continue;
      seen.add(frame);
      total.set(frame, (total.get(frame) ?? 0) + (profile.timeDeltas[i] ?? 0));
    }
  });
  return [...total]
    .filter(([frame]) => filter(frame))
    .map(([frame, micros]): [string, number] => [frame, micros / orders])
    .sort((a, b) => b[1] - a[1]);
}
