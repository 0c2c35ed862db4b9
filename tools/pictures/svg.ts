// Hand-written SVG for the docs' pictures: a few shapes, no dependency.

/** Text made safe for SVG content and attribute values. */
function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** Attributes written as `name="value"`, values escaped. */
function attributes(attrs: Record<string, string | number>): string {
  return Object.entries(attrs)
    .map(([name, value]) => `${name}="${escapeXml(String(value))}"`)
    .join(' ');
}

/** One SVG element, self-closed unless it has text. */
export function element(
  name: string,
  attrs: Record<string, string | number>,
  text?: string,
): string {
  const written = attributes(attrs);
  const open = written === '' ? `<${name}` : `<${name} ${written}`;
  return text === undefined ? `${open}/>` : `${open}>${escapeXml(text)}</${name}>`;
}

/** A whole SVG document of `width` × `height` with a title (read by screen readers). */
export function svgDocument(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    element('rect', { width, height, fill: '#ffffff' }),
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** A number rounded to one decimal, for coordinates. */
export const px = (value: number): number => Math.round(value * 10) / 10;
