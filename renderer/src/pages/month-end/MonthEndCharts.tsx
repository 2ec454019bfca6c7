// The month's two charts, one pair per currency (amounts of different currencies are never
// added): collected vs failed per day of the month, and Stripe's fees as a share of the gross
// per week. PatternFly's chart components; this module is only in the Month-end chunk.
import { Chart, ChartAxis, ChartBar, ChartGroup, ChartLine, ChartScatter, ChartThemeColor, ChartVoronoiContainer } from '@patternfly/react-charts';
import { Card, CardBody, CardTitle, Gallery } from '@patternfly/react-core';
import type { MonthEndCharts as Charts } from '../../../../common/ipc-contract';
import { money, monthName, units } from './money';

const WIDTH = 640;
const HEIGHT = 260;
const PADDING = { top: 20, bottom: 95, left: 95, right: 20 };
/** The value axis' label clear of its tick labels (the day/week axis' label moves the legend below it: fixAxisLabelHeight). */
const Y_LABEL_STYLE = { axisLabel: { padding: 65 } };

function CollectedVsFailed({ currency, points, month }: Charts['collectedVsFailed'][number] & { month: string }) {
  const collected = points.map((p) => ({ x: p.day, y: units(p.collectedMinor, currency), name: 'Collected', count: p.collectedCount, minor: p.collectedMinor }));
  const failed = points.map((p) => ({ x: p.day, y: units(p.failedMinor, currency), name: 'Failed', count: p.failedCount, minor: p.failedMinor }));
  const total = (key: 'collectedMinor' | 'failedMinor') => points.reduce((sum, p) => sum + p[key], 0);
  return (
    <Card isCompact className="month-end-chart" data-testid={`chart-collected-${currency}`}>
      <CardTitle>
        Collected vs. failed per day, {currency} ({monthName(month)})
      </CardTitle>
      <CardBody>
        <Chart
          ariaTitle={`Collected vs. failed per day of ${monthName(month)} in ${currency}`}
          ariaDesc={`Collected ${money(total('collectedMinor'), currency)}, failed ${money(total('failedMinor'), currency)}`}
          containerComponent={
            <ChartVoronoiContainer labels={({ datum }: { datum: { name: string; x: number; minor: number; count: number } }) => `${datum.name}, day ${datum.x}: ${money(datum.minor, currency)} (${datum.count})`} constrainToVisibleArea />
          }
          legendData={[{ name: `Collected (${money(total('collectedMinor'), currency)})` }, { name: `Failed (${money(total('failedMinor'), currency)})` }]}
          legendPosition="bottom"
          domainPadding={{ x: [8, 8] }}
          height={HEIGHT}
          width={WIDTH}
          padding={PADDING}
          themeColor={ChartThemeColor.multiOrdered}
        >
          <ChartAxis label="Day of the month" fixAxisLabelHeight tickValues={points.filter((p) => p.day % 5 === 1).map((p) => p.day)} />
          <ChartAxis dependentAxis showGrid label={currency} style={Y_LABEL_STYLE} tickFormat={(t: number) => t.toLocaleString('en')} />
          <ChartGroup offset={6}>
            <ChartBar data={collected} barWidth={5} />
            <ChartBar data={failed} barWidth={5} />
          </ChartGroup>
        </Chart>
      </CardBody>
    </Card>
  );
}

function FeeShare({ currency, points }: Charts['feeShareByWeek'][number]) {
  // Weeks without gross have no share: not drawn as 0 %.
  const data = points.flatMap((p, i) =>
    p.feeSharePercent === null ? [] : [{ x: i + 1, y: p.feeSharePercent, name: `${p.from} – ${p.to}`, gross: p.grossMinor, fees: p.feesMinor }],
  );
  const weeks = points.map((_, i) => i + 1);
  const gross = points.reduce((sum, p) => sum + p.grossMinor, 0);
  const fees = points.reduce((sum, p) => sum + p.feesMinor, 0);
  const share = gross > 0 ? ((fees / gross) * 100).toFixed(2) : '—';
  return (
    <Card isCompact className="month-end-chart" data-testid={`chart-fees-${currency}`}>
      <CardTitle>Stripe fees as a share of the gross per week, {currency}</CardTitle>
      <CardBody>
        <Chart
          ariaTitle={`Stripe fees as a share of the gross per week in ${currency}`}
          ariaDesc={`Fees ${money(fees, currency)} of ${money(gross, currency)} gross: ${share} %`}
          containerComponent={
            <ChartVoronoiContainer labels={({ datum }: { datum: { name: string; y: number; gross: number; fees: number } }) => `${datum.name}: ${datum.y.toFixed(2)} % (${money(datum.fees, currency)} of ${money(datum.gross, currency)})`} constrainToVisibleArea />
          }
          legendData={[{ name: `Fees ÷ gross (month: ${share} %)` }]}
          legendPosition="bottom"
          domainPadding={{ x: [20, 20], y: [0, 20] }}
          minDomain={{ x: 1, y: 0 }}
          maxDomain={{ x: Math.max(2, points.length) }}
          height={HEIGHT}
          width={WIDTH}
          padding={PADDING}
          themeColor={ChartThemeColor.purple}
        >
          <ChartAxis label="Week starting" fixAxisLabelHeight tickValues={weeks} tickFormat={(t: number) => points[t - 1]?.from.slice(5) ?? ''} />
          <ChartAxis dependentAxis showGrid label="% of gross" style={Y_LABEL_STYLE} tickFormat={(t: number) => `${t.toFixed(1)} %`} />
          <ChartLine data={data} />
          <ChartScatter data={data} />
        </Chart>
      </CardBody>
    </Card>
  );
}

export function MonthEndChartsView({ charts, paymentsMonth }: { charts: Charts; paymentsMonth: string }) {
  if (charts.collectedVsFailed.length === 0) return <p>No payments in {monthName(paymentsMonth)}: nothing to chart.</p>;
  return (
    <Gallery hasGutter minWidths={{ default: '560px' }} className="month-end-charts">
      {charts.collectedVsFailed.map((series) => (
        <CollectedVsFailed key={`c-${series.currency}`} {...series} month={paymentsMonth} />
      ))}
      {charts.feeShareByWeek.map((series) => (
        <FeeShare key={`f-${series.currency}`} {...series} />
      ))}
    </Gallery>
  );
}
