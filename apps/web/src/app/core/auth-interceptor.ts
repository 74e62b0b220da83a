import type { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { Session } from './session';

/** The header the server asks for on changes authenticated by the session cookie (CSRF). */
export const CSRF_HEADERS = { 'X-Requested-With': 'zerobase' } as const;

/**
 * API calls carry the same-origin session cookie plus the CSRF header; a 401 sends the user to
 * sign in again.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const session = inject(Session);
  const router = inject(Router);
  const api = request.url.startsWith('/api/');
  const sent = api ? request.clone({ setHeaders: CSRF_HEADERS, withCredentials: true }) : request;
  return next(sent).pipe(
    catchError((error: { status?: number }) => {
      if (error.status === 401 && api && !request.url.endsWith('/auth/login') && !request.url.endsWith('/auth/logout')) {
        session.forget();
        void router.navigate(['/login']);
      }
      return throwError(() => error);
    }),
  );
};
