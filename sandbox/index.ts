export { startSandbox, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from './startSandbox';
export type {
  Sandbox,
  SandboxBehaviour,
  SandboxFault,
  SandboxOptions,
  SandboxOrder,
  SandboxPayment,
  SandboxPaymentStatus,
  SandboxRequest,
} from './types';
