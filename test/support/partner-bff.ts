import type { Clock } from '@bff/core';
import type { DemoStack } from '../../apps/demo-upstreams/src/demo-stack';
import { loadConfig } from '../../apps/partner-bff/src/config';
import { PartnerBffModule } from '../../apps/partner-bff/src/partner-bff.module';
import { startBff } from './bff-harness';
import { fetchDocuments, withContractChecks } from './contract-check';

/**
 * A partner-bff in front of `stack`, configured by `env` on top of the demo's, whose every answer to a
 * documented route is checked against the OpenAPI documents it serves itself (see {@link withContractChecks}).
 */
export async function startCheckedPartnerBff(
  stack: DemoStack,
  env: Record<string, string> = {},
  options: { clock?: Clock } = {},
): Promise<ReturnType<typeof withContractChecks>> {
  const bff = await startBff({
    loadConfig,
    module: (c) => PartnerBffModule.forRoot(c),
    audience: 'partner-bff',
    stack,
    env,
    clock: options.clock,
  });
  return withContractChecks(bff, await fetchDocuments(bff));
}
