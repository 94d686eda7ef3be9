export const sla = {
} as const;
