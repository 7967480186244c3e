// Placeholder for a main view that is still loading: grey blocks of the given heights in the view's
// grid, so the page keeps its shape and nothing jumps when the data arrives.

export function ViewSkeleton({ heights }: { heights: readonly number[] }) {
  return (
    <div className="startup-view" aria-busy="true">
      {heights.map((h, i) => (
        <div key={i} className="skeleton-block" style={{ height: h }} />
      ))}
    </div>
  );
}
