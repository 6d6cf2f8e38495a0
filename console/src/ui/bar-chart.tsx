import { useEffect, useRef } from 'preact/hooks';
import { formatNumber } from '../format.js';

/**
 * A bar chart drawn by Chart.js, loaded on first use so the first screen stays small. The canvas has
 * an accessible name; the same numbers are in a table next to every chart.
 */
export function BarChart({
  label,
  labels,
  values,
  horizontal = false,
}: {
  label: string;
  labels: string[];
  values: number[];
  horizontal?: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let live = true;
    void import('./chart-setup.js').then(({ Chart }) => {
      if (!live || !canvas.current) return;
      chart = new Chart(canvas.current, {
        type: 'bar',
        data: { labels, datasets: [{ label, data: values, backgroundColor: '#1d4ed8' }] },
        options: {
          indexAxis: horizontal ? 'y' : 'x',
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: {
            legend: { display: false },
            tooltip: { callbacks: { label: (c) => formatNumber(Number(c.raw)) } },
          },
          scales: {
            [horizontal ? 'x' : 'y']: {
              beginAtZero: true,
              ticks: { callback: (v) => formatNumber(Number(v)) },
            },
          },
        },
      });
    });
    return () => {
      live = false;
      chart?.destroy();
    };
  }, [label, labels.join(), values.join(), horizontal]);
  const height = horizontal ? Math.max(160, labels.length * 18) : 240;
  return (
    <div class="chart" style={{ height: `${height}px` }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
