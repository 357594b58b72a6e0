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
