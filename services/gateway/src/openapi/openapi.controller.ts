import { Controller, Get, type Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { z } from 'zod';
import { PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { buildOpenApiDocument } from './openapi-document';

/** The controllers Nest loaded (the gateway's and the platform's health), each once. */
export function loadedControllers(modules: ModulesContainer): Type[] {
  const all = [...modules.values()].flatMap((module) => [...module.controllers.values()].map(({ metatype }) => metatype as Type));
  return [...new Set(all)];
}

@Controller('api/v1')
@PublicRoute({ guard: 'none-needed', why: 'the API description, public by design' })
export class OpenApiController {
  private document: object | null = null;

  constructor(private readonly modules: ModulesContainer) {}

  @ApiRoute({
    tag: 'meta',
    summary: 'This document',
    success: {
      status: 200,
      description: 'OpenAPI 3.1',
      schema: z.looseObject({ openapi: z.literal('3.1.0'), info: z.looseObject({}), paths: z.record(z.string(), z.unknown()) }),
    },
  })
  @Get('openapi.json')
  openapi() {
    // Built on first request, when every module's controllers are loaded.
    this.document ??= buildOpenApiDocument('1', loadedControllers(this.modules));
    return this.document;
  }
}
