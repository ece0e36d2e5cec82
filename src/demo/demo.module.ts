import { Module } from '@nestjs/common';
import { DemoLoader } from './demo.loader.js';

/** Loads the demo ledger on start unless TAIZHANG_DEMO=false or `serve --no-demo`. */
@Module({ providers: [DemoLoader] })
export class DemoModule {}
