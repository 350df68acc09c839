/** The argument that tells setup-terraform's bundle it was started by the wrapper shim. */
export const WRAPPER_FLAG = '--dataops-setup-terraform-wrapper';
