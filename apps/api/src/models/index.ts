import { AppSettingEntity } from './app-setting.entity';
import { BudgetCycleEntity } from './budget-cycle.entity';
import { CostLineEntity } from './cost-line.entity';
import { DecisionPackageEntity } from './decision-package.entity';
import { DepartmentEnvelopeEntity } from './department-envelope.entity';
import { DepartmentEntity } from './department.entity';
import { EvaluationCriterionEntity } from './evaluation-criterion.entity';
import { MembershipEntity } from './membership.entity';
import { PackageDepartmentEntity } from './package-department.entity';
import { ReviewerScoreEntity } from './reviewer-score.entity';
import { UserEntity } from './user.entity';

export {
  AppSettingEntity,
  BudgetCycleEntity,
  CostLineEntity,
  DecisionPackageEntity,
  DepartmentEnvelopeEntity,
  DepartmentEntity,
  EvaluationCriterionEntity,
  MembershipEntity,
  PackageDepartmentEntity,
  ReviewerScoreEntity,
  UserEntity,
};
export type { PackageDetails } from './decision-package.entity';

export const ENTITIES = [
  AppSettingEntity,
  BudgetCycleEntity,
  CostLineEntity,
  DecisionPackageEntity,
  DepartmentEnvelopeEntity,
  DepartmentEntity,
  EvaluationCriterionEntity,
  MembershipEntity,
  PackageDepartmentEntity,
  ReviewerScoreEntity,
  UserEntity,
];
