"use client";

import { useEffect, useRef } from "react";

export interface BarSeries {
  label: string;
  values: (number | null)[];
}

const COLORS = ["#1d4ed8", "#b45309", "#047857", "#7c3aed"];

/**
 * A bar chart drawn by Chart.js, which is imported here on first render, so only the reports
 * page loads it. The canvas is an image for assistive technology; the numbers are in the table
 * the page puts beside every chart.
 */
export function BarChart({ title, labels, series, stacked = false, max }: { title: string; labels: string[]; series: BarSeries[]; stacked?: boolean; max?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let chart: { destroy: () => void } | undefined;
    let cancelled = false;
    void import("chart.js/auto").then(({ default: Chart }) => {
      if (cancelled || !canvas.current) return;
      chart = new Chart(canvas.current, {
        type: "bar",
        data: { labels, datasets: series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: COLORS[i % COLORS.length] })) },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: { x: { stacked }, y: { stacked, beginAtZero: true, max } },
          plugins: { legend: { position: "bottom" } },
        },
      });
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [labels, series, stacked, max]);
  return (
    <div className="relative h-64 w-full">
      <canvas ref={canvas} role="img" aria-label={`${title} (bar chart; the numbers are in the table beside it)`} />
    </div>
  );
}
