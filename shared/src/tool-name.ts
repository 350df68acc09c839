/**
 * OpenTofu is named both `opentofu` (the product, setup-terraform's historical value) and `tofu`
 * (its CLI): every action accepts both, so a value copied from one step to the next still works.
 */
export const TOOL_NAMES = ['terraform', 'opentofu', 'tofu'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

export function isOpenTofu(name: ToolName): boolean {
  return name !== 'terraform';
}
