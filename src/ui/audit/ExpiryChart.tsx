/**
 * Keys by expiry month as a small SVG bar chart (no chart library): expired and no-Until keys as separate bars on
 * the left, then the next twelve months, then "later". The SVG is one image with a spoken summary
 * (role="img" + aria-label; each bar also has a <title> for pointer users); the same numbers are in a table
 * behind a details/summary toggle for anyone who prefers or needs a table.
 */
import type { ExpiryByMonth } from '../../core/keys/expiry-chart';
import { t, tPlural } from '../../platform/i18n';
import { formatCount } from './audit-text';

interface Bar {
  id: string;
  short: string;
  label: string;
  count: number;
  kind: 'expired' | 'none' | 'month' | 'later';
}

const WIDTH = 400;
const HEIGHT = 190;
const TOP = 18;
const BOTTOM = 36;
const LEFT = 6;
const GAP = 10;

function barsOf(data: ExpiryByMonth): Bar[] {
  return [
    { id: 'expired', short: t('auditChartExpiredShort'), label: t('auditChartExpired'), count: data.expired, kind: 'expired' },
    { id: 'none', short: t('auditChartNoUntilShort'), label: t('auditChartNoUntil'), count: data.noUntil, kind: 'none' },
    ...data.months.map((m): Bar => ({ id: m.month, short: m.label.slice(0, 3), label: m.label, count: m.count, kind: 'month' })),
    { id: 'later', short: t('auditChartLaterShort'), label: t('auditChartLater'), count: data.later, kind: 'later' },
  ];
}

export function expirySummary(data: ExpiryByMonth): string {
  const months = data.months.map((m) => t('auditChartMonthCount', [m.label, formatCount(m.count)])).join(', ');
  return t('auditChartSummary', [formatCount(data.expired), formatCount(data.noUntil), months, formatCount(data.later)]);
}

export function ExpiryChart({ data, headingId }: { data: ExpiryByMonth; headingId: string }) {
  const bars = barsOf(data);
  const max = Math.max(1, ...bars.map((b) => b.count));
  // Two extra gaps set the expired/no-Until pair and the "later" bar apart from the months.
  const slot = (WIDTH - LEFT * 2 - GAP * 2) / bars.length;
  const barWidth = Math.max(6, slot - 6);
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const xOf = (index: number) => LEFT + index * slot + (index >= 2 ? GAP : 0) + (index >= bars.length - 1 ? GAP : 0);

  return (
    <div class="audit-chart" data-testid="audit-chart">
      <svg
        class="audit-chart__svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={expirySummary(data)}
        aria-describedby={headingId}
        preserveAspectRatio="xMidYMid meet"
      >
        <line class="audit-chart__axis" x1={LEFT} x2={WIDTH - LEFT} y1={TOP + plotHeight} y2={TOP + plotHeight} />
        {bars.map((bar, index) => {
          const height = Math.round((bar.count / max) * plotHeight);
          const x = xOf(index);
          const y = TOP + plotHeight - height;
          const isYearStart = bar.kind === 'month' && bar.id.endsWith('-01');
          return (
            <g key={bar.id} class={`audit-chart__bar audit-chart__bar--${bar.kind}`} data-bar={bar.id} data-count={bar.count}>
              <title>{tPlural('auditChartBarTitle', bar.count, [bar.label])}</title>
              <rect x={x} y={y} width={barWidth} height={Math.max(height, bar.count > 0 ? 1 : 0)} rx="2" />
              <text class="audit-chart__count" x={x + barWidth / 2} y={y - 4} text-anchor="middle">
                {bar.count > 0 ? formatCount(bar.count) : ''}
              </text>
              <text class="audit-chart__label" x={x + barWidth / 2} y={TOP + plotHeight + 13} text-anchor="middle">
                {bar.short}
              </text>
              {(isYearStart || (bar.kind === 'month' && index === 2)) && (
                <text class="audit-chart__year" x={x + barWidth / 2} y={TOP + plotHeight + 26} text-anchor="middle">
                  {bar.id.slice(0, 4)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <details class="audit-details">
        <summary>{t('auditChartAsTable')}</summary>
        <table class="audit-plain-table" data-testid="audit-chart-table">
          <caption class="audit-sr">{t('auditChartTableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('auditChartColWhen')}</th>
              <th scope="col">{t('auditChartColKeys')}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.id}>
                <th scope="row">{bar.label}</th>
                <td>{formatCount(bar.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
