/** The size of a box header: 32-bit size and type; 16 with a 64-bit `largesize`. */
const HEADER = 8;
const LARGE_HEADER = 16;

/** What {@link Mp4BoxWalk.problem} found. */
export interface Mp4BoxProblem {
  /** Whether the file ends within a box, which more bytes could finish. */
  readonly cut: boolean;
  /** What is wrong, in words. */
  readonly detail: string;
}

/**
 * Follows the top-level boxes of an MP4 (`ftyp`, `moov`, `mdat`, `free`...) as its bytes go by,
 * reading only their headers, to tell whether the file ends where its last box does. A real MP4's
 * top-level boxes add up to its length; a file cut short ends inside one (most often `mdat`).
 * Handles a 64-bit `largesize` (size 1) and a last box that runs to the end of the file (size 0).
 */
export interface Mp4BoxWalk {
  /** Takes the next bytes of the file, in order. */
  push(chunk: Uint8Array): void;
  /**
   * Passes over the bytes up to `position` without reading them, as far as no header lies there,
   * and returns where it stopped: `position`, or the next byte of a header to read (with `push`).
   */
  skipTo(position: number): number;
  /**
   * What is wrong with a file that ends here: `cut` when it ends within a box (more bytes could
   * make it whole), else a box that cannot be; `undefined` when it ends exactly after its last box.
   */
  problem(): Mp4BoxProblem | undefined;
}

/** Starts following the boxes of a file from its first byte. */
export function walkMp4Boxes(): Mp4BoxWalk {
  /** Bytes passed so far. */
  let length = 0;
  /** Where the box being read or awaited starts. */
  let next = 0;
  /** The bytes of its header gathered so far. */
  let header = Buffer.alloc(0);
  /** The type and the end of the last box whose header was read. */
  let last: { type: string; start: number; size: number } | undefined;
  let toEnd = false;
  let fault: string | undefined;

  /** How many bytes the header being gathered has: 8, or 16 once its size says `largesize`. */
  const headerLength = () =>
    header.length >= HEADER && header.readUInt32BE(0) === 1 ? LARGE_HEADER : HEADER;

  /** Reads the header gathered, once whole, and moves on to the box after it. */
  const readHeader = () => {
    if (header.length < headerLength()) return;
    const small = header.readUInt32BE(0);
    const type = header.subarray(4, 8).toString('latin1');
    const large = small === 1 ? header.readBigUInt64BE(8) : BigInt(small);
    const size = large > BigInt(Number.MAX_SAFE_INTEGER) ? Number.POSITIVE_INFINITY : Number(large);
    if (small === 0) {
      toEnd = true;
    } else if (size < header.length) {
      fault = `its ${JSON.stringify(type)} box at byte ${next} declares ${size} bytes, less than its own header`;
    }
    last = { type, start: next, size };
    next += size;
    header = Buffer.alloc(0);
  };
  const done = () => toEnd || fault !== undefined;

  return {
    push(chunk) {
      const offset = length;
      length += chunk.length;
      while (!done() && next + header.length < length) {
        const from = next + header.length - offset;
        const take = Math.min(headerLength() - header.length, chunk.length - from);
        header = Buffer.concat([header, chunk.subarray(from, from + take)]);
        readHeader();
      }
    },
    skipTo(position) {
      const stop = done() ? position : Math.min(position, next + header.length);
      length = Math.max(length, stop);
      return stop;
    },
    problem() {
      if (fault !== undefined) return { cut: false, detail: fault };
      if (toEnd || (length > 0 && next === length && header.length === 0)) return undefined;
      if (next < length) {
        return { cut: true, detail: `it ends within the header of the box at byte ${next}` };
      }
      const detail =
        last === undefined
          ? 'it holds no box'
          : `its ${JSON.stringify(last.type)} box at byte ${last.start} declares ${last.size} bytes, and the file ends after ${length}`;
      return { cut: true, detail };
    },
  };
}
