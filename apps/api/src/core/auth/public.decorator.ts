import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'zerobase:public';
/** Marks a route that needs no bearer token (health, login). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
