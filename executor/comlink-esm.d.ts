/**
 * Types for comlink's ESM entry points. The package's `main` is a UMD bundle whose named
 * exports Node's ESM loader cannot see, so the executor imports the `.mjs` files directly;
 * TypeScript finds no declarations beside them, hence these.
 */
declare module 'comlink/dist/esm/comlink.mjs' {
  export * from 'comlink';
}

declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { Endpoint } from 'comlink';
  /** Adapts a node:worker_threads Worker or MessagePort to comlink's Endpoint. */
  export default function nodeEndpoint(nep: {
    postMessage(message: unknown, transfer?: readonly unknown[]): void;
    on(type: string, listener: (...args: any[]) => void): unknown;
    off(type: string, listener: (...args: any[]) => void): unknown;
    start?: () => void;
  }): Endpoint;
}
