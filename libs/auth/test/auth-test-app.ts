/** A small REST + GraphQL surface for the guard spec: one route per auth decision, and a stand-in error filter. */
import { isBffError } from '@bff/core';
import { CurrentPrincipal, Public, Scopes, type Principal } from '@bff/auth';
import {
  Catch,
  Controller,
  Get,
  HttpException,
  type ArgumentsHost,
  type ExceptionFilter,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  Field,
  Int,
  ObjectType,
  Parent,
  Query,
  ResolveField,
  Resolver,
  type GqlContextType,
} from '@nestjs/graphql';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { GraphQLError } from 'graphql';

/** Test-only stand-in for core's global filter: `{ code }` with the error's status and headers. */
@Catch()
export class CodeFilter implements ExceptionFilter {
  catch(err: unknown, host: ArgumentsHost): unknown {
    const code = isBffError(err) ? err.code : err instanceof HttpException ? 'HTTP' : 'INTERNAL';
    if (host.getType<GqlContextType>() === 'graphql') return new GraphQLError(code, { extensions: { code } });
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status = isBffError(err) ? err.status : err instanceof HttpException ? err.getStatus() : 500;
    return reply
      .status(status)
      .headers(isBffError(err) ? err.headers : {})
      .send({ code });
  }
}

@Controller('orders')
export class OrdersController {
  @Get()
  list(@CurrentPrincipal() principal: Principal) {
    return { subject: principal.subject, kind: principal.kind };
  }
}

@Public()
@Controller('health')
export class HealthController {
  @Get()
  live(@CurrentPrincipal() principal?: Principal) {
    return { status: 'ok', principal: principal ?? null };
  }
}

@Scopes('admin')
@Controller('admin')
export class AdminController {
  @Get()
  all() {
    return { ok: true };
  }
  @Scopes('orders:read')
  @Get('orders')
  orders() {
    return { ok: true };
  }
}

@ObjectType()
export class Viewer {
  @Field() subject!: string;
  @Field(() => [String]) scopes!: string[];
}

@Resolver()
export class ViewerResolver {
  @Query(() => Viewer)
  viewer(@CurrentPrincipal() principal: Principal): Viewer {
    return { subject: principal.subject, scopes: [...principal.scopes] };
  }
  @Public()
  @Query(() => String)
  ping(): string {
    return 'pong';
  }
  @Scopes('admin')
  @Query(() => String)
  secret(): string {
    return 'classified';
  }
}

export async function start(module: Type): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), {
    logger: false,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** A field resolver that needs a scope the ordinary test token lacks (enforced by `GraphQLAdmission.transformSchema`). */
@Resolver(() => Viewer)
export class ViewerFieldsResolver {
  @Scopes('admin')
  @ResolveField(() => String, { nullable: true })
  note(): string {
    return 'for admins';
  }
  @ResolveField(() => Int)
  scopeCount(@Parent() viewer: Viewer): number {
    return viewer.scopes.length;
  }
}
