import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartData } from './chart-data';

const COLOURS = ['#0b5cad', '#b35c00', '#2e7d32', '#8e24aa'];
const HEIGHT = 260;

/** The chart of a report (uPlot on a canvas); the table below it is the accessible version of the same figures. */
export function ReportChart({ chart, label }: { chart: ChartData; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const bars = chart.kind === 'bar' ? uPlot.paths.bars!({ size: [0.6, 80] }) : undefined;
    const plot = new uPlot(
      {
        width: Math.max(280, element.clientWidth),
        height: HEIGHT,
        scales: { x: { time: false } },
        axes: [{ values: (_u, ticks) => ticks.map((i) => chart.labels[Math.round(i)] ?? '') }, {}],
        series: [
          {},
          ...chart.series.map((s, i) => ({
            label: s.name,
            stroke: COLOURS[i % COLOURS.length],
            fill: chart.kind === 'bar' ? `${COLOURS[i % COLOURS.length]}99` : undefined,
            width: 2,
            paths: bars,
          })),
        ],
      },
      [chart.labels.map((_, i) => i), ...chart.series.map((s) => s.values)],
      element,
    );
    const resize = () => plot.setSize({ width: Math.max(280, element.clientWidth), height: HEIGHT });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.destroy();
    };
  }, [chart]);
  return <div ref={box} className="report-chart" role="img" aria-label={label} data-chart={chart.kind} />;
}
