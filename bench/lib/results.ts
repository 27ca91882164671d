/** One measured number of a benchmark, as bench/results.json lists it. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The same work done the plain way in the same run, or null when the benchmark has none. */
  readonly baseline: number | null;
  /** How many times better than the baseline (baseline time / time, or rate / baseline rate). */
  readonly ratio: number | null;
  /** The target in words, and whether this run met it. */
  readonly target: string;
  readonly met: boolean;
  /** Sizes and conditions of the run (load average, counts). */
  readonly note: string;
}

/** Sizes the benchmarks take: full for the committed results, quick for CI. */
export interface BenchContext {
  readonly quick: boolean;
  readonly log: (line: string) => void;
}

export interface BenchModule {
  run(context: BenchContext): Promise<BenchResult[]>;
}

/** Times faster than the baseline, for durations (smaller is better). */
export const fasterThan = (baselineSeconds: number, seconds: number, digits = 2): number =>
  round(baselineSeconds / seconds, digits);

export const round = (value: number, digits = 2): number => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

/** The p-th percentile of the samples (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}

/** Seconds since `started` (a performance.now() reading). */
export const secondsSince = (started: number): number => (performance.now() - started) / 1000;

export function formatTable(results: readonly BenchResult[]): string {
  const rows = [
    ['name', 'value', 'unit', 'baseline', 'ratio', 'target', 'met'],
    ...results.map((r) => [
      r.name,
      String(r.value),
      r.unit,
      r.baseline === null ? '-' : String(r.baseline),
      r.ratio === null ? '-' : `${r.ratio}x`,
      r.target,
      r.met ? 'yes' : 'NO',
    ]),
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
  return [
    line(rows[0] ?? []),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ].join('\n');
}
