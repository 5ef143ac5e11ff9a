/**
 * A bar chart of class probabilities, drawn with plain HTML so it reads out as a list and scales with the text.
 * The predicted class is marked.
 */
export function ProbabilityBars({ labels, probabilities, predicted }: { labels: string[]; probabilities: number[]; predicted: number }) {
  return (
    <ol class="bars" aria-label="Class probabilities">
      {probabilities.map((p, i) => {
        const pct = Math.max(0, Math.min(1, p)) * 100;
        return (
          <li key={i} class={i === predicted ? 'top' : undefined}>
            <span class="bar-label">{labels[i] ?? `class ${i}`}</span>
            <span class="bar-track" aria-hidden="true">
              <span class="bar-fill" style={{ width: `${pct}%` }} />
            </span>
            <span class="bar-value">{pct.toFixed(1)}%</span>
          </li>
        );
      })}
    </ol>
  );
}
