/**
 * What an error-rate drift detector reports after each prediction: NONE (in control),
 * WARNING (the error rate may be changing: start keeping examples for a new model) or
 * DRIFT (it has changed: the detector resets, and the model should be replaced).
 */
export type DriftLevel = 'NONE' | 'WARNING' | 'DRIFT';

export interface DriftLevels {
  /** The level after each step of the error stream. */
  levels: DriftLevel[];
  /** Steps (0-based) where a warning began: WARNING after a step that was not. */
  warnings: number[];
  /** Steps (0-based) where drift was signalled. */
  drifts: number[];
}

/** The levels of a run with the steps where warnings began and drifts were signalled. */
export function driftLevels(levels: DriftLevel[]): DriftLevels {
  const warnings: number[] = [];
  const drifts: number[] = [];
  levels.forEach((level, step) => {
    if (level === 'WARNING' && levels[step - 1] !== 'WARNING') warnings.push(step);
    if (level === 'DRIFT') drifts.push(step);
  });
  return { levels, warnings, drifts };
}
