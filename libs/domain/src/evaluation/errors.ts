export interface InputIssue {
  /** where the problem is, e.g. "packages[3].costFen" or "settings.criteria" */
  path: string;
  message: string;
  /** for a cycle (in an order or a hierarchy): the ids along it, the first repeated at the end */
  cycle?: readonly string[];
}

/** Bad ranking input. Carries field-level issues so an API can answer 400 with them. */
export class RankingInputError extends Error {
  constructor(readonly issues: readonly InputIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    this.name = 'RankingInputError';
  }
}

export function fail(path: string, message: string): never {
  throw new RankingInputError([{ path, message }]);
}
