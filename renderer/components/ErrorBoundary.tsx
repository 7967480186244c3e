// An error boundary around one view or one chart: a render error shows a message naming what
// failed in its place, and the rest of the app goes on. It resets when `resetKey` changes
// (another selection), or by its "Try again" button.
import { Component, type ErrorInfo, type ReactNode } from 'react';

export interface ErrorBoundaryProps {
  /** What is shown here, for the message: "the serving view", "the chart “Throughput”". */
  what: string;
  /** A change of this value (e.g. the selected ids) clears the error and renders again. */
  resetKey?: string | number;
  children: ReactNode;
}

interface State {
  error: Error | null;
  key: string | number | undefined;
}

export class ErrorBoundary extends Component<ErrorBoundaryProps, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: ErrorBoundaryProps, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`BenchLens: ${this.props.what} failed to render`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="error view-error" role="alert" data-testid="view-error">
        <p>
          Could not show {this.props.what}: {error.message}
        </p>
        <button type="button" className="button small" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
