import type { Routes } from '@angular/router';
import { signedIn } from './core/signed-in';

export const routes: Routes = [
  { path: 'login', loadComponent: () => import('./login/login').then((m) => m.Login) },
  { path: '', canActivate: [signedIn], loadComponent: () => import('./cycles/cycle-list').then((m) => m.CycleList) },
  { path: 'cycles/:cycleId', canActivate: [signedIn], loadComponent: () => import('./packages/package-list').then((m) => m.PackageList) },
  { path: 'cycles/:cycleId/ranking', canActivate: [signedIn], loadComponent: () => import('./ranking/ranking-board').then((m) => m.RankingBoard) },
  { path: 'cycles/:cycleId/conflicts', canActivate: [signedIn], loadComponent: () => import('./conflicts/conflict-list').then((m) => m.ConflictList) },
  { path: 'packages/:packageId', canActivate: [signedIn], loadComponent: () => import('./packages/package-detail').then((m) => m.PackageDetail) },
  { path: '**', redirectTo: '' },
];
