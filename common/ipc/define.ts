// The building blocks of the IPC contract: a request channel is declared once, with the
// API method that calls it, the zod schema main checks its payload against and its
// response type; an event is declared with its payload type. Everything else (the
// preload bridge, the renderer's API type, main's handler table) is derived from them.
//
// A schema is declared as a function of zod (`request: (z) => z.strictObject(...)`), and
// common/ imports only zod's types: main, which validates, passes zod in
// (main/ipc/payload-schemas.ts), while the preload bridge and the renderer, which need
// the method names and types only, never load zod (a sandboxed preload could not).

import type { z } from 'zod';

/**
 * Payloads travel as JSON text, and main refuses one longer than its channel's limit
 * before parsing it. Far above any form of the app; a template channel allows more.
 */
export const DEFAULT_MAX_PAYLOAD_BYTES = 128 * 1024;

/** The zod namespace, as main passes it to the schema builders. */
export type Zod = typeof z;
export type SchemaBuilder = (zod: Zod) => z.ZodType;

/** The arguments of an API method whose channel has no `toPayload`: none for a null payload, else the payload. */
type DefaultArgs<Schema extends z.ZodType> = z.input<Schema> extends null ? [] : [payload: z.input<Schema>];

export interface ChannelSpec<
  Method extends string = string,
  Schema extends z.ZodType = z.ZodType,
  Args extends unknown[] = never,
  Response = unknown,
> {
  /** The name of the method on the renderer's API. */
  readonly method: Method;
  /** Builds the schema main checks each payload against; any payload it refuses is refused. */
  readonly request: (zod: Zod) => Schema;
  /** Turns the method's arguments into the payload; without it, the one argument is the payload. */
  readonly toPayload?: (...args: Args) => z.input<Schema>;
  /** The payload of a call with these arguments, whatever the channel: what preload sends. */
  readonly encode: (args: readonly unknown[]) => unknown;
  /** Larger payloads are refused before they are parsed (default: DEFAULT_MAX_PAYLOAD_BYTES). */
  readonly maxBytes?: number;
  /** Never set: carries the response type. */
  readonly response?: Response;
}

/**
 * Declares a request channel answering `Response`:
 * `channel<SavedResult>()({ method: 'saveBilling', request: billingSettingsSchema })`.
 */
export function channel<Response>() {
  return <const Method extends string, Schema extends z.ZodType, Args extends unknown[] = DefaultArgs<Schema>>(spec: {
    method: Method;
    request: (zod: Zod) => Schema;
    toPayload?: (...args: Args) => z.input<Schema>;
    maxBytes?: number;
  }): ChannelSpec<Method, Schema, Args, Response> => {
    const { toPayload } = spec;
    const encode = toPayload ? (args: readonly unknown[]) => toPayload(...(args as Args)) : (args: readonly unknown[]) => args[0] ?? null;
    return { ...spec, encode };
  };
}

export interface EventSpec<Payload = unknown> {
  /** Never set: carries the payload type. */
  readonly payload?: Payload;
}

/** Declares an event main pushes to the renderer with a `Payload`. */
export function event<Payload>(): EventSpec<Payload> {
  return {};
}

/** The schema type a channel's builder returns. */
export type SchemaOf<Spec> = Spec extends { readonly request: (zod: Zod) => infer Schema } ? Schema : never;
export type ArgsOf<Spec> = Spec extends { readonly toPayload?: (...args: infer Args) => unknown } ? Args : never;
export type ResponseOf<Spec> = Spec extends { readonly response?: infer Response } ? Response : never;
export type PayloadOf<Spec> = Spec extends { readonly payload?: infer Payload } ? Payload : never;
