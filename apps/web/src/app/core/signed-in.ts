import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { Session } from './session';

export const signedIn: CanActivateFn = () => inject(Session).signedIn() || inject(Router).parseUrl('/login');
