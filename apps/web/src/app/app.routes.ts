import type { Routes } from '@angular/router';
import { signedIn } from './core/signed-in';

export const routes: Routes = [
  { path: 'login', loadComponent: () => import('./login/login').then((m) => m.Login) },
  { path: '', canActivate: [signedIn], loadComponent: () => import('./cycles/cycle-list').then((m) => m.CycleList) },
  { path: 'cycles/:cycleId', canActivate: [signedIn], loadComponent: () => import('./packages/package-list').then((m) => m.PackageList) },
  { path: 'cycles/:cycleId/ranking', canActivate: [signedIn], loadComponent: () => import('./ranking/ranking-board').then((m) => m.RankingBoard) },
  { path: 'cycles/:cycleId/conflicts', canActivate: [signedIn], loadComponent: () => import('./conflicts/conflict-list').then((m) => m.ConflictList) },
  { path: 'packages/:packageId', canActivate: [signedIn], loadComponent: () => import('./packages/package-detail').then((m) => m.PackageDetail) },
  { path: 'cycles/:cycleId/meetings', canActivate: [signedIn], loadComponent: () => import('./meetings/meeting-list').then((m) => m.MeetingList) },
  { path: 'cycles/:cycleId/follow-ups', canActivate: [signedIn], loadComponent: () => import('./meetings/follow-up-list').then((m) => m.FollowUpList) },
  { path: 'meetings/:meetingId', canActivate: [signedIn], loadComponent: () => import('./meetings/meeting-room').then((m) => m.MeetingRoom) },
  { path: 'notifications', canActivate: [signedIn], loadComponent: () => import('./notifications/notification-inbox').then((m) => m.NotificationInbox) },
  { path: 'cycles/:cycleId/metrics', canActivate: [signedIn], loadComponent: () => import('./metrics/metrics-dashboard').then((m) => m.MetricsDashboard) },
  { path: 'public', loadComponent: () => import('./disclosure/public-cycles').then((m) => m.PublicCycles) },
  { path: 'public/cycles/:cycleId', loadComponent: () => import('./disclosure/public-cycle').then((m) => m.PublicCycleView) },
  { path: 'cycles/:cycleId/queue', canActivate: [signedIn], loadComponent: () => import('./workspace/review-queue').then((m) => m.ReviewQueue) },
  { path: 'cycles/:cycleId/queue/:packageId', canActivate: [signedIn], loadComponent: () => import('./workspace/score-form').then((m) => m.ScoreForm) },
  { path: 'cycles/:cycleId/packages/new', canActivate: [signedIn], loadComponent: () => import('./workspace/package-create').then((m) => m.PackageCreate) },
  { path: 'cycles/:cycleId/setup', canActivate: [signedIn], loadComponent: () => import('./workspace/cycle-setup').then((m) => m.CycleSetup) },
  { path: 'cycles/:cycleId/execution', canActivate: [signedIn], loadComponent: () => import('./execution/execution-page').then((m) => m.ExecutionPage) },
  { path: 'cycles/:cycleId/evaluation', canActivate: [signedIn], loadComponent: () => import('./evaluation/evaluation-page').then((m) => m.EvaluationPage) },
  { path: 'cycles/:cycleId/price-checks', canActivate: [signedIn], loadComponent: () => import('./price-checks/cycle-price-checks').then((m) => m.CyclePriceChecks) },
  { path: 'price-catalogue', canActivate: [signedIn], loadComponent: () => import('./price-checks/price-catalogue-page').then((m) => m.PriceCataloguePage) },
  { path: '**', loadComponent: () => import('./workspace/not-found').then((m) => m.NotFound) },
];
