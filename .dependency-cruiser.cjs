/**
 * The layers (docs/architecture.md): nothing imports upward.
 *
 *   kernel (src/common, src/generated)
 *     <- config, event-store
 *     <- src/<domain>/domain          pure: the kernel only, never another domain
 *     <- projections/                 read side: projections and the queries over them
 *     <- commands, auth, security, edge   the one command path and the shared API edge
 *     <- src/<domain>/api, exchange, node, demo, subscriptions   resolvers and controllers
 *     <- app: *.module.ts, main.ts, cli.ts
 *
 * `npm run lint` runs this; test/unit/layers.unit.spec.ts proves an upward import fails it.
 */
const PROJECT = '^(src|projections)/';
const KERNEL = '^src/(common|generated)/';
const API = '^src/([^/]+/api/|[^/]+/workflows/|exchange/|node/|demo/|subscriptions/)';
const APP = '(^src/[^/]+\\.ts$|\\.module\\.ts$|\\.cli\\.ts$)';

const upward = (name, comment, from, to) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: to },
});

module.exports = {
  forbidden: [
    {
      name: 'kernel-imports-kernel-only',
      comment: 'The kernel is what every layer uses; it uses nothing of theirs.',
      severity: 'error',
      from: { path: KERNEL },
      to: { path: PROJECT, pathNot: KERNEL },
    },
    {
      name: 'store-below-domains',
      comment: 'The event store knows events, not domains, read models or the API.',
      severity: 'error',
      from: { path: '^src/(event-store|config)/' },
      to: { path: PROJECT, pathNot: [KERNEL, '^src/(event-store|config)/'] },
    },
    {
      name: 'domain-is-pure',
      comment:
        'A domain folder imports the kernel and itself: no store, no read side, no other domain.',
      severity: 'error',
      from: { path: '^src/([^/]+)/domain/' },
      to: { path: PROJECT, pathNot: [KERNEL, '^src/$1/domain/'] },
    },
    upward(
      'read-side-below-api',
      'Projections and their queries read events and domain types, never the API or the app.',
      '^projections/',
      '^src/(?!common/|generated/|event-store/|config/|[^/]+/domain/)',
    ),
    upward(
      'edge-below-api',
      'The command path and the shared edge serve every api folder, so they import none.',
      '^src/(commands|auth|security|edge)/',
      `${API}|${APP}`,
    ),
    {
      name: 'nothing-imports-the-app',
      comment: 'Only the app (modules, main, the command line) wires the layers together.',
      severity: 'error',
      from: { path: PROJECT, pathNot: APP },
      to: { path: APP },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: PROJECT },
      to: { circular: true },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^src/generated/'] },
  },
};
