import { Injectable, type PipeTransform } from '@nestjs/common';
import { ValidationFailed } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Route ids are uuids; anything else is a 400 naming the parameter, not a database error. */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  constructor(private readonly name = 'id') {}

  transform(value: string): string {
    if (!UUID.test(value)) throw new ValidationFailed([{ field: this.name, reason: 'must be a UUID' }]);
    return value.toLowerCase();
  }
}
