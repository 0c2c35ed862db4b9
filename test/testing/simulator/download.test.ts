import { describe, expect, it } from 'vitest';
import { api, readFixture, readUntilBreak, startSim } from '../simulator-helpers.js';

const DAY = 86_400_000;

/** The type and size of each top-level MP4 box in `bytes`. */
function topLevelBoxes(bytes: Uint8Array): [string, number][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: [string, number][] = [];
  for (let at = 0; at < bytes.length; ) {
    const size32 = view.getUint32(at);
    const size = size32 === 1 ? Number(view.getBigUint64(at + 8)) : size32;
    boxes.push([Buffer.from(bytes.subarray(at + 4, at + 8)).toString('latin1'), size]);
    at += size;
  }
  return boxes;
}

describe('startSoraSimulator: downloads', () => {
  it('commits a small playable MP4 fixture that starts with an ftyp box', async () => {
    const fixture = await readFixture();

    expect(fixture.length).toBeGreaterThan(2_000);
    expect(fixture.length).toBeLessThan(50_000);
    expect(topLevelBoxes(fixture).map(([type]) => type)).toEqual(['ftyp', 'moov', 'free', 'mdat']);
  });

  it('serves a completed task at /content with MP4 headers and the fixture bytes', async () => {
    const sim = await startSim({ dialect: 'openai' });
    sim.createTask({ id: 'v', status: 'completed' });
    const fixture = await readFixture();

    const res = await api(sim, '/videos/v/content?variant=video');

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-length')).toBe(String(fixture.length));
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(fixture);
    expect(sim.videoSize).toBe(fixture.length);
    expect(sim.metrics.downloads).toBe(1);
    expect(sim.metrics.bytesSent).toBe(fixture.length);
  });

  it('requires the key for /content, and answers 404 for unfinished tasks and other variants', async () => {
    const sim = await startSim();
    sim.createTask({ id: 'done', status: 'completed' });
    sim.createTask({ id: 'busy', status: 'processing' });

    const statuses = await Promise.all([
      fetch(`${sim.baseUrl}/videos/done/content`).then((res) => res.status),
      api(sim, '/videos/busy/content').then((res) => res.status),
      api(sim, '/videos/nope/content').then((res) => res.status),
      api(sim, '/videos/done/content?variant=thumbnail').then((res) => res.status),
    ]);

    expect(statuses).toEqual([401, 404, 404, 404]);
  });

  it('serves the seed video_url without auth until its TTL, then answers 403', async () => {
    const sim = await startSim({ faults: { videoUrlTtlMs: DAY } });
    sim.createTask({ id: 'v', status: 'completed' });
    const { video_url: url } = (await (await api(sim, '/videos/v')).json()) as {
      video_url: string;
    };

    const fresh = await fetch(url);
    const freshBytes = new Uint8Array(await fresh.arrayBuffer());
    sim.advance(DAY - 1);
    const lastMoment = await fetch(url);
    await lastMoment.arrayBuffer();
    sim.advance(1);
    const expired = await fetch(url);
    const content = await api(sim, '/videos/v/content');

    expect(url).toBe(sim.videoUrlOf('v'));
    expect(fresh.status).toBe(200);
    expect(freshBytes).toEqual(await readFixture());
    expect(lastMoment.status).toBe(200);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
    expect(content.status).toBe(404);
    expect(await content.json()).toMatchObject({ error: { code: 'video_expired' } });
    expect(sim.metrics.faults.expiredUrl).toBe(2);
  });

  it.each([
    ['bytes=100-', 100, undefined],
    ['bytes=100-199', 100, 200],
    ['bytes=-50', -50, undefined],
    ['bytes=0-99999999', 0, undefined],
  ])('answers Range %s with 206 and the matching slice', async (range, start, end) => {
    const sim = await startSim();
    sim.createTask({ id: 'v', status: 'completed' });
    const fixture = await readFixture();
    const slice = fixture.subarray(start < 0 ? fixture.length + start : start, end);
    const first = start < 0 ? fixture.length + start : start;

    const res = await api(sim, '/videos/v/content', { headers: { range } });

    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(
      `bytes ${first}-${first + slice.length - 1}/${fixture.length}`,
    );
    expect(res.headers.get('content-length')).toBe(String(slice.length));
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(slice);
  });

  it('answers 416 for a range past the end, and ignores If-Range with another validator', async () => {
    const sim = await startSim();
    sim.createTask({ id: 'v', status: 'completed' });

    const past = await api(sim, '/videos/v/content', {
      headers: { range: `bytes=${sim.videoSize}-` },
    });
    const stale = await api(sim, '/videos/v/content', {
      headers: { range: 'bytes=10-', 'if-range': '"old"' },
    });

    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${sim.videoSize}`);
    expect(stale.status).toBe(200);
    expect((await stale.arrayBuffer()).byteLength).toBe(sim.videoSize);
  });

  it('drops the first download at dropDownloadAtByte, then a Range resume gives the identical file', async () => {
    const sim = await startSim({ faults: { dropDownloadAtByte: 3000 } });
    sim.createTask({ id: 'v', status: 'completed' });
    const fixture = await readFixture();

    const first = await readUntilBreak(await fetch(sim.videoUrlOf('v')));
    const resumed = await fetch(sim.videoUrlOf('v'), {
      headers: { range: `bytes=${first.bytes.length}-` },
    });
    const rest = new Uint8Array(await resumed.arrayBuffer());

    expect(first.error).toBeInstanceOf(Error);
    expect(first.bytes.length).toBe(3000);
    expect(resumed.status).toBe(206);
    expect(Buffer.concat([first.bytes, rest])).toEqual(Buffer.from(fixture));
    expect(sim.metrics.faults.downloadDropped).toBe(1);
  });

  it('drops downloads halfway with dropDownloadRate 1', async () => {
    const sim = await startSim({ faults: { dropDownloadRate: 1 } });
    sim.createTask({ id: 'v', status: 'completed' });

    const first = await readUntilBreak(await api(sim, '/videos/v/content'));

    expect(first.error).toBeInstanceOf(Error);
    expect(first.bytes.length).toBe(Math.floor(sim.videoSize / 2));
  });

  it('serves exactly videoBytes bytes: the fixture, then a free box of padding', async () => {
    const videoBytes = 3 * 1024 * 1024 + 17;
    const sim = await startSim({ videoBytes });
    sim.createTask({ id: 'v', status: 'completed' });
    const fixture = await readFixture();

    const res = await api(sim, '/videos/v/content');
    const bytes = new Uint8Array(await res.arrayBuffer());

    expect(sim.videoSize).toBe(videoBytes);
    expect(res.headers.get('content-length')).toBe(String(videoBytes));
    expect(bytes.length).toBe(videoBytes);
    expect(bytes.subarray(0, fixture.length)).toEqual(fixture);
    expect(topLevelBoxes(bytes)).toEqual([
      ['ftyp', 32],
      ...topLevelBoxes(fixture).slice(1),
      ['free', videoBytes - fixture.length],
    ]);
    expect(bytes.subarray(fixture.length + 8).every((byte) => byte === 0)).toBe(true);
  });

  it('answers HEAD with the headers of the file and no body', async () => {
    const sim = await startSim({ videoBytes: 100_000 });
    sim.createTask({ id: 'v', status: 'completed' });

    const res = await fetch(sim.videoUrlOf('v'), { method: 'HEAD' });

    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('100000');
    expect(sim.metrics.bytesSent).toBe(0);
  });
});
