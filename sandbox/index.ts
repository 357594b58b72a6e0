export { startSandbox, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from './startSandbox';
export type { Sandbox, SandboxBehaviour, SandboxFault, SandboxOptions, SandboxOrder, SandboxRequest } from './types';
export { validateOrder } from './validateOrder';
export type { SandboxOrderRequest, ValidationProblem } from './validateOrder';
