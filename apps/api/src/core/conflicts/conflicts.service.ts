import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CollabError } from '@zerobase/collab';
import { canReadPackage, isCoordinator, liaisonDepartments, stageLockReason, type Membership, type PackageStage } from '@zerobase/domain';
import { DataSource } from 'typeorm';
import { Forbidden, NotFound, StateConflict, ValidationFailed } from '../../base/errors';
import type { Principal } from '../auth';
import { DocumentRegistry, WRITE_ALL } from '../collab';
import { CyclesService } from '../cycles';
import { DepartmentsService } from '../departments';
import { accessFacts, PackagesService, type PackageParts, type StageGate } from '../packages';
import { ConflictDetector } from './conflict-detector';
import { planResolution, ResolutionInputError, ResolutionStateError, type ResolutionOutcome } from './conflict-resolution';
import { ConflictStore } from './conflict-store';
import { ACTIONS_BY_KIND, GATE_EXEMPT_KINDS, type ConflictKind, type ConflictStatus, type ConflictView, type Resolution } from './conflict-types';
import { ConflictNotifier, toView } from './conflict-views';
import type { ResolveConflictDto } from './conflicts.dto';

/** Members who work in the cycle see its conflicts; observers only read what is published. */
function mayList(memberships: readonly Membership[], cycleId: string): boolean {
  return memberships.some((m) => m.cycleId === cycleId && m.role !== 'observer');
}

/**
 * Lists conflict records, resolves them through the document (origin 'resolution'), and holds
 * packages with open conflicts at the review gate.
 */
@Injectable()
export class ConflictsService implements StageGate, OnModuleInit {
  constructor(
    private readonly store: ConflictStore,
    private readonly detector: ConflictDetector,
    private readonly registry: DocumentRegistry,
    private readonly packages: PackagesService,
    private readonly cycles: CyclesService,
    private readonly departments: DepartmentsService,
    private readonly notifier: ConflictNotifier,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.packages.useStageGate(this);
  }

  async forPackage(user: Principal, packageId: string, status: ConflictStatus | 'all' = 'open', kind?: ConflictKind): Promise<ConflictView[]> {
    const parts = await this.packages.parts(packageId);
    if (!canReadPackage(user.memberships, accessFacts(parts)) || !mayList(user.memberships, parts.pkg.cycleId)) throw new Forbidden('You may not see this package’s conflicts');
    const directory = await this.departments.directory();
    return (await this.store.list({ packageId, status, kind })).map((row) => toView(row, directory));
  }

  async forCycle(user: Principal, cycleId: string, status: ConflictStatus | 'all' = 'open', kind?: ConflictKind): Promise<ConflictView[]> {
    await this.cycles.readable(user, cycleId);
    if (!mayList(user.memberships, cycleId)) throw new Forbidden('You may not see this cycle’s conflicts');
    const directory = await this.departments.directory();
    return (await this.store.list({ cycleId, status, kind })).map((row) => toView(row, directory));
  }

  async get(user: Principal, id: string): Promise<ConflictView> {
    const row = await this.store.get(id);
    if (!row) throw new NotFound('conflict', id);
    const parts = await this.packages.parts(row.packageId);
    if (!canReadPackage(user.memberships, accessFacts(parts)) || !mayList(user.memberships, row.cycleId)) throw new Forbidden('You may not see this conflict');
    return toView(row, await this.departments.directory());
  }

