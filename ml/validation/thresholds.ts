/**
 * Default limits of the automatic checks. WARN lets a pipeline go on and records the
 * finding; FAIL stops it. Chosen to flag what usually signals a data bug, not to
 * second-guess ordinary messy data.
 */
export const VALIDATION_THRESHOLDS = {
  /** Share of missing values in a used column. */
  nullFractionWarn: 0.1,
  nullFractionFail: 0.5,
  /** Share of rows that repeat an earlier row exactly. */
  duplicateFractionWarn: 0.05,
  duplicateFractionFail: 0.5,
  /** Share of the rarest class. */
  minorityShareWarn: 0.05,
  /** Fewer rows than this in a class cannot be split into train and test. */
  minRowsPerClass: 2,
  /**
   * How much better than the majority-class baseline one feature alone predicts the
   * target (0 = no better, 1 = perfectly); for regression, |Pearson r| or the R² of
   * group means. At or above this, the feature is treated as leaking the label.
   */
  leakageFail: 0.99,
  /**
   * A categorical feature with more distinct values than this share of rows is an
   * identifier: leakage flags it, and a training request refuses it as a feature.
   */
  identifierDistinctShare: 0.5,
  /** Share of test rows that also appear, identically, in the training split. */
  overlapWarn: 0.01,
  overlapFail: 0.5,
} as const;
