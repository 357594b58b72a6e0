/**
 * A local Flowwise sandbox for development and tests: the create-order and status API and a checkout page, in
 * memory, on loopback (Node only).
 *
 * @packageDocumentation
 * @module @flowwise/react/sandbox
 */
export { startSandbox, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from './startSandbox';
export type {
  Sandbox,
  SandboxBehaviour,
  SandboxCallKind,
  SandboxCallStats,
  SandboxClock,
  SandboxFault,
  SandboxOptions,
  SandboxOrder,
  SandboxPayment,
  SandboxPaymentStatus,
  SandboxPayOptions,
  SandboxRateLimits,
  SandboxRequest,
  SandboxStats,
} from './types';
