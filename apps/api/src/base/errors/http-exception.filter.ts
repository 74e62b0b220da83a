import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppError, ERROR_TABLE, type ErrorType } from './app-errors';

interface ErrorBody {
  statusCode: number;
  error: ErrorType | string;
  message: string;
  fields?: { field: string; reason: string }[];
  details?: Record<string, unknown>;
}

const BODY_PARSER_TYPES: Record<string, ErrorType> = {
  'entity.too.large': 'payloadTooLarge',
  'entity.parse.failed': 'badRequest',
};

/** Turns every thrown error into one JSON shape; only the unexpected ones are logged as 500. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.error === 'tooManyRequests' && body.details?.['retryAfterSeconds']) {
      response.setHeader('Retry-After', String(body.details['retryAfterSeconds']));
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof AppError) {
      return { statusCode: exception.status, error: exception.type, message: exception.message, fields: exception.fields, details: exception.details };
    }
    const parserType = (exception as { type?: string })?.type;
    if (parserType && BODY_PARSER_TYPES[parserType]) {
      const type = BODY_PARSER_TYPES[parserType];
      const message = type === 'badRequest' ? 'The body is not valid JSON' : ERROR_TABLE[type].message;
      return { statusCode: ERROR_TABLE[type].status, error: type, message };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const type = (Object.keys(ERROR_TABLE) as ErrorType[]).find((k) => ERROR_TABLE[k].status === status) ?? 'badRequest';
      return { statusCode: status, error: status === 404 ? 'notFound' : type, message: exception.message };
    }
    if (exception instanceof QueryFailedError && (exception as { code?: string }).code === '22P02') {
      return { statusCode: 400, error: 'badRequest', message: 'A value has the wrong format' };
    }
    if (exception instanceof QueryFailedError && (exception as { code?: string }).code === '57014') {
      // statement timeout (STATEMENT_TIMEOUT_MS): a locked table or a runaway query, not a bug
      return { statusCode: ERROR_TABLE.busy.status, error: 'busy', message: ERROR_TABLE.busy.message };
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    return { statusCode: 500, error: 'internal', message: 'Internal error' };
  }
}
