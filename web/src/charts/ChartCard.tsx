// A chart on a canvas with the same numbers as a table beneath it (for screen readers and for
// anyone who wants the exact values).
import type { ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { applyTheme, Chart } from './setup';

export interface ChartTable {
  head: string[];
  rows: Array<Array<string | number>>;
}

/** A legend written as text beside the canvas: every colour is named in words. */
export interface LegendItem {
  label: string;
  colour: string;
}

interface Props {
  id: string;
  title: string;
  summary: string;
  config: ChartConfiguration;
  table: ChartTable;
  legend: LegendItem[];
  tall?: boolean;
}

function pointsWithData(config: ChartConfiguration): number {
  return config.data.datasets.reduce(
    (n, d) => n + (d.data as unknown[]).filter((v) => typeof v === 'number' && v > 0).length,
    0,
  );
}

export function ChartCard({ id, title, summary, config, table, legend, tall }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    applyTheme();
    const chart = new Chart(canvas.current, config);
    canvas.current.dataset.points = String(pointsWithData(config));
    return () => chart.destroy();
  }, [config]);
  return (
    <section class="card chart-card" aria-labelledby={`${id}-title`} data-chart={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      <div class={tall ? 'chart-box tall' : 'chart-box'}>
        <canvas ref={canvas} role="img" aria-label={`${title}: ${summary}`} />
      </div>
      {legend.length > 1 && (
        <ul class="legend" aria-label="Legend">
          {legend.map((l) => (
            <li key={l.label}>
              <span class="swatch" style={{ background: l.colour }} />
              {l.label}
            </li>
          ))}
        </ul>
      )}
      <details class="chart-table">
        <summary>Show as a table</summary>
        <div class="table-scroll" tabIndex={0} role="region" aria-label={`${title} as a table`}>
          <table>
            <thead>
              <tr>
                {table.head.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r, i) => (
                <tr key={i}>
                  {r.map((c, j) => (
                    <td key={j}>{c}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
