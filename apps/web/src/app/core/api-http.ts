import { Injectable, Injector, inject } from '@angular/core';
import { Router } from '@angular/router';
import { Observable } from 'rxjs';
import { buildRequest, type HttpFailure, readResponse, type RequestOptions } from './http-request';
import { Session } from './session';

/**
 * The app's HTTP client on the browser's `fetch`: every API call carries the same-origin session
 * cookie and the CSRF header, and a 401 (other than signing in or out) sends the user to sign in
 * again. Calls are cold observables, as Angular's HttpClient gives them: nothing is sent before
 * a subscription, and unsubscribing aborts the request.
 */
@Injectable({ providedIn: 'root' })
export class ApiHttp {
  private readonly injector = inject(Injector);

  get(url: string, options: RequestOptions & { responseType: 'blob' }): Observable<Blob>;
  get<T = unknown>(url: string, options?: RequestOptions): Observable<T>;
  get<T = unknown>(url: string, options?: RequestOptions): Observable<T> {
    return this.request<T>('GET', url, options);
  }

  post<T = unknown>(url: string, body: unknown, options?: RequestOptions): Observable<T> {
    return this.request<T>('POST', url, { ...options, body });
  }

  put<T = unknown>(url: string, body: unknown, options?: RequestOptions): Observable<T> {
    return this.request<T>('PUT', url, { ...options, body });
  }

  patch<T = unknown>(url: string, body: unknown, options?: RequestOptions): Observable<T> {
    return this.request<T>('PATCH', url, { ...options, body });
  }

  delete<T = unknown>(url: string, options?: RequestOptions): Observable<T> {
    return this.request<T>('DELETE', url, options);
  }

  request<T = unknown>(method: string, url: string, options: RequestOptions = {}): Observable<T> {
    return new Observable<T>((subscriber) => {
      const abort = new AbortController();
      const { url: target, init } = buildRequest(method, url, options);
      fetch(target, { ...init, signal: abort.signal })
        .then(async (response) => {
          const body = await readResponse(response, options.responseType);
          if (!response.ok) throw { status: response.status, statusText: response.statusText, error: body, message: `${method} ${url}: ${response.status}`, url } satisfies HttpFailure;
          subscriber.next(body as T);
          subscriber.complete();
        })
        .catch((error: unknown) => {
          if (abort.signal.aborted) return;
          const failure: HttpFailure = isFailure(error) ? error : { status: 0, statusText: '', error, message: `${method} ${url}: no answer`, url };
          this.signOutOn401(failure, url);
          subscriber.error(failure);
        });
      return () => abort.abort();
    });
  }

  private signOutOn401(failure: HttpFailure, url: string): void {
    if (failure.status !== 401 || !url.startsWith('/api/') || url.endsWith('/auth/login') || url.endsWith('/auth/logout')) return;
    this.injector.get(Session).forget();
    void this.injector.get(Router).navigate(['/login']);
  }
}

function isFailure(error: unknown): error is HttpFailure {
  return typeof error === 'object' && error !== null && 'status' in error && 'url' in error && 'statusText' in error;
}
