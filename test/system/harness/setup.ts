/** vitest globalSetup of the system project: builds the environment once per run. */
import type { TestProject } from 'vitest/node';

import { setUp, tearDown, type SystemContext } from './environment.js';

declare module 'vitest' {
  export interface ProvidedContext {
    netioapiSystem: SystemContext;
  }
}

export default function setup(project: TestProject): () => void {
  const started = Date.now();
  const context = setUp({ bench: project.name === 'bench' });
  if (!context.available) {
    const line = '='.repeat(78);
    process.stderr.write(`\n${line}\nSYSTEM SUITE SKIPPED: ${context.reason}\n${line}\n\n`);
  } else if (context.mode === 'wine') {
    process.stderr.write(`system suite: Wine in network namespace ${context.namespace}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  project.provide('netioapiSystem', context);
  return () => tearDown(context);
}