  async resolve(user: Principal, id: string, dto: ResolveConflictDto): Promise<ConflictView> {
    const row = await this.store.get(id);
    if (!row) throw new NotFound('conflict', id);
    const coordinator = isCoordinator(user.memberships, row.cycleId);
    const mine = liaisonDepartments(user.memberships, row.cycleId);
    const myInvolved = row.departmentIds.filter((d) => mine.has(d));
    if (!coordinator && myInvolved.length === 0) throw new Forbidden('Only liaisons of the departments involved or a coordinator may resolve this conflict');
    if (row.status !== 'open') throw new StateConflict(`This conflict is already ${row.status}`, { status: row.status, resolution: row.resolution });
    const allowed = ACTIONS_BY_KIND[row.kind];
    if (!allowed.includes(dto.action)) throw new ValidationFailed([{ field: 'action', reason: `${dto.action} does not settle a ${row.kind} conflict; use ${allowed.join(', ')}` }]);
    const parts = await this.packages.parts(row.packageId);
    const directory = await this.departments.directory();
    const owners = parts.owners.map((o) => directory.codeOf(o.departmentId));

    const settled = await this.dataSource.transaction(async (em) => {
      // one resolution at a time per record, across instances; planned on the locked record
      const locked = await this.store.lock(em, id);
      if (!locked || locked.status !== 'open') throw new StateConflict(`This conflict is already ${locked?.status ?? 'gone'}`, { status: locked?.status, resolution: locked?.resolution });
      const plan = this.guard(() => planResolution(locked, dto.action, dto.value, owners));
      // a resolution that edits the document is a content change: the stage locks apply (libs/domain stage-locks)
      const stageLock = plan.edit ? stageLockReason(user.memberships, row.cycleId, (await this.packages.parts(row.packageId, em)).pkg.stage) : null;
      if (stageLock) throw new Forbidden(`You may not apply this resolution: ${stageLock}`);
      let outcome: ResolutionOutcome = {};
      if (plan.edit) {
        const edit = plan.edit;
        const author = { userId: user.userId, departmentId: coordinator ? null : (myInvolved[0] ?? null), rights: WRITE_ALL, origin: 'resolution' };
        const result = await this.guard(() => this.registry.change(row.packageId, author, (doc) => (outcome = edit(doc))));
        if (result.status === 'refused' || result.status === 'malformed') throw new StateConflict(`The resolution could not be applied: ${result.reason}`);
      }
      const resolution: Resolution = {
        action: dto.action,
        ...(plan.edit ? { value: outcome.value ?? plan.value } : plan.value !== undefined ? { value: plan.value } : {}),
        by: { userId: user.userId, name: user.displayName, department: coordinator ? null : directory.codeOf(myInvolved[0]!), role: coordinator ? 'coordinator' : 'liaison' },
        at: new Date().toISOString(),
        comment: dto.comment ?? null,
        ...(outcome.savingFen !== undefined ? { savingFen: outcome.savingFen } : {}),
      };
      return this.store.settle(em, id, plan.status, resolution);
    });
    this.notifier.push('resolved', settled, directory);
    // the change is projected shortly; invariants are re-checked from there
    return toView(settled, directory);
  }

  /** The review gate: re-check the package's invariants, then refuse while conflicts are open. */
  async check(parts: PackageParts, _from: PackageStage, to: PackageStage): Promise<void> {
    if (to !== 'review') return;
    await this.detector.scheduleCheck(parts.pkg.id, true);
    const open = (await this.store.list({ packageId: parts.pkg.id, status: 'open' })).filter((r) => !GATE_EXEMPT_KINDS.includes(r.kind));
    if (open.length === 0) return;
    const directory = await this.departments.directory();
    throw new StateConflict(`${parts.pkg.code} has ${open.length} open conflict${open.length === 1 ? '' : 's'}; resolve or dismiss ${open.length === 1 ? 'it' : 'them'} before moving it to review`, {
      conflicts: open.map((r) => toView(r, directory)),
    });
  }

  /** Maps resolution errors to HTTP errors (400 naming the field, 409 for the document's state). */
  private guard<T>(work: () => T): T {
    const map = (error: unknown): never => {
      if (error instanceof ResolutionInputError) throw new ValidationFailed([{ field: error.field, reason: error.reason }]);
      if (error instanceof ResolutionStateError) throw new StateConflict(error.message);
      if (error instanceof CollabError) throw new StateConflict(`The resolution could not be applied: ${error.message}`);
      throw error;
    };
    try {
      const result = work();
      return (result instanceof Promise ? result.catch(map) : result) as T;
    } catch (error) {
      return map(error);
    }
  }
}
