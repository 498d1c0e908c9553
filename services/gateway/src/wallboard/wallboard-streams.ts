import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '@threadline/service-runtime';
import type { GatewayConfig } from '../config';

/**
 * How many wall-board streams each workspace holds on this instance: each
 * polls two services every few seconds, so a workspace gets a bounded number
 * (a few screens on the office's walls), not one per open browser tab.
 */
@Injectable()
export class WallboardStreams {
  private readonly open = new Map<string, number>();

  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  /** Counts a new stream of the workspace (429 past the limit); the answer gives its place back. */
  take(workspaceId: string): () => void {
    const limit = this.config.WALLBOARD_MAX_STREAMS_PER_WORKSPACE;
    const count = this.open.get(workspaceId) ?? 0;
    if (count >= limit) {
      throw new HttpException(
        { code: 'TOO_MANY_STREAMS', message: `the workspace already has ${limit} wall-board streams open; close one first` },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    this.open.set(workspaceId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(workspaceId) ?? 1) - 1;
      if (left > 0) this.open.set(workspaceId, left);
      else this.open.delete(workspaceId);
    };
  }
}
