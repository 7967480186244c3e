// Honest names for the per-rank values of a phase: a tensor/data-parallel rank only where the log
// says it (`Worker_TP1`, `TP1`, `rank=1`, `DP0`), else the process id the value was printed by. Pure.

/** "TP rank 1", "DP rank 0", "rank 3", "process 280118", or the label as the log gave it. */
export function processLabel(rank: string): string {
  // several parallel ranks in one name (Worker_DP1_TP0_EP8, Worker_TP0_DCP0_EP0): all of them
  const parts = [...rank.matchAll(/(?:^|[^A-Za-z])(TP|DP|PP|EP|DCP|PCP)_?(\d+)(?!\d)/gi)].map(
    (m) => `${(m[1] ?? '').toUpperCase()}${m[2] ?? ''}`,
  );
  if (parts.length > 1) return `rank ${parts.join('·')}`;
  const tp = /(?:^|[^a-z])(TP|DP|PP|EP|DCP|PCP)[_ ]?(\d+)\b/i.exec(rank);
  if (tp) return `${(tp[1] ?? '').toUpperCase()} rank ${tp[2] ?? ''}`;
  const bare = /^main#(\d+)$/.exec(rank);
  if (bare) return `unprefixed process ${bare[1] ?? ''}`;
  const r = /\brank[=: ]?(\d+)\b/i.exec(rank);
  if (r) return `rank ${r[1] ?? ''}`;
  if (/^\d+$/.test(rank)) return `process ${rank}`;
  const pid = /\bpid=(\d+)\b/.exec(rank);
  if (pid) return `process ${pid[1] ?? ''}`;
  return rank;
}

/** Whether every label names a real rank (then "rank" is the right word), not a process id. */
export function namesRanks(ranks: readonly string[]): boolean {
  return ranks.length > 0 && ranks.every((r) => /rank/.test(processLabel(r)));
}
