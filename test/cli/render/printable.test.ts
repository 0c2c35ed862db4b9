import { describe, expect, it } from 'vitest';
import { jsonLine, printable } from '../../../src/cli/render/printable.js';

const ESC = '\u001b';
const BEL = '\u0007';
/** What a hostile gateway would send: a window title, a screen clear, a clipboard write, an overwrite. */
const HOSTILE = `a${ESC}]0;owned${BEL}b${ESC}[2J${ESC}]52;c;cm0gLXJm${BEL}\rc\u009b31md\u202ee\u2028f`;

describe('printable', () => {
  it('shows every character a terminal would act on as ?', () => {
    expect(printable(HOSTILE)).toBe('a?]0;owned?b?[2J?]52;c;cm0gLXJm??c?31md?e?f');
    expect(printable('line\nbreak\u0007\u007f')).toBe('line?break??');
  });

  it('leaves other text alone, accents, CJK and emoji included', () => {
    expect(printable('Café 東京 🎬 $0.40 sora_abc-1.mp4')).toBe(
      'Café 東京 🎬 $0.40 sora_abc-1.mp4',
    );
  });
});

describe('jsonLine', () => {
  it('is one line of JSON with no raw control, that parses to the same value', () => {
    const line = jsonLine({ id: 'x', error: HOSTILE });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toMatch(/[\p{Cc}\u2028\u2029\u202e]/u);
    expect(JSON.parse(line)).toEqual({ id: 'x', error: HOSTILE });
  });
});
