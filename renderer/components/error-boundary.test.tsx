// @vitest-environment jsdom
// A chart that throws while rendering shows its error inside its frame; the frame's title, the other
// charts and the rest of the page stay on screen. A new resetKey renders again.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientFromTransport } from '../api/client';
import { ChartFrame } from './ChartFrame';
import { ErrorBoundary } from './ErrorBoundary';

afterEach(cleanup);

// the frames are never exported here: any call to the core is a test failure
const client = clientFromTransport(async (method) => {
  throw new Error(`unexpected ${method}`);
});

let fail = true;
function Exploding({ label }: { label: string }) {
  if (fail) throw new RangeError('Maximum call stack size exceeded');
  return <svg className="chart" aria-label={label} />;
}

describe('ErrorBoundary', () => {
  it('keeps a throwing chart inside its frame; the other chart and the page stay', () => {
    fail = true;
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    render(
      <main>
        <h1>Serving comparison</h1>
        <ChartFrame title="Throughput" figures={[]} client={client}>
          <Exploding label="throughput chart" />
        </ChartFrame>
        <ChartFrame title="Ratio" figures={[]} client={client}>
          <svg className="chart" aria-label="ratio chart" />
        </ChartFrame>
      </main>,
    );
    expect(screen.getByRole('heading', { name: 'Serving comparison' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Throughput' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain(
      'Could not show the chart “Throughput”: Maximum call stack size exceeded',
    );
    expect(screen.getByLabelText('ratio chart')).toBeTruthy();
    expect(quiet).toHaveBeenCalled();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByLabelText('throughput chart')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    quiet.mockRestore();
  });

  it('clears the error when the reset key changes (another selection)', () => {
    fail = true;
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const view = (key: string) => (
      <ErrorBoundary what="the serving view" resetKey={key}>
        <Exploding label="view" />
      </ErrorBoundary>
    );
    const { rerender } = render(view('1'));
    expect(screen.getByTestId('view-error').textContent).toContain('Could not show the serving view');
    fail = false;
    rerender(view('1,2'));
    expect(screen.getByLabelText('view')).toBeTruthy();
    quiet.mockRestore();
  });
});
