import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { AuthService } from '../auth/auth.service.js';
import { UnauthenticatedError } from '../common/errors.js';

interface Reply {
  status(code: number): Reply;
  type(mime: string): Reply;
  send(body: string): void;
}

/**
 * The published contract as one SDL file for integrators (GET /schema.graphql). Behind the same
 * bearer token as introspection: anyone who may introspect may download it, nobody else.
 */
@Controller()
export class SchemaFileController {
  private sdl?: string;

  constructor(
    private readonly auth: AuthService,
    // The schema host lives in the GraphQL module, built after this one: looked up when first needed.
    private readonly moduleRef: ModuleRef,
  ) {}

  @Get('schema.graphql')
  async schema(@Headers('authorization') authorization: unknown, @Res() res: Reply) {
    // A refused or missing token answers 401 through the one HTTP error renderer.
    const actor = await this.auth.authenticate(authorization);
    if (!actor) {
      throw new UnauthenticatedError(
        '需要登录：请在 Authorization 头中提供 Bearer 令牌',
        'Authentication required: send Authorization: Bearer <token>',
      );
    }
    this.sdl ??= printSchema(this.moduleRef.get(GraphQLSchemaHost, { strict: false }).schema);
    res.status(200).type('application/graphql; charset=utf-8').send(this.sdl);
  }
}
