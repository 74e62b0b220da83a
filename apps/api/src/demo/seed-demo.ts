import { hashPassword } from '../core/auth';
import type { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_PRICE_BAND, evenSplit, unitKey, wanYuanToFen, yuanToFen } from '@zerobase/domain';
import {
  BudgetCycleEntity,
  CostLineEntity,
  DecisionPackageEntity,
  DepartmentEntity,
  DepartmentEnvelopeEntity,
  EvaluationCriterionEntity,
  MembershipEntity,
  PackageDepartmentEntity,
  ReviewerScoreEntity,
  UserEntity,
} from '../models';
import { DEMO_ALLOCATION_RULES, DEMO_CATALOGUE_EDITION, DEMO_CRITERIA, DEMO_PRICE_CATALOGUE, DEMO_CYCLE, DEMO_DEPARTMENTS, DEMO_EVALUATED_PACKAGES, DEMO_PACKAGES, DEMO_PASSWORD, DEMO_UNIT_ORDERS, DEMO_USERS } from './demo-data';

const SEED_LOCK = 727_001;

/** Reviewer i scores target + offset[i] on every criterion, so the weighted mean is the target. */
const REVIEWER_OFFSETS = [1, 0, -1];

/**
 * Seeds the demo cycle into an empty database, once: guarded by an advisory lock so that
 * instances starting together do not seed twice. Returns false when data already exists.
 */
export async function seedDemo(dataSource: DataSource, log: (msg: string) => void = () => undefined): Promise<boolean> {
  return dataSource.transaction(async (em) => {
    await em.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    if ((await em.count(BudgetCycleEntity)) > 0) return false;
    await seedInto(em);
    log(`seeded the demo cycle "${DEMO_CYCLE.name}" with ${DEMO_PACKAGES.length} packages`);
    return true;
  });
}

