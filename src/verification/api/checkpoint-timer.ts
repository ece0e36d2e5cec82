import { writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CONFIG, type Config } from '../../config/config.js';
import { LEDGER_TREE, type LedgerTree } from './ledger-tree.js';

/** Where the latest timed checkpoint is written, as tlog-tiles logs serve theirs at `/checkpoint`. */
export const CHECKPOINT_FILE = 'checkpoint';

/**
 * Issues a checkpoint every CHECKPOINT_INTERVAL_SECONDS while the ledger grows, into DATA_DIR/checkpoint
 * (replaced atomically), for whoever copies checkpoints out of the machine to keep them.
 */
@Injectable()
export class CheckpointTimer implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private issuedSize = -1;

  constructor(
    @Inject(LEDGER_TREE) private readonly ledger: LedgerTree,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onModuleInit(): void {
    if (this.config.checkpoints.intervalSeconds === 0) return;
    this.issue();
    this.timer = setInterval(() => this.issue(), this.config.checkpoints.intervalSeconds * 1000);
    this.timer.unref();
  }

  /** Writes the current checkpoint when the tree grew since the last one; returns its size. */
  issue(): number {
    const { tree } = this.ledger;
    if (tree.size === this.issuedSize) return tree.size;
    const file = join(this.config.dataDir, CHECKPOINT_FILE);
    writeFileSync(`${file}.tmp`, this.ledger.checkpoint(tree.size).note);
    renameSync(`${file}.tmp`, file);
    this.issuedSize = tree.size;
    return tree.size;
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
