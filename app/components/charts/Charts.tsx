import { scaleBand, scaleLinear, type ScaleLinear } from "d3-scale";
import { area, line } from "d3-shape";
import { useId, type ReactNode } from "react";
import { useT } from "~/utils/i18n";

const W = 640;
const H = 220;
const M = { top: 12, right: 12, bottom: 28, left: 44 };

type Frame = { title: string; desc: string; children: ReactNode; table: ReactNode; testId?: string };

/** An accessible chart frame: the SVG names itself (title, desc) and a data table follows it. */
function ChartFrame({ title, desc, children, table, testId }: Frame) {
  const id = useId();
  const t = useT();
  return (
    <figure className="chart" data-chart={testId}>
      <svg role="img" aria-labelledby={`${id}-t ${id}-d`} viewBox={`0 0 ${W} ${H}`} width="100%" preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{desc}</desc>
        {children}
      </svg>
      <details className="chart-table">
        <summary>{t("theme.chart.table")}</summary>
        {table}
      </details>
    </figure>
  );
}

/** One band per period along the x axis, in the order given. */
function periodScale(points: readonly { label: string }[], padding: number) {
  return scaleBand<string>()
    .domain(points.map((p) => p.label))
    .range([M.left, W - M.right])
    .padding(padding);
}

/** Four horizontal gridlines across the plot, each with its value at the left. */
function GridLines({ y, format }: { y: ScaleLinear<number, number>; format: (v: number) => string }) {
  return (
    <>
      {y.ticks(4).map((v) => (
        <g key={v}>
          <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} stroke="#ddd" />
          <text x={M.left - 6} y={y(v)} textAnchor="end" dominantBaseline="middle" fontSize="11" fill="#555">
            {format(v)}
          </text>
        </g>
      ))}
    </>
  );
}

/** Counts per period as bars (volume by month). */
export function BarChart({ title, desc, points, valueLabel, format = String }: { title: string; desc: string; points: { label: string; value: number }[]; valueLabel: string; format?: (v: number) => string }) {
  const x = periodScale(points, 0.2);
  const max = Math.max(1, ...points.map((p) => p.value));
  const y = scaleLinear().domain([0, max]).nice().range([H - M.bottom, M.top]);
  const every = Math.max(1, Math.ceil(points.length / 8));
  return (
    <ChartFrame
      title={title}
      desc={desc}
      testId="bars"
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">{title}</th>
              <th scope="col">{valueLabel}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.label}>
                <th scope="row">{p.label}</th>
                <td className="num">{format(p.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <g aria-hidden="true">
        <GridLines y={y} format={format} />
        {points.map((p, i) => (
          <g key={p.label}>
            <rect x={x(p.label)} y={y(p.value)} width={x.bandwidth()} height={Math.max(0, y(0) - y(p.value))} fill="#3b6ea5" />
            {i % every === 0 ? (
              <text x={(x(p.label) ?? 0) + x.bandwidth() / 2} y={H - 10} textAnchor="middle" fontSize="11" fill="#555">
                {p.label}
              </text>
            ) : null}
          </g>
        ))}
      </g>
    </ChartFrame>
  );
}

export type TrendChartPoint = { label: string; value: number | null; low: number | null; high: number | null; n: number; significant?: boolean };

/** A value per period with its 95 % interval as a band; significant changes get a ring. */
export function TrendChart({
  title,
  desc,
  points,
  domain,
  format,
  columns,
}: {
  title: string;
  desc: string;
  points: TrendChartPoint[];
  domain: [number, number];
  format: (v: number) => string;
  columns: { period: string; value: string; interval: string; n: string; change: string };
}) {
  const t = useT();
  const x = periodScale(points, 0.5);
  const y = scaleLinear().domain(domain).nice().range([H - M.bottom, M.top]);
  const cx = (p: TrendChartPoint) => (x(p.label) ?? 0) + x.bandwidth() / 2;
  const known = points.filter((p) => p.value !== null);
  const band = area<TrendChartPoint>()
    .defined((p) => p.low !== null && p.high !== null)
    .x(cx)
    .y0((p) => y(p.low!))
    .y1((p) => y(p.high!))(points);
  const path = line<TrendChartPoint>()
    .defined((p) => p.value !== null)
    .x(cx)
    .y((p) => y(p.value!))(points);
  const every = Math.max(1, Math.ceil(points.length / 8));
  return (
    <ChartFrame
      title={title}
      desc={desc}
      testId="trend"
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">{columns.period}</th>
              <th scope="col">{columns.value}</th>
              <th scope="col">{columns.interval}</th>
              <th scope="col">{columns.n}</th>
              <th scope="col">{columns.change}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.label}>
                <th scope="row">{p.label}</th>
                <td className="num">{p.value === null ? "–" : format(p.value)}</td>
                <td className="num">{p.low === null || p.high === null ? "–" : `${format(p.low)} – ${format(p.high)}`}</td>
                <td className="num">{p.n}</td>
                <td>{p.significant ? t("theme.chart.significant") : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <g aria-hidden="true">
        <GridLines y={y} format={format} />
        {band ? <path d={band} fill="#3b6ea5" fillOpacity="0.18" /> : null}
        {path ? <path d={path} fill="none" stroke="#3b6ea5" strokeWidth="2" /> : null}
        {known.map((p) => (
          <circle key={p.label} cx={cx(p)} cy={y(p.value!)} r={p.significant ? 6 : 3} fill={p.significant ? "#fff" : "#3b6ea5"} stroke="#3b6ea5" strokeWidth="2" />
        ))}
        {points.map((p, i) =>
          i % every === 0 ? (
            <text key={p.label} x={cx(p)} y={H - 10} textAnchor="middle" fontSize="11" fill="#555">
              {p.label}
            </text>
          ) : null,
        )}
      </g>
    </ChartFrame>
  );
}

/** A progress bar that reads without JavaScript (native <progress> with its text). */
export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  return (
    <p className="progress-bar">
      <progress max={Math.max(1, total)} value={Math.min(done, Math.max(1, total))} aria-label={label} />{" "}
      <span>{label}</span>
    </p>
  );
}
