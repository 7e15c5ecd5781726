import { css, html, LitElement, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import type uPlotType from 'uplot';
import { baseStyles } from '../styles.js';

export interface ChartSeries {
  label: string;
  values: number[];
}

// uPlot draws on canvas and sizes its own elements through the CSSOM (allowed under a strict CSP, unlike
// style attributes), so it runs under the console's CSP. Loaded on first use: only the dashboard pays for it.
let library: Promise<typeof uPlotType> | undefined;
const loadUPlot = () => {
  library ??= import('uplot').then((module) => (module as unknown as { default: typeof uPlotType }).default);
  return library;
};

const DASHES = [[], [8, 4], [2, 3]];
const HEIGHT = 240;

/**
 * @summary A line or bar chart of small whole-number series (uPlot on canvas). The canvas is an image with a
 * short description; the screen puts the same numbers in a table beside it.
 */
export class CourtyardAdminChart extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        --chart-1: #a3231b;
        --chart-2: #1a5fb4;
        --chart-3: #26734d;
      }
      @media (prefers-color-scheme: dark) {
        :host {
          --chart-1: #ffb4ab;
          --chart-2: #9ecaff;
          --chart-3: #8fd6a8;
        }
      }
      .plot {
        min-height: ${HEIGHT}px;
        width: 100%;
      }
      /* The parts of uPlot's own stylesheet (uPlot.min.css) this chart uses. */
      .uplot,
      .uplot * {
        box-sizing: border-box;
      }
      .u-wrap {
        position: relative;
        user-select: none;
      }
      .u-over,
      .u-under,
      .u-axis,
      .u-select {
        position: absolute;
      }
      .u-under {
        overflow: hidden;
      }
      .uplot canvas {
        display: block;
        position: relative;
        width: 100%;
        height: 100%;
      }
      .u-select,
      .u-cursor-x,
      .u-cursor-y,
      .u-cursor-pt {
        display: none;
      }
      ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1.25rem;
        margin: 0.5rem 0 0;
        padding: 0;
        list-style: none;
      }
      li {
        display: flex;
        align-items: center;
        gap: 0.4rem;
      }
      svg line {
        stroke-width: 3;
      }
      .s0 {
        stroke: var(--chart-1);
      }
      .s1 {
        stroke: var(--chart-2);
      }
      .s2 {
        stroke: var(--chart-3);
      }
    `,
  ];

  @query('.plot') private container!: HTMLDivElement;

  private plot: uPlotType | undefined;
  private resizeObserver: ResizeObserver | undefined;

  @property() kind: 'line' | 'bar' = 'line';
  /** What the chart shows, in a sentence: the accessible name of the image. */
  @property() description = '';
  /** One label per point on the x axis. */
  @property({ attribute: false }) labels: string[] = [];
  @property({ attribute: false }) series: ChartSeries[] = [];
  @property({ attribute: false }) language = 'en';

  /** The numbers uPlot was given, series by series (x positions first), for tests and tools. */
  get plottedData(): number[][] {
    return (this.plot?.data ?? []).map((values) => Array.from(values as ArrayLike<number>));
  }

  /** Resolves once the chart is drawn with the current data. */
  ready: Promise<void> = Promise.resolve();

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }

  protected override updated(changed: PropertyValues<this>) {
    if (changed.has('labels') || changed.has('series') || changed.has('kind') || changed.has('language')) {
      this.ready = this.draw();
    }
  }

  private colors() {
    const style = getComputedStyle(this);
    return {
      series: ['--chart-1', '--chart-2', '--chart-3'].map((name) => style.getPropertyValue(name).trim()),
      text: style.getPropertyValue('--admin-text').trim() || '#1c1b1a',
      grid: style.getPropertyValue('--admin-border').trim() || '#8a847c',
    };
  }

  /** The widest x label in pixels, measured with the axis font. */
  private widestLabel(labels: string[], font: string) {
    const context = document.createElement('canvas').getContext('2d');
    if (!context) return 56;
    context.font = font;
    return Math.max(0, ...labels.map((label) => context.measureText(label).width));
  }

  private async draw() {
    const uPlot = await loadUPlot();
    this.plot?.destroy();
    this.resizeObserver?.disconnect();
    const { labels, series, kind } = this;
    const colors = this.colors();
    const xs = labels.map((_, index) => index);
    const width = Math.max(this.container.clientWidth, 160);
    const integer = new Intl.NumberFormat(this.language, { maximumFractionDigits: 0 });
    const font = '13px system-ui, "PingFang SC", "Microsoft YaHei", sans-serif';
    const labelWidth = this.widestLabel(labels, font) + 12;
    const bars = kind === 'bar' ? uPlot.paths.bars?.({ size: [0.6, 64] }) : undefined;
    this.plot = new uPlot(
      {
        width,
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: false, range: () => [-0.5, Math.max(labels.length - 0.5, 0.5)] },
          y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] },
        },
        axes: [
          {
            stroke: colors.text,
            font,
            grid: { show: false },
            ticks: { stroke: colors.grid },
            splits: () => xs,
            // Every label when they fit, else every second, third…
            values: (plot, splits) => {
              const room = Math.max(plot.bbox.width / devicePixelRatio, 1) / Math.max(labels.length, 1);
              const step = Math.max(1, Math.ceil(labelWidth / room));
              return splits.map((split) => (split % step === 0 ? (labels[split] ?? '') : ''));
            },
          },
          {
            stroke: colors.text,
            font,
            grid: { stroke: colors.grid, width: 0.5 },
            ticks: { stroke: colors.grid },
            incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000],
            values: (_plot, splits) => splits.map((split) => (Number.isInteger(split) ? integer.format(split) : '')),
          },
        ],
        series: [
          {},
          ...series.map((entry, index) => ({
            label: entry.label,
            stroke: colors.series[index % 3],
            width: 2.5,
            dash: DASHES[index % 3],
            ...(bars
              ? { paths: bars, fill: colors.series[index % 3], points: { show: false } }
              : { points: { show: true, size: 8, fill: colors.series[index % 3] } }),
          })),
        ],
      },
      [xs, ...series.map((entry) => entry.values)],
      this.container,
    );
    this.resizeObserver = new ResizeObserver(() => {
      const next = Math.max(this.container.clientWidth, 160);
      if (this.plot && Math.abs(next - this.plot.width) > 1) this.plot.setSize({ width: next, height: HEIGHT });
    });
    this.resizeObserver.observe(this.container);
  }

  override render() {
    return html`
      <div class="plot" role="img" aria-label=${this.description}></div>
      ${
        this.series.length > 1
          ? html`<ul aria-hidden="true">
              ${this.series.map(
                (entry, index) => html`<li>
                  <svg width="28" height="10" viewBox="0 0 28 10" focusable="false">
                    <line class="s${index % 3}" x1="0" y1="5" x2="28" y2="5" stroke-dasharray=${(DASHES[index % 3] ?? []).join(' ')}></line>
                  </svg>
                  ${entry.label}
                </li>`,
              )}
            </ul>`
          : ''
      }
    `;
  }
}
