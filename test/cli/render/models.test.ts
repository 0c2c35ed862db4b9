import { describe, expect, it } from 'vitest';
import { renderModelsTable } from '../../../src/cli/render/models.js';
import { jsonLine } from '../../../src/cli/render/printable.js';
import type { VideoModel } from '../../../src/index.js';

const ESC = String.fromCharCode(27);
const CSI = String.fromCharCode(0x9b);

const SORA_2: VideoModel = {
  id: 'openai/sora-2',
  name: 'OpenAI: Sora 2',
  durations: [4, 8, 12],
  resolutions: ['720p'],
  aspectRatios: ['16:9', '9:16'],
  sizes: ['720x1280', '1280x720'],
};

const UNKNOWN: VideoModel = {
  id: 'acme/clip',
  name: undefined,
  durations: undefined,
  resolutions: undefined,
  aspectRatios: undefined,
  sizes: [],
};

describe('the models table', () => {
  it('shows each model with its lengths, sizes, resolutions and aspect ratios, - where unknown', () => {
    const lines = renderModelsTable([SORA_2, UNKNOWN]).trimEnd().split('\n');
    expect(lines.find((line) => line.includes('id'))).toMatch(
      /id .*seconds .*sizes .*resolutions .*aspect ratios/,
    );
    expect(lines.find((line) => line.includes('openai/sora-2'))).toMatch(
      /openai\/sora-2 .*4, 8, 12 .*720x1280, 1280x720 .*720p .*16:9, 9:16/,
    );
    expect(lines.find((line) => line.includes('acme/clip'))).toMatch(/acme\/clip( +│? *- *){4}/);
  });

  it('draws no box for pipes: columns two spaces apart', () => {
    const lines = renderModelsTable([SORA_2], false).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id {13,}seconds {2,}sizes/);
    expect(lines[1]).toMatch(
      /^openai\/sora-2 {2,}4, 8, 12 {2,}720x1280, 1280x720 {2,}720p {2,}16:9, 9:16$/,
    );
    expect(lines.join('\n')).not.toMatch(/[─│┌└]/);
  });

  it("never prints a server's control characters", () => {
    const hostile = { ...SORA_2, id: `evil${ESC}[2J`, sizes: [`1x1${CSI}31m`, 'a\u202eb'] };
    const table = renderModelsTable([hostile]);
    expect(table).not.toContain(ESC);
    expect(table).not.toContain(CSI);
    expect(table).not.toContain('\u202e');
    expect(table).toContain('evil?[2J');
  });
});

describe('the models JSON (`models --json`)', () => {
  it('is one line a model, without the fields the gateway left out, and the same value escaped', () => {
    expect(JSON.parse(jsonLine(UNKNOWN))).toEqual({ id: 'acme/clip', sizes: [] });
    const hostile = { ...SORA_2, id: `evil${ESC}[2J${CSI}\u2028` };
    const line = jsonLine(hostile);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trimEnd()).not.toContain('\n');
    for (const char of [ESC, CSI, '\u2028']) expect(line).not.toContain(char);
    expect(JSON.parse(line)).toMatchObject({ id: hostile.id, durations: [4, 8, 12] });
  });
});
