/**
 * What is wrong with a journal record of a known type, or `undefined` when it has the shape its
 * type says: a journal is a file anyone may have edited, and a record of the wrong shape must be
 * an error naming its line, never a `TypeError` deep in the fold.
 */
export function checkRecord(record: Readonly<Record<string, unknown>>): string | undefined {
  const fields = FIELDS[record.type as string];
  if (fields === undefined) return undefined;
  const wrong = wrongField(record, fields);
  if (wrong !== undefined) return wrong;
  if (record.type === 'entry') {
    const entry = record.entry as Record<string, unknown>;
    const inner = wrongField(entry, ENTRY_FIELDS);
    if (inner !== undefined) return `entry.${inner}`;
    if (entry.key === undefined && entry.id === undefined) return 'entry: neither key nor id';
  }
  if (record.type === 'forget' && record.key === undefined && record.id === undefined) {
    return 'neither key nor id';
  }
  return undefined;
}

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'string?' | 'number?' | 'boolean?';
type Fields = Readonly<Record<string, Kind | 'text?' | 'object?'>>;

/** The fields of each record type, beyond `type` and `at`; `?` marks an optional one. */
const FIELDS: Readonly<Record<string, Fields>> = {
  intent: { key: 'string', params: 'object' },
  created: { key: 'string', id: 'string' },
  status: {
    id: 'string',
    status: 'string',
    progress: 'number?',
    videoUrl: 'text?',
    error: 'text?',
    cost: 'number?',
  },
  download: { id: 'string', file: 'string' },
  destination: { id: 'string', dir: 'string' },
  saved: { id: 'string', file: 'string', bytes: 'number', sha256: 'string' },
  unsaved: { id: 'string', expired: 'boolean', error: 'string' },
  rejected: { key: 'string', status: 'number', reason: 'string' },
  forget: { key: 'string?', id: 'string?' },
  entry: { entry: 'object' },
};

/** The fields of a whole entry, as compaction writes it. */
const ENTRY_FIELDS: Fields = {
  key: 'string?',
  id: 'string?',
  params: 'object?',
  since: 'number',
  updatedAt: 'number',
  status: 'string?',
  progress: 'number?',
  videoUrl: 'text?',
  completedAt: 'number?',
  error: 'text?',
  cost: 'number?',
  file: 'string?',
  dir: 'string?',
  saved: 'boolean?',
  bytes: 'number?',
  sha256: 'string?',
  expired: 'boolean?',
  rejected: 'number?',
};

/** The first field of `value` that is not of its kind, as `name: why`. */
function wrongField(value: Readonly<Record<string, unknown>>, fields: Fields): string | undefined {
  for (const [name, kind] of Object.entries(fields)) {
    const field = value[name];
    if (!isOfKind(field, kind)) {
      return `${name}: expected ${describeKind(kind)}, got ${field === null ? 'null' : typeof field}`;
    }
  }
  return undefined;
}

function isOfKind(field: unknown, kind: Kind | 'text?' | 'object?'): boolean {
  const optional = kind.endsWith('?');
  if (optional && field === undefined) return true;
  const base = optional ? kind.slice(0, -1) : kind;
  switch (base) {
    case 'text':
      return field === null || typeof field === 'string';
    case 'object':
      return typeof field === 'object' && field !== null && !Array.isArray(field);
    case 'number':
      return typeof field === 'number' && Number.isFinite(field);
    default:
      return typeof field === base;
  }
}

function describeKind(kind: string): string {
  const base = kind.replace('?', '');
  const name = base === 'text' ? 'a string or null' : base === 'object' ? 'an object' : `a ${base}`;
  return kind.endsWith('?') ? `${name} or nothing` : name;
}
