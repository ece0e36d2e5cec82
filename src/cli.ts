import 'reflect-metadata';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { allProjections } from '../projections/index.js';
import { apartInWorker } from '../projections/apart.js';
import { CATCH_UP_BATCH, REBUILD_BATCH, ProjectionRunner } from '../projections/runner.js';
import { isRole, ROLES, systemActor } from './common/actor.js';
import { isTaizhangError } from './common/errors.js';
import { loadOrCreateSigningKey, mintToken } from './auth/tokens.js';
import { BACKUP_USAGE, backupCommand, restoreCommand } from './backup/backup.cli.js';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { openEventStore } from './event-store/open-event-store.js';
import { erasePersonalData } from './event-store/personal-data.js';
import {
  checkpointCommand,
  consistencyProofCommand,
  proofCommand,
  witnessCommand,
  verifierKeyCommand,
  verifyBundleCommand,
  verifyCommand,
  VERIFICATION_USAGE,
} from './verification/verification.cli.js';

/**
 * The exchange commands boot a Nest application context, whose modules take seconds to load: they
 * are loaded only when asked for, so that an auditor's verify, proof or witness step starts at once.
 */
const exchangeCli = () => import('./exchange/exchange.cli.js');

const usage = async (): Promise<string> => `台账 Taizhang 命令行 / command line

  taizhang serve [--no-demo]          启动 API / start the API (PORT, DATA_DIR, EVENT_STORE, KURRENTDB_URL)
  taizhang rebuild [projection]       重建读模型 / drop and replay read models (all, or one by name)
  taizhang rebuild --resume           续建 / continue a rebuild a kill interrupted, from its last batch
  taizhang token --role ROLE --org ORG [--name N] [--sub ID] [--region CODE] [--ttl 8h]
                                      签发令牌 / mint a bearer token (embedded HS256 key);
                                      --ttl 至多 AUTH_TOKEN_MAX_TTL / at most AUTH_TOKEN_MAX_TTL (12h)
  taizhang erase-personal-data --event ID --path data.responsibleLeader.phone --reason R
                                      删除保存期限届满的个人信息 / erase a personal value (and its salt)
                                      whose retention ended; recorded as PersonalDataErased, hashes stay
${(await exchangeCli()).EXCHANGE_USAGE}
${VERIFICATION_USAGE}
${BACKUP_USAGE}

Roles: ${ROLES.join(', ')}`;

