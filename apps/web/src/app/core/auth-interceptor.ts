import type { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { Session } from './session';

/** Adds the bearer token to API calls and sends the user to sign in again on a 401. */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const session = inject(Session);
  const router = inject(Router);
  const token = session.token();
  const authorized = token && request.url.startsWith('/api/') ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
  return next(authorized).pipe(
    catchError((error: { status?: number }) => {
      if (error.status === 401 && !request.url.endsWith('/auth/login')) {
        session.logout();
        void router.navigate(['/login']);
      }
      return throwError(() => error);
    }),
  );
};
