// Imported first by every Angular test. Angular's packages are partially compiled: the JIT
// compiler must be loaded before any of them, to link their classes at run time.
import '@angular/compiler';
import { getTestBed, TestBed, TestComponentRenderer } from '@angular/core/testing';
import { BrowserTestingModule, platformBrowserTesting } from '@angular/platform-browser/testing';
import { afterEach, beforeEach } from 'vitest';

// Once per process. This file also works as a setup file of test files that share a worker
// (`isolate: false`): it runs again for each of them, and TestBed is already set up.
if (getTestBed().platform === null) {
  TestBed.initTestEnvironment(BrowserTestingModule, platformBrowserTesting());
}

if (typeof document === 'undefined') {
  // Without a DOM (no happy-dom), no component renders, and the renderer's cleanup has nothing
  // to remove: its base class does nothing.
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [{ provide: TestComponentRenderer, useClass: TestComponentRenderer }],
    });
  });
}

// Destroys the injector of each test, and with it every toSignal subscription.
afterEach(() => TestBed.resetTestingModule());
