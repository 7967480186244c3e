// Preloaded (`node --import`) into a process the bad-input suite starts: on exit it writes the
// process's peak resident set (VmHWM from /proc/self/status, in KiB) to $BENCHLENS_HWM_FILE, so the
// suite reads the true peak even when the process grows in its last moments.
import { readFileSync, writeFileSync } from 'node:fs';

const out = process.env.BENCHLENS_HWM_FILE;
if (out) {
  process.on('exit', () => {
    try {
      const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
      if (match) writeFileSync(out, match[1]);
    } catch {
      // no /proc (not Linux): the suite falls back to its own sampling
    }
  });
}
