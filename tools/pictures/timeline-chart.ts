import { element, px, svgDocument } from './svg.js';

/** One lane of the timeline: a label and the times of its polls. */
export interface TimelineLane {
  /** Written left of the lane. */
  readonly label: string;
  /** When each poll went out, in ms. */
  readonly times: readonly number[];
  /** The dots' colour. */
  readonly color: string;
  /** When the task ended on the gateway, in ms: a tick on the lane. */
  readonly endMs: number;
}

/** A group of lanes: one task seen by several schedules. */
export interface TimelineGroup {
  /** The task, written above its lanes. */
  readonly title: string;
  /** Its lanes. */
  readonly lanes: readonly TimelineLane[];
}

const LEFT = 210;
const RIGHT = 20;
const WIDTH = 860;
const LANE = 20;
const GROUP_GAP = 22;
const TOP = 40;

/** Draws every poll as a dot on its lane, with minutes along the bottom; `title` on top. */
export function drawTimeline(title: string, groups: readonly TimelineGroup[]): string {
  const lanes = groups.flatMap((g) => g.lanes);
  const maxMs = Math.max(...lanes.flatMap((lane) => [...lane.times, lane.endMs]));
  // A little room after the last poll, so that no dot sits on the edge.
  const minutes = Math.ceil((maxMs + 20_000) / 60_000);
  const x = (ms: number) => px(LEFT + ((WIDTH - LEFT - RIGHT) * ms) / (minutes * 60_000));
  const bottom = TOP + groups.reduce((h, g) => h + 12 + g.lanes.length * LANE + GROUP_GAP, 0);
  const body: string[] = [element('text', { x: 10, y: 20, 'font-weight': 'bold' }, title)];
  for (let m = 0; m <= minutes; m++) {
    const at = x(m * 60_000);
    body.push(element('line', { x1: at, y1: TOP, x2: at, y2: bottom - 10, stroke: '#eee' }));
    const label = { x: at, y: bottom + 4, 'text-anchor': 'middle', fill: '#555' };
    body.push(element('text', label, `${m} min`));
  }
  let y = TOP;
  for (const group of groups) {
    body.push(element('text', { x: 10, y: y + 4, 'font-weight': 'bold' }, group.title));
    y += 12;
    for (const lane of group.lanes) {
      y += LANE;
      body.push(element('text', { x: 20, y: y + 4 }, `${lane.label}: ${lane.times.length} polls`));
      body.push(element('line', { x1: LEFT, y1: y, x2: WIDTH - RIGHT, y2: y, stroke: '#ccc' }));
      const end = x(lane.endMs);
      const tick = { x1: end, y1: y - 8, x2: end, y2: y + 8, stroke: '#d33', 'stroke-width': 2 };
      body.push(element('line', tick));
      for (const t of lane.times) {
        body.push(element('circle', { class: 'poll', cx: x(t), cy: y, r: 4, fill: lane.color }));
      }
    }
    y += GROUP_GAP;
  }
  const legend = 'dots: polls · red tick: the task ends on the gateway';
  body.push(element('text', { x: LEFT, y: bottom + 24, fill: '#555' }, legend));
  return svgDocument(WIDTH, bottom + 40, title, body);
}
