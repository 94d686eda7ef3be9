/** One line of the `npm run eval` table. `baseline` is a plain reference figure (null when none). */
export type EvalRow = {
  task: string;
  data: string;
  metric: string;
  ours: number;
  baseline: number | null;
  goal?: string;
};