async function rebuild(config: Config, name?: string, resume = false): Promise<number> {
  const store = await openEventStore(config);
  const projections = allProjections();
  const chosen = name ? projections.filter((p) => p.name === name) : projections;
  if (name && chosen.length === 0) {
    console.error(
      `没有名为 ${name} 的读模型 / no projection named ${name}; known: ${projections.map((p) => p.name).join(', ')}`,
    );
    await store.close();
    return 2;
  }
  let shown = 0;
  const progress = new Map<string, string>();
  const apartNames = projections.filter((p) => p.ownFile).map((p) => p.name);
  const runner = new ProjectionRunner(store, projections, join(config.dataDir, 'readmodels.db'), {
    // Large: a round's tasks advance together, so a record's events lie far apart; the bigger the
    // transaction, the fewer times each task's state and rows are written (memory: a page of events
    // and the records of one transaction).
    batchSize: REBUILD_BATCH,
    catchUpBatch: CATCH_UP_BATCH,
    // The ledger (a file of its own) in a worker thread beside the rest, when both are far behind.
    apart: apartInWorker(config),
    // One line for both threads: this one's projections report alike, the worker's (which move
    // together) under their names.
    onProgress: ({ projection, position, head, eventsPerSecond, etaSeconds }) => {
      const pct = head > 0n ? Number((position * 1000n) / head) / 10 : 100;
      const own = apartNames.includes(projection) ? `${apartNames.join(', ')} ` : '';
      progress.set(
        own,
        `${own}${position}/${head} (${pct.toFixed(1)}%), ` +
          `${Math.round(eventsPerSecond)}/s, 预计剩余 / ETA ${Math.ceil(etaSeconds)} s`,
      );
      if (Date.now() - shown > 500) {
        shown = Date.now();
        process.stderr.write(`  重建中 / rebuilding: ${[...progress.values()].join('; ')}   \r`);
      }
    },
    // After the events, the indexes dropped for the catch-up: minutes at national scale. The first
    // line ends the progress line above it.
    onIndexes: ({ made, total, index }) =>
      process.stderr.write(
        `${made === 0 ? '\n' : ''}  建立索引 / making indexes: ${made}/${total}` +
          `${index ? ` ${index}` : ''}\n`,
      ),
  });
  try {
    const started = Date.now();
    const applied = resume ? await runner.resume() : await runner.rebuild(name);
    console.log(
      `重建完成 / rebuilt ${chosen.map((p) => p.name).join(', ')}: ${applied} events in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return 0;
  } finally {
    runner.close();
    await store.close();
  }
}

async function token(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      role: { type: 'string', multiple: true },
      org: { type: 'string' },
      name: { type: 'string' },
      sub: { type: 'string' },
      region: { type: 'string' },
      ttl: { type: 'string' },
    },
  });
  const roles = (values.role ?? []).flatMap((r) => r.split(','));
  if (!roles.length || !roles.every(isRole) || !values.org) {
    console.error(`需要 --role（${ROLES.join('|')}）和 --org / --role and --org are required`);
    return 2;
  }
  if (roles.includes('CITY_GOVERNMENT') && !values.region) {
    console.error(
      'CITY_GOVERNMENT 需要 --region（行政区划代码）/ CITY_GOVERNMENT needs --region CODE',
    );
    return 2;
  }
  if (config.auth.publicKeyFile || config.auth.jwksFile) {
    console.error(
      '已配置 AUTH_PUBLIC_KEY_FILE/AUTH_JWKS_FILE：令牌由身份提供方签发 / tokens come from your identity provider when AUTH_PUBLIC_KEY_FILE or AUTH_JWKS_FILE is set',
    );
    return 2;
  }
  const key = loadOrCreateSigningKey(config.dataDir);
  try {
    const token = await mintToken(
      key,
      {
        subject: values.sub ?? `${values.org}:${values.name ?? roles[0].toLowerCase()}`,
        name: values.name ?? roles[0],
        roles,
        organisation: values.org,
        region: values.region,
        ttl: values.ttl,
      },
      new Date(),
      config.auth.issuer,
      config.auth.maxTokenTtlSeconds,
    );
    console.log(token);
    return 0;
  } catch (error) {
    // A bad --ttl, --name, --org or --region: the refusal names it, nothing is minted.
    if (!isTaizhangError(error)) throw error;
    console.error(`${error.zh} / ${error.en}`);
    return 2;
  }
}

/** `taizhang erase-personal-data`: an operator's act, so it runs as the system actor (ADMIN). */
async function erase(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      event: { type: 'string' },
      path: { type: 'string' },
      reason: { type: 'string' },
      'actor-name': { type: 'string', default: '命令行删除个人信息 / CLI erasure' },
    },
  });
  if (!values.event || !values.path || !values.reason) {
    console.error('需要 --event、--path 和 --reason / --event, --path and --reason are required');
    return 2;
  }
  const store = await openEventStore(config);
  try {
    const result = await erasePersonalData(store, {
      eventId: values.event,
      path: values.path,
      reason: values.reason,
      actor: systemActor(values['actor-name']),
      at: new Date().toISOString(),
    });
    console.log(
      `${result.erased ? '已删除 / erased' : '此前已删除 / erased before'}: ${values.event} ${values.path} ` +
        `(commitment ${result.commitment}; recorded as ${result.event.streamId}@${result.event.revision})`,
    );
    return 0;
  } finally {
    // A refusal (not an ADMIN, no such event, an older event) is printed by the caller of main.
    await store.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case 'serve': {
      const { serve } = await import('./main.js');
      await serve({ ...config, demo: config.demo && !rest.includes('--no-demo') });
      return -1;
    }
    case 'verify':
      return verifyCommand(config, rest);
    case 'verify-bundle':
      return verifyBundleCommand(rest);
    case 'witness':
      return witnessCommand(rest);
    case 'consistency-proof':
      return consistencyProofCommand(config, rest);
    case 'proof':
      return proofCommand(config, rest);
    case 'checkpoint':
      return checkpointCommand(config, rest);
    case 'verifier-key':
      return verifierKeyCommand(config);
    case 'rebuild': {
      const resume = rest.includes('--resume');
      return rebuild(
        config,
        rest.find((a) => a !== '--resume'),
        resume,
      );
    }
    case 'backup':
      return backupCommand(config, rest);
    case 'restore':
      return restoreCommand(config, rest);
    case 'import':
      return (await exchangeCli()).importCommand(config, rest);
    case 'import-complaints':
      return (await exchangeCli()).importComplaintsCommand(config, rest);
    case 'export':
      return (await exchangeCli()).exportCommand(config, rest);
    case 'token':
      return token(config, rest);
    case 'erase-personal-data':
      return erase(config, rest);
    case undefined:
    case 'help':
    case '--help':
      console.log(await usage());
      return command ? 0 : 2;
    default:
      console.error(`未知命令 / unknown command: ${command}\n\n${await usage()}`);
      return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (error: unknown) => {
      console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
      process.exit(error instanceof ConfigError ? 2 : 1);
    },
  );
}
