// The import hook's sorting of picked files: every picked file shows in the report, the figures and
// tables of a multi-file pick as one summary line (an AIPerf CSV picked with others used to vanish).
import { describe, expect, it } from 'vitest';
import { sortPicked, type PickedFile } from './use-import';

const pick = (name: string, bytes = 10): PickedFile => ({ name, file: new File(['x'.repeat(bytes)], name) });

describe('sortPicked', () => {
  it('accounts for every picked file', () => {
    const picked = [
      pick('result.json'),
      pick('broken.json'),
      pick('run1/profile_export_aiperf.csv'),
      pick('notes/README.md'),
      pick('serve.log'),
    ];
    const { wanted, skipped } = sortPicked(picked, 1024);
    expect(wanted.map((p) => p.name)).toEqual(['result.json', 'broken.json', 'serve.log']);
    expect(skipped).toEqual([
      {
        file: '2 other files (.csv, .md)',
        reason: 'figures, scripts, notes or tables, not files BenchLens imports',
      },
    ]);
  });
  it('names a single passed-over file, and a file over the size bound', () => {
    const { wanted, skipped } = sortPicked([pick('a.json', 2048), pick('b.csv')], 1024);
    expect(wanted).toEqual([]);
    expect(skipped).toEqual([
      { file: 'a.json', reason: 'larger than 0.0009765625 MB' },
      { file: 'b.csv', reason: 'not a file type BenchLens imports' },
    ]);
  });
});
