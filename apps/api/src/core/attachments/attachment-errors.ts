import { AppError, ValidationFailed } from '../../base/errors';

/** A refused upload as the API answers it: 400, 413 or 415, naming the field and the reason. */
export function attachmentError(status: 400 | 413 | 415, field: string, reason: string, maxBytes?: number): AppError {
  const fields = [{ field, reason }];
  const message = `${field}: ${reason}`;
  if (status === 413) return new AppError('payloadTooLarge', message, fields, maxBytes ? { maxBytes } : undefined);
  if (status === 415) return new AppError('unsupportedMediaType', message, fields);
  return new ValidationFailed(fields);
}
