import type { CallCounter } from './calls';
import type { SandboxState } from './state';
import type { SandboxBehaviour, SandboxRequest } from './types';
import type { Waits } from './waits';

/** What the sandbox's routes share: its state, its current behaviour and where it listens. */
export interface SandboxContext {
  readonly state: SandboxState;
  readonly waits: Waits;
  /** The API calls so far, per kind, and their rate limits. */
  readonly calls: CallCounter;
  /** The behaviour now, as last given to `configure()`. */
  behaviour(): SandboxBehaviour;
  /** The sandbox's origin, e.g. `http://127.0.0.1:4010` (known once it listens). */
  origin(): string;
  /** The host names, besides its own and loopback's, that it answers (lower case). */
  readonly allowedHosts: readonly string[];
  readonly clientId: string;
  readonly clientSecret: string;
  /** Whether the home page may show recorded requests. */
  readonly recordRequests: boolean;
  readonly onRequest: ((request: SandboxRequest) => void) | undefined;
}
