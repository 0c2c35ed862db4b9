/** An MP4 of `size` bytes (24 or more): a 16-byte ftyp box, then an mdat box holding the rest. */
export function mp4File(size: number): Buffer {
  const file = Buffer.alloc(size, 7);
  file.writeUInt32BE(16, 0);
  file.write('ftypisom', 4, 'latin1');
  file.writeUInt32BE(0, 12);
  file.writeUInt32BE(size - 16, 16);
  file.write('mdat', 20, 'latin1');
  return file;
}
