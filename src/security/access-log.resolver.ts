import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { ACCESS_LOG_READERS, requireRole } from '../auth/read-access.js';
import type { RequestContext } from '../auth/request-context.js';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../edge/connection.js';
import { BadInputError } from '../common/errors.js';
import { AccessLog, type AccessLogEntry, type AccessLogFilter } from './access-log.js';

@Resolver()
export class AccessLogResolver {
  constructor(private readonly log: AccessLog) {}

  @Query('accessLog')
  accessLog(
    @Context() ctx: RequestContext,
    @Args('filter') filter?: AccessLogFilter,
    @Args('first') first?: number,
    @Args('after') after?: string,
  ) {
    requireRole(ctx, ACCESS_LOG_READERS, { zh: '查看访问日志', en: 'read the access log' });
    const size = pageSize(first);
    const raw = decodeCursor('access', after);
    const before = raw === undefined ? undefined : Number(raw);
    if (before !== undefined && !Number.isSafeInteger(before)) {
      throw new BadInputError('分页游标无效', 'Invalid cursor', { field: 'after' });
    }
    const page = this.log.page(filter ?? {}, size, before);
    return toConnection<AccessLogEntry>(page.entries, page.hasNext, page.totalCount(), (e) =>
      encodeCursor('access', e.id),
    );
  }
}
