import { readFileSync } from 'node:fs';
import { type BarGroup, drawBarChart } from './bar-chart.js';

/** The rows of the first Markdown table whose header starts with `header`, as cells. */
export function tableRows(markdown: string, header: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith(header));
  if (start === -1) throw new Error(`No table whose header starts with "${header}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

/** The number at the start of a cell such as `14.7 s`, `**2.17**` or `12,607`. */
export function numberIn(cell: string): number {
  const match = /-?[\d,]+(\.\d+)?/.exec(cell.replaceAll('*', ''));
  if (!match) throw new Error(`No number in "${cell}"`);
  return Number(match[0].replaceAll(',', ''));
}

const COLORS = { default: '#1f6feb', fixed: '#8a8a8a', other: '#2da44e' } as const;
const colorOf = (label: string) =>
  label.startsWith('fixed')
    ? COLORS.fixed
    : label.includes('generate$')
      ? COLORS.other
      : COLORS.default;

/** Scenario c (detection efficiency): requests per task and median delay, by workload. */
function detectionSvg(markdown: string): string {
  const rows = tableRows(markdown, '| workload | schedule | GET requests/task');
  const groupsOf = (column: (row: string[]) => number): BarGroup[] => {
    const groups = new Map<string, BarGroup['bars'][number][]>();
    for (const row of rows) {
      const [workload = '', schedule = ''] = row;
      const label = schedule.replaceAll('`', '');
      const bars = groups.get(workload) ?? [];
      bars.push({ label, value: column(row), color: colorOf(label) });
      groups.set(workload, bars);
    }
    return [...groups].map(([label, bars]) => ({ label: label.replaceAll('`', ''), bars }));
  };
  return drawBarChart(
    'Detection efficiency: the default schedule against fixed 30 s polling',
    [
      {
        title: 'requests per task (GET + POST): fewer is better',
        unit: '',
        groups: groupsOf(
          (row) => Math.round((numberIn(row[2] ?? '') + numberIn(row[3] ?? '')) * 100) / 100,
        ),
      },
      {
        title: 'median delay between the end of a task and its detection: shorter is better',
        unit: ' s',
        groups: groupsOf((row) => numberIn(row[4] ?? '')),
      },
    ],
    'From the tables of docs/benchmarks.md (scenario c, npm run bench -- c).',
  );
}

/** Scenario e (webhooks against polling): requests per task and median delay, by run. */
function webhooksSvg(markdown: string): string {
  const rows = tableRows(markdown, '| run | tasks ended | requests / task');
  const groupsOf = (column: number): BarGroup[] => [
    {
      label: '',
      bars: rows.map(([run = '', ...cells]) => ({
        label: run,
        value: numberIn(cells[column - 1] ?? ''),
        color: run.startsWith('polling') ? COLORS.fixed : COLORS.default,
      })),
    },
  ];
  return drawBarChart(
    'Webhooks against polling, 2,000 tasks on the seed’s durations',
    [
      {
        title: 'requests per task, the create included: fewer is better',
        unit: '',
        groups: groupsOf(2),
      },
      {
        title: 'median delay to see a task end: shorter is better',
        unit: ' s',
        groups: groupsOf(4),
      },
    ],
    'From the tables of docs/benchmarks.md (scenario e, npm run bench -- e).',
  );
}

/** The fleet's list sweeps against per-task GETs: delays and the busiest second, by run. */
function fleetSweepsSvg(markdown: string): string {
  const rows = tableRows(markdown, '| fleet, 2,000 tasks at 5 req/s |');
  const groupsOf = (column: number): BarGroup[] => [
    {
      label: '',
      bars: rows.map(([run = '', ...cells]) => {
        const cell = cells[column - 1] ?? '';
        // A lower bound (tasks not seen by the end of the run) says so in its label.
        const bound = /^[≥>]/.test(cell) ? ' (at least)' : '';
        return {
          label: `${run.split(' (')[0] ?? run}${bound}`,
          value: numberIn(cell),
          color: run.startsWith('per-task') ? COLORS.fixed : COLORS.default,
        };
      }),
    },
  ];
  return drawBarChart(
    'Fleet, 2,000 tasks at 5 requests/s: list sweeps against per-task GETs',
    [
      {
        title: 'median delay from a task’s end to its job’s completion: shorter is better',
        unit: ' s',
        groups: groupsOf(1),
      },
      { title: '95th percentile of that delay', unit: ' s', groups: groupsOf(2) },
      {
        title: 'most API requests in any rolling second (the limit is 5)',
        unit: '',
        groups: groupsOf(4),
      },
    ],
    'From the table of docs/benchmarks.md (npm run bench -- fleet). “At least”: some tasks were not yet seen when the run was cut off.',
  );
}

/** The benchmark pictures, from the figures of docs/benchmarks.md. */
export function benchmarkSvgs(path = 'docs/benchmarks.md'): {
  detection: string;
  webhooks: string;
  fleetSweeps: string;
} {
  const markdown = readFileSync(path, 'utf8');
  return {
    detection: detectionSvg(markdown),
    webhooks: webhooksSvg(markdown),
    fleetSweeps: fleetSweepsSvg(markdown),
  };
}
