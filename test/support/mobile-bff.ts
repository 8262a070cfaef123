import type { Env } from '@bff/core';
import type { DemoStack } from '../../apps/demo-upstreams/src/demo-stack';
import { loadConfig } from '../../apps/mobile-bff/src/config';
import { MobileBffModule } from '../../apps/mobile-bff/src/mobile-bff.module';
import { startBff, type RunningBff } from './bff-harness';

/** A mobile-bff in front of `stack`, configured by `env` on top of the demo's (see {@link startBff}). */
export function startMobileBff(stack: DemoStack, env: Env = {}): Promise<RunningBff> {
  return startBff({
    loadConfig,
    module: (c) => MobileBffModule.forRoot(c),
    audience: 'mobile-bff',
    stack,
    env,
  });
}
