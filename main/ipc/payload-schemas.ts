// The contract's payload schemas, built once with zod: main is the only process that
// loads zod (common/ declares the schemas as builders, see common/ipc/define.ts).

import { z } from 'zod';
import { CHANNELS, IPC_CHANNELS, type IpcChannel } from '../../common/ipc-contract';

function buildSchemas(): Readonly<Record<IpcChannel, z.ZodType>> {
  const schemas: Partial<Record<IpcChannel, z.ZodType>> = {};
  for (const channel of IPC_CHANNELS) schemas[channel] = CHANNELS[channel].request(z);
  return Object.freeze(schemas as Record<IpcChannel, z.ZodType>);
}

export const PAYLOAD_SCHEMAS = buildSchemas();