async function seedInto(em: EntityManager): Promise<void> {
  const departmentIds = new Map<string, string>();
  for (const d of DEMO_DEPARTMENTS) {
    const existing = await em.findOne(DepartmentEntity, { where: { code: d.code } });
    const saved = existing ?? (await em.save(em.create(DepartmentEntity, { code: d.code, nameZh: d.nameZh, nameEn: d.nameEn, parentId: d.parent ? departmentIds.get(d.parent) ?? null : null })));
    departmentIds.set(d.code, saved.id);
  }
  const dept = (code: string) => {
    const id = departmentIds.get(code);
    if (!id) throw new Error(`demo data names unknown department ${code}`);
    return id;
  };

  const cycle = await em.save(
    em.create(BudgetCycleEntity, {
      name: DEMO_CYCLE.name,
      nameEn: DEMO_CYCLE.nameEn,
      fiscalYear: DEMO_CYCLE.fiscalYear,
      totalQuotaFen: wanYuanToFen(DEMO_CYCLE.totalQuotaWan),
      reserveBasisPoints: DEMO_CYCLE.reserveBasisPoints,
      tierHigh: 85,
      tierMedium: 60,
      stage: DEMO_CYCLE.stage,
    }),
  );
  for (const d of DEMO_DEPARTMENTS) {
    if (d.envelopeWan) await em.insert(DepartmentEnvelopeEntity, { cycleId: cycle.id, departmentId: dept(d.code), amountFen: wanYuanToFen(d.envelopeWan) });
  }
  await em.insert(EvaluationCriterionEntity, DEMO_CRITERIA.map((c, position) => ({ ...c, cycleId: cycle.id, position })));

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const reviewers: string[] = [];
  const evaluators: string[] = [];
  for (const u of DEMO_USERS) {
    const existing = await em.findOne(UserEntity, { where: { email: u.email } });
    const user = existing ?? (await em.save(em.create(UserEntity, { email: u.email, displayName: u.displayName, passwordHash, departmentId: u.department ? dept(u.department) : null })));
    await em.insert(MembershipEntity, { userId: user.id, cycleId: cycle.id, role: u.role, departmentId: u.liaisonOf ? dept(u.liaisonOf) : null });
    if (u.role === 'reviewer') reviewers.push(user.id);
    if (u.role === 'evaluator') evaluators.push(user.id);
  }

  let submitted = Date.parse('2026-10-08T09:00:00Z');
  const packageIds = new Map<string, string>();
  for (const p of DEMO_PACKAGES) {
    const owners = p.departments.map(dept);
    const split = p.split ? owners.map((departmentId, i) => ({ departmentId, basisPoints: p.split![i] })) : evenSplit(owners);
    const pkg = await em.save(
      em.create(DecisionPackageEntity, {
        cycleId: cycle.id,
        code: p.code,
        title: p.title,
        purpose: p.purpose,
        leadDepartmentId: dept(p.lead),
        stage: 'scoring',
        published: p.published ?? false,
        contingencyBasisPoints: p.contingencyBasisPoints,
        details: {
          objectives: p.objectives ?? [],
          activities: [{ id: `${p.code}-a1`, departmentId: dept(p.lead), name: '实施', start: '2027-01-01', end: '2027-12-31' }],
          levels: (p.levels ?? []).map((l) => ({ level: l.level, description: l.description, costFen: wanYuanToFen(l.wan), outcome: l.outcome })),
          kpis: (p.kpis ?? []).map((k, i) => ({ id: `${p.code}-k${i + 1}`, ...k })),
          risks: [],
          alternatives: [],
          consequencesOfNotFunding: p.consequences ?? '',
        },
        submittedAt: new Date((submitted += 3_600_000)),
      }),
    );
    packageIds.set(p.code, pkg.id);
    await em.insert(PackageDepartmentEntity, split.map((s) => ({ packageId: pkg.id, departmentId: s.departmentId, shareBasisPoints: s.basisPoints })));
    await em.insert(
      CostLineEntity,
      p.lines.map((l, position) => ({
        id: `${p.code}-l${position + 1}`,
        packageId: pkg.id,
        departmentId: dept(l.department),
        category: l.category,
        description: l.description,
        location: l.location ?? null,
        quantityMilli: (l.quantity ?? 1) * 1000,
        unit: l.unit ?? '项',
        unitCostFen: wanYuanToFen(l.wan / (l.quantity ?? 1)),
        year: l.year ?? DEMO_CYCLE.fiscalYear,
        position,
      })),
    );
    for (const [code, wan] of Object.entries(p.separateWan ?? {})) {
      await em.query(`INSERT INTO package_separate_request (package_id, department_id, amount_fen, note) VALUES ($1, $2, $3, '分别申请')`, [pkg.id, dept(code), wanYuanToFen(wan)]);
    }
    const scores = reviewers.flatMap((reviewerId, i) =>
      DEMO_CRITERIA.map((c) => ({ cycleId: cycle.id, packageId: pkg.id, reviewerId, criterionKey: c.key, score: p.targetScore + REVIEWER_OFFSETS[i % REVIEWER_OFFSETS.length], comment: '' })),
    );
    await em.insert(ReviewerScoreEntity, scores);
  }
  for (const userId of evaluators) {
    for (const code of DEMO_EVALUATED_PACKAGES) await em.query(`INSERT INTO performance_scorer (package_id, user_id, cycle_id) VALUES ($1, $2, $3)`, [packageIds.get(code), userId, cycle.id]);
  }
  for (const m of DEMO_ALLOCATION_RULES.mandated) await em.query(`INSERT INTO mandated_package (package_id, cycle_id, basis) VALUES ($1, $2, $3)`, [packageIds.get(m.code), cycle.id, m.basis]);
  for (const [position, g] of DEMO_ALLOCATION_RULES.alternativeGroups.entries()) {
    await em.query(`INSERT INTO alternative_group (cycle_id, name, package_ids, position) VALUES ($1, $2, $3, $4)`, [cycle.id, g.name, g.codes.map((c) => packageIds.get(c)), position]);
  }
  for (const e of DEMO_PRICE_CATALOGUE) {
    await em.query(
      `INSERT INTO price_catalogue_entry (category, unit, unit_key, item, price_fen, edition, low_basis_points, high_basis_points) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (category, unit_key) DO NOTHING`,
      [e.category, e.unit, unitKey(e.unit), e.item, yuanToFen(e.yuan), DEMO_CATALOGUE_EDITION, DEFAULT_PRICE_BAND.lowBasisPoints, DEFAULT_PRICE_BAND.highBasisPoints],
    );
  }
  for (const o of DEMO_UNIT_ORDERS) {
    await em.query(`INSERT INTO unit_order (cycle_id, department_id, package_ids) VALUES ($1, $2, $3)`, [cycle.id, dept(o.department), o.codes.map((c) => packageIds.get(c))]);
  }
}
