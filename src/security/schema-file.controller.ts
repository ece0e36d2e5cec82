import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { AuthService } from '../auth/auth.service.js';
import { isTaizhangError } from '../common/errors.js';

interface Reply {
  status(code: number): Reply;
  type(mime: string): Reply;
  send(body: string): void;
  json(body: unknown): void;
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
    try {
      const actor = await this.auth.authenticate(authorization);
      if (!actor) {
        res.status(401).json({
          errors: [
            {
              message: '需要登录 / Authentication required: send Authorization: Bearer <token>',
              extensions: { code: 'UNAUTHENTICATED' },
            },
          ],
        });
        return;
      }
    } catch (error) {
      if (!isTaizhangError(error)) throw error;
      res
        .status(401)
        .json({ errors: [{ message: error.message, extensions: { code: error.code } }] });
      return;
    }
    this.sdl ??= printSchema(this.moduleRef.get(GraphQLSchemaHost, { strict: false }).schema);
    res.status(200).type('application/graphql; charset=utf-8').send(this.sdl);
  }
}
