// Short labels in figures: figureLabels (label attribute, else what differs between the compared names),
// the full-names footnote, and the text fitting that keeps long names inside a figure (fitText, wrapText,
// legend rows).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fitText, layoutLegend, LEGEND_FONT, wrapText } from './legend';
import { figureLabels, fullNamesNote } from './spec';
import { textWidth } from './theme';

const PD = [
  'gptoss_itl5000_otl250_mixed_baseline_4xtp2',
  'gptoss_itl5000_otl250_mixed_pd_p1xtp2-d1xtp2',
  'gptoss_itl5000_otl250_mixed_pd_p1xtp2-d3xtp2',
];

describe('figureLabels', () => {
  it('keeps what differs between the compared names', () => {
    expect(figureLabels(PD.map((name) => ({ name, attributes: {} })))).toEqual([
      'baseline_4xtp2',
      'pd_p1xtp2-d1xtp2',
      'pd_p1xtp2-d3xtp2',
    ]);
  });

  it('lets a label attribute win and keeps a lone snapshot whole', () => {
    expect(
      figureLabels([
        { name: PD[0] ?? '', attributes: { label: ' TP2 x4 ' } },
        { name: PD[1] ?? '', attributes: { label: '' } },
      ]),
    ).toEqual(['TP2 x4', 'pd_p1xtp2-d1xtp2']);
    expect(figureLabels([{ name: PD[0] ?? '', attributes: {} }])).toEqual([PD[0]]);
  });
});

describe('fullNamesNote', () => {
  it('spells out every shortened or cut label, lettered when the figure letters its snapshots', () => {
    const snaps = [
      { label: 'baseline_4xtp2', name: PD[0] ?? '' },
      { label: 'llama', name: 'llama' },
    ];
    expect(fullNamesNote(snaps, true)).toEqual([`Full name: A baseline_4xtp2 = ${PD[0] ?? ''}.`]);
    expect(fullNamesNote(snaps, false, ['base…4xtp2', 'llama'])).toEqual([
      `Full name: base…4xtp2 = ${PD[0] ?? ''}.`,
    ]);
    expect(fullNamesNote([{ label: 'a', name: 'a' }], true)).toEqual([]);
  });
});

describe('text fitting', () => {
  it('cuts the middle of a label that does not fit and leaves one that fits', () => {
    expect(fitText('short', 200, 11)).toBe('short');
    const cut = fitText(PD[1] ?? '', 120, 11);
    expect(cut).toContain('…');
    expect(cut.startsWith('gptoss')).toBe(true);
    expect(cut.endsWith('xtp2')).toBe(true);
    expect(textWidth(cut, 11)).toBeLessThanOrEqual(120);
  });

  it('wraps every line within the width, long unbroken names included, losing no character', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z0-9_-]{1,90}$/), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 60, max: 900 }),
        (words, width) => {
          const lines = wrapText(words.join(' '), width, 11);
          for (const l of lines) expect(textWidth(l, 11)).toBeLessThanOrEqual(width);
          expect(lines.join('').replace(/ /g, '')).toBe(words.join(''));
        },
      ),
    );
  });

  it('starts a long name on the current line when a useful part fits there', () => {
    expect(wrapText(`Full names: ${PD[0] ?? ''}`, 200, 11)).toEqual([
      'Full names: gptoss_itl5000_otl25',
      '0_mixed_baseline_4xtp2',
    ]);
  });

  it('keeps every legend item inside the row width', () => {
    const items = [PD[0] ?? '', `${PD[1] ?? ''}-${PD[2] ?? ''}`].map((label) => ({
      key: { kind: 'whisker' as const },
      label,
    }));
    const out = layoutLegend(items, 16, 300);
    for (const it of out.items)
      expect(it.x + 28 + textWidth(it.label, LEGEND_FONT)).toBeLessThanOrEqual(16 + 300);
    expect(out.items[1]?.label).toContain('…');
  });
});
