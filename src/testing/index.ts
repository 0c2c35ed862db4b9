/**
 * What users need to test their own code against sora-rx.
 *
 * @module sora-rx/testing
 */

// An embedded simulator of the API, on a real HTTP server
export * from './simulator/index.js';

// Stub transports for marble tests with rxjs/testing
export { jsonResponse, type StubTransport, stubTransport } from './stub-transport.js';
