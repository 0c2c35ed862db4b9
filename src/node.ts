/**
 * What only Node can run. The core entry uses it by default in Node, through the `#platform`
 * import, and never imports it in a browser bundle.
 *
 * @module sora-rx/node
 */

export { type UndiciTransportOptions, undiciTransport } from './http/undici-transport.js';
export { type FileJournalOptions, fileJournal } from './journal/file-journal.js';
