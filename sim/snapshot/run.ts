// The snapshot command's work once its options are checked: connect, read, write the canonical
// text. Loaded lazily by sim/cli/commands/snapshot.ts (it pulls in @polkadot/*). Tests call
// `snapshotWith` with a fake provider instead of a node.

import { formatState } from '../state/format.ts';
import { ChainReader, type ReaderOptions, type RpcProvider } from './chain-reader.ts';
import { takeSnapshot } from './snapshot.ts';
import { connectNode } from './ws-provider.ts';

export interface SnapshotRequest {
  url: string;
  block?: number;
  netuids?: readonly number[];
  neurons: boolean;
  /** Seconds to wait for the node, per request. */
  timeout: number;
}

export type ProgressFn = (done: number, total: number) => void;

/** The state file's text, read from the node at `request.url`. */
export async function snapshotToText(request: SnapshotRequest, onProgress?: ProgressFn): Promise<string> {
  const node = await connectNode(request.url, request.timeout * 1000);
  try {
    return await snapshotWith(node, request, onProgress);
  } finally {
    await node.close();
  }
}

/** The state file's text, read through `provider` (a node connection, or a fake in tests). */
export async function snapshotWith(
  provider: RpcProvider,
  request: Omit<SnapshotRequest, 'timeout'>,
  onProgress?: ProgressFn,
  readerOptions: Partial<ReaderOptions> = {},
): Promise<string> {
  const reader = new ChainReader(provider, { url: request.url, ...readerOptions });
  const state = await takeSnapshot(reader, { ...request, progress: onProgress });
  return formatState(state);
}
